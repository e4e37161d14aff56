-- A sliding window puts every row in ceil(size / slide) windows, each a
-- group the row updates: more than 1000 is refused at analysis (a 1-day
-- window sliding by 1 second would make 86400 groups of every row).
CREATE STREAM clicks (user_id TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE)
  WITH (connector = 'file', path = 'data/clicks.csv', header = true);
SELECT window.start, count(*) FROM clicks GROUP BY window(ts, '1 day', '1 second');
SELECT window_start, count(*) FROM HOP(clicks, ts, INTERVAL '1' SECOND, INTERVAL '1' HOUR) GROUP BY window_start;
SELECT window.start, count(*) FROM clicks GROUP BY window(ts, '1 hour', '3 seconds');
-- 1000 windows per row is still allowed.
EXPLAIN PHYSICAL SELECT window.start, count(*) FROM clicks GROUP BY window(ts, '1000 seconds', '1 second');
