-- Spark StreamingAggregationSuite: "SPARK-19690: do not convert batch aggregation in streaming query to streaming"
SET flush_on_end = false;
CREATE TABLE batchInput (value BIGINT)
  WITH (connector = 'directory', path = 'batchInput');
CREATE STREAM streamInput (value BIGINT)
  WITH (connector = 'directory', path = 'streamInput', max_files_per_batch = 1, available_now = true);
SELECT s.value, b.parity, b.joinValue
FROM streamInput s
JOIN (SELECT value % 2 AS parity, count(*) AS joinValue FROM batchInput GROUP BY value % 2) b
  ON s.value = b.parity
EMIT APPEND;
