-- Seed example 7 with every line in one batch: no watermark yet, so no
-- row is late and every window counts.
CREATE STREAM events (time TIMESTAMP, count TEXT,
                      WATERMARK FOR time AS time - INTERVAL '10' MINUTE)
  WITH (connector = 'file', path = '../../../examples/data/watermark_sample.txt', format = 'csv');

SELECT window.start AS start, window.end AS end, sum(count) AS total_count
FROM events
GROUP BY window(time, '5 minutes')
EMIT UPDATE;
