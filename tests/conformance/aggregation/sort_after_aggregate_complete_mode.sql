-- Spark StreamingAggregationSuite: "sort after aggregate in complete mode"
-- (ties broken by value DESC, as Spark's expected order shows)
SET flush_on_end = false;
CREATE STREAM input (value BIGINT)
  WITH (connector = 'directory', path = 'input', max_files_per_batch = 1, available_now = true);
SELECT value, count(*) AS count FROM input GROUP BY value EMIT COMPLETE ORDER BY count DESC, value DESC;
