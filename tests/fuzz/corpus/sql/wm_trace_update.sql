-- Seed example 7: the watermark trace, one line per batch, UPDATE mode.
-- Late rows (08:45, 08:54, 09:04) are dropped; batches 1 and 7 run without
-- data after the watermark moved (as in Spark) and evict what it closed.
CREATE STREAM events (time TIMESTAMP, count TEXT,
                      WATERMARK FOR time AS time - INTERVAL '10' MINUTE)
  WITH (connector = 'file', path = '../../../examples/data/watermark_sample.txt', format = 'csv', max_batch_rows = 1);

SELECT window.start AS start, window.end AS end, sum(count) AS total_count
FROM events
GROUP BY window(time, '5 minutes')
EMIT UPDATE;
