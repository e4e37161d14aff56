-- q11 user sessions: bids per bidder per session (10-second gap).
SELECT bidder, count(*) AS bid_count,
       session_window.start AS starttime, session_window.end AS endtime
FROM bid
GROUP BY bidder, session_window(dateTime, INTERVAL '10' SECOND);
