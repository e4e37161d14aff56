-- sluice case, Spark's rule (SPARK-19690): an aggregation over a TABLE is a
-- batch aggregation, also without EMIT (the default mode is APPEND, as for
-- a query without a streaming aggregation), and feeding a streaming
-- aggregation in COMPLETE mode its rows join once, not once per batch.
SET flush_on_end = false;
CREATE TABLE batchInput (value BIGINT)
  WITH (connector = 'directory', path = 'batchInput');
CREATE STREAM streamInput (value BIGINT)
  WITH (connector = 'directory', path = 'streamInput', max_files_per_batch = 1, available_now = true);
SELECT s.value, b.parity, b.joinValue
FROM streamInput s
JOIN (SELECT value % 2 AS parity, count(*) AS joinValue FROM batchInput GROUP BY value % 2) b
  ON s.value = b.parity;
SELECT b.parity, count(*) AS n, sum(b.joinValue) AS total
FROM streamInput s
JOIN (SELECT value % 2 AS parity, count(*) AS joinValue FROM batchInput GROUP BY value % 2) b
  ON s.value = b.parity
GROUP BY b.parity
EMIT COMPLETE;
SELECT s.value, b.n
FROM streamInput s
JOIN (SELECT count(*) AS n FROM batchInput) b ON s.value < b.n;
