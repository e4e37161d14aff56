-- A failing statement stops the script: the SELECT after it never runs,
-- so nothing reaches stdout, and the exit status is non-zero.
CREATE STREAM logs (
  ip TEXT, timestamp TEXT, method TEXT, endpoint TEXT, status_code TEXT, latency INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT ip, latncy FROM logs WHERE endpoint = '/users';
SELECT ip FROM logs WHERE status_code = '400' AND endpoint = '/users';
