-- ORDER BY is allowed only after an aggregation in COMPLETE mode; on a
-- plain filter it is refused with a message saying why.
CREATE STREAM logs (
  ip TEXT, timestamp TEXT, method TEXT, endpoint TEXT, status_code TEXT, latency INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT ip, latency FROM logs WHERE endpoint = '/users' ORDER BY latency;
