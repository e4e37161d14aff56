-- Querying a stream that was never declared: the error names it, with a
-- caret under it.
CREATE STREAM logs (ip TEXT, latency INT)
  WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');

SELECT ip FROM logz;
