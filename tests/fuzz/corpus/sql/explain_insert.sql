-- EXPLAIN of an INSERT INTO shows the sink it writes to, and the state
-- bound of a windowed aggregation by the stream's watermark.
CREATE STREAM events (time TIMESTAMP, count INT, WATERMARK FOR time AS time - INTERVAL '10' MINUTE)
  WITH (connector = 'file', path = '../../../examples/data/watermark_sample.txt', format = 'csv');
CREATE SINK totals WITH (connector = 'stdout', format = 'json');

EXPLAIN PHYSICAL INSERT INTO totals
SELECT window.start AS start, sum(count) AS total FROM events GROUP BY window(time, '5 minutes');
