-- An unknown column: the error names it, points at it with a caret, and
-- hints at the closest column. The script stops with a non-zero status.
CREATE STREAM logs (
  ip TEXT, timestamp TEXT, method TEXT, endpoint TEXT, status_code TEXT, latency INT
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT latncy FROM logs;
