-- q12 processing-time windows: bids per bidder per 10 seconds of wall
-- clock (Flink's PROCTIME() column; here current_timestamp, the start of
-- the micro-batch).
SELECT bidder, count(*) AS bid_count, window.start AS window_start, window.end AS window_end
FROM bid
GROUP BY bidder, window(current_timestamp, INTERVAL '10' SECOND);
