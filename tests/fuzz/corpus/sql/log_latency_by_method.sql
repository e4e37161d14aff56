-- The aggregation the seed left commented out (max/min/mean latency per
-- method and endpoint), restricted to one group. max_batch_rows = 1000 puts
-- all 900 lines in batch 0, so UPDATE prints the group exactly once.
CREATE STREAM logs (
  ip TEXT, timestamp TEXT, method TEXT, endpoint TEXT, status_code TEXT, latency INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv', max_batch_rows = 1000);

SELECT method, endpoint, count(*) AS n, max(latency) AS max_latency,
       min(latency) AS min_latency, avg(latency) AS mean_latency
FROM logs
WHERE endpoint = '/users' AND method = 'GET'
GROUP BY method, endpoint
EMIT UPDATE;
