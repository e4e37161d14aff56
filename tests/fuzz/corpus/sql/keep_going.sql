-- With --keep-going a failing statement is reported and the script goes
-- on; the exit status is 0.
CREATE STREAM logs (
  ip TEXT, timestamp TEXT, method TEXT, endpoint TEXT, status_code TEXT, latency INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT ip, latncy FROM logs WHERE endpoint = '/users';
SELECT ip FROM logs WHERE status_code = '400' AND endpoint = '/users';
