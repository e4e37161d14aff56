-- Spark StreamingAggregationSuite: "state metrics (Update mode; flatMap x -> x, x + 1 written with explode)"
SET flush_on_end = false;
CREATE STREAM input (value BIGINT)
  WITH (connector = 'directory', path = 'input', max_files_per_batch = 1, available_now = true);
SELECT value, count(*) AS count
FROM (SELECT CAST(v AS BIGINT) AS value
      FROM (SELECT explode(split(CAST(value AS TEXT) || ',' || CAST(value + 1 AS TEXT), ',')) AS v FROM input))
GROUP BY value EMIT UPDATE;
