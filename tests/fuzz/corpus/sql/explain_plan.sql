-- EXPLAIN shows the logical plan, each optimizer rule that fired, the
-- physical operators and the output mode with its reason.
CREATE STREAM logs (
  ip TEXT, timestamp TEXT, method TEXT, endpoint TEXT, status_code INT, latency INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

EXPLAIN
SELECT method, count(*) AS n
FROM (SELECT method, status_code FROM logs WHERE 1 = 1)
WHERE status_code >= 400 + 0
GROUP BY method;

EXPLAIN PHYSICAL SELECT upper(ip) AS ip FROM logs WHERE latency > 50;
