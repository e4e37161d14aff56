-- A type error: TEXT + INT has no meaning; the error names both types and
-- points at the expression.
CREATE STREAM logs (
  ip TEXT, timestamp TEXT, method TEXT, endpoint TEXT, status_code TEXT, latency INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT ip, upper(latency) AS nonsense FROM logs;
