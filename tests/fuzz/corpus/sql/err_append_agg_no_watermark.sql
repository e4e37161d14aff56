-- APPEND on an aggregation without a watermark is refused before the
-- query starts (Spark's rule: the counts could still change); the message
-- says what to change (EMIT UPDATE/COMPLETE, or a watermark and a window).
-- This is the aggregation the seed example left commented out for that
-- reason.
CREATE STREAM logs (
  ip TEXT, timestamp TEXT, method TEXT, endpoint TEXT, status_code TEXT, latency INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT method, endpoint, max(latency) AS max_latency
FROM logs
GROUP BY method, endpoint
EMIT APPEND;
