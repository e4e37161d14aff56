-- A syntax error: the message names the unexpected token and what was
-- expected, with a caret under FORM.
CREATE STREAM logs (
  ip TEXT, timestamp TEXT, method TEXT, endpoint TEXT, status_code TEXT, latency INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT ip, latency FORM logs;
