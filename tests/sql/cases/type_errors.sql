-- Types are checked when the statement is analysed (PostgreSQL, DuckDB):
-- TEXT next to a number, a timestamp or a boolean is an error with a hint,
-- never a silent cast that turns every row into NULL. A string literal
-- next to a typed value is read as that type when it parses.
CREATE STREAM logs (ip TEXT, ts TIMESTAMP, method TEXT, endpoint TEXT, status TEXT, latency INT)
  WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT count(*) FROM logs WHERE latency > 'abc';
SELECT count(*) FROM logs WHERE method = 5;
SELECT count(*) FROM logs WHERE status = 404;
SELECT count(*) FROM logs WHERE ts > 'yesterday';
SELECT method + 'x' FROM logs;
SELECT latency * method FROM logs;
SELECT count(*) FROM logs WHERE method IN ('GET', 5);
SELECT count(*) FROM logs WHERE latency IN (70, 'x');
SELECT count(*) FROM logs WHERE latency BETWEEN 'a' AND 'b';
SELECT count(*) FROM logs GROUP BY window(method, '1 minute');
SELECT count(*) FROM logs l JOIN logs r ON l.method = r.latency;

-- Literals that parse are read as the type beside them.
SELECT count(*) AS n FROM logs WHERE ts > '2023-04-15 13:30:00' AND latency > '70' AND latency < '80.5'
EMIT COMPLETE;
SELECT count(*) AS n FROM logs WHERE latency IN ('71', 72.5) EMIT COMPLETE;
SELECT count(*) AS n FROM logs WHERE CAST(status AS BIGINT) = 404 AND ts + '1 hour' > ts EMIT COMPLETE;
