-- Seed example 1 with SPEC-style types: ts is a TIMESTAMP, status an INT,
-- so the filter compares numbers. Printed as JSON Lines.
CREATE STREAM logs (
  ip TEXT, ts TIMESTAMP, method TEXT, endpoint TEXT, status INT, latency_ms INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT * FROM logs WHERE status = 400 AND endpoint = '/users';
