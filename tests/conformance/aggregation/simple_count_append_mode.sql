-- Spark StreamingAggregationSuite: "simple count, append mode"
SET flush_on_end = false;
CREATE STREAM input (value BIGINT)
  WITH (connector = 'directory', path = 'input', max_files_per_batch = 1, available_now = true);
SELECT value, count(*) AS count FROM input GROUP BY value EMIT APPEND;
