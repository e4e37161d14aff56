-- Seed example 1 in the default table format: a "Batch: N" header and a
-- Spark-console-style table per micro-batch. Expected: the 7 seed rows.
CREATE STREAM logs (
  ip TEXT,
  timestamp TEXT,
  method TEXT,
  endpoint TEXT,
  status_code TEXT,
  latency INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT * FROM logs WHERE status_code = '400' AND endpoint = '/users';
