-- Spark StreamingAggregationSuite: "multiple keys"
SET flush_on_end = false;
CREATE STREAM input (value BIGINT)
  WITH (connector = 'directory', path = 'input', max_files_per_batch = 1, available_now = true);
SELECT value, value + 1 AS next, count(*) AS count FROM input GROUP BY value, value + 1 EMIT UPDATE;
