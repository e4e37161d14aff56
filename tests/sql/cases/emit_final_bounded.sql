-- EMIT FINAL on an aggregation without a watermark: legal when every input
-- is bounded (SPEC §8), one result when the inputs end instead of a running
-- count per micro-batch (max_batch_rows = 2 makes five batches of the ten
-- rows; the default EMIT UPDATE prints a result for each).
CREATE STREAM s (k TEXT, n BIGINT)
  WITH (connector = 'file', path = 'data/final_kn.csv', format = 'csv', max_batch_rows = 2);
SELECT count(*) AS c FROM s;
SELECT k, count(*) AS c, sum(n) AS total FROM s GROUP BY k EMIT FINAL;
-- An unbounded input never ends: refused, pointing at EMIT FINAL.
CREATE STREAM r (ts TIMESTAMP, value BIGINT) WITH (connector = 'rate', rows_per_second = 10);
SELECT count(*) FROM r EMIT FINAL;
-- EMIT APPEND still says no, and points to EMIT FINAL.
SELECT count(*) FROM s EMIT APPEND;
