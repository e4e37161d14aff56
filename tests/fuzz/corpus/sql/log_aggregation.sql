-- Seed example 1 (log aggregation): the 900 seed log lines, typed by the CSV
-- format, filtered to status 400 on /users. Expected: the 7 rows Spark prints.
CREATE STREAM logs (
  ip TEXT,
  timestamp TEXT,
  method TEXT,
  endpoint TEXT,
  status_code TEXT,
  latency INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT * FROM logs WHERE status_code = '400' AND endpoint = '/users';
