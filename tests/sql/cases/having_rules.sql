-- HAVING makes an aggregate query (PostgreSQL, Spark): it may only use
-- grouping keys and aggregates. A HAVING over plain rows used to be dropped
-- without a word, printing every row.
CREATE STREAM logs (ip TEXT, ts TIMESTAMP, method TEXT, endpoint TEXT, status TEXT, latency INT)
  WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT method FROM logs HAVING latency > 1000;
SELECT count(*) FROM logs HAVING latency > 1;
SELECT method, count(*) FROM logs GROUP BY method HAVING upper(endpoint) = 'X';

-- Without GROUP BY, HAVING filters the one group of the whole input.
SELECT count(*) AS n FROM logs HAVING count(*) > 100 EMIT COMPLETE;
SELECT count(*) AS n FROM logs HAVING max(latency) > 1000 EMIT COMPLETE;
