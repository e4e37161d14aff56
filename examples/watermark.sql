-- Watermarks (seed example 7, watermarks_ex.py).
--
-- Spark read "time,count" lines from a socket, declared a 10-minute
-- watermark on time, summed count per 5-minute window and printed the
-- changed windows of every batch (update mode). The lecture types one line
-- per batch; max_batch_rows = 1 replays exactly that from the file. Rows
-- whose window ended at or before the watermark are dropped as late (here
-- 08:45, 08:54 and 09:04); when the watermark moves, an extra batch without
-- data evicts the windows it closed, as Spark does.
--
-- Run from the repository root:
--   build/repl/sluice -f examples/watermark.sql
-- count is text in the seed, so its sum is a DOUBLE (1.0, 2.0) as in Spark.

CREATE STREAM events (
  time TIMESTAMP,
  count TEXT,
  WATERMARK FOR time AS time - INTERVAL '10' MINUTE
) WITH (connector = 'file', path = 'examples/data/watermark_sample.txt', format = 'csv',
        max_batch_rows = 1);

SELECT window.start AS start, window.end AS end, sum(count) AS total_count
FROM events
GROUP BY window(time, '5 minutes')
EMIT UPDATE;
