-- COMPLETE without an aggregation is refused (it would keep every input
-- row); the message says to use APPEND or UPDATE, or to aggregate.
CREATE STREAM logs (
  ip TEXT, timestamp TEXT, method TEXT, endpoint TEXT, status_code TEXT, latency INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT * FROM logs WHERE status_code = '400' EMIT COMPLETE;
