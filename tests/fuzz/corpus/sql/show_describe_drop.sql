-- Catalog statements: SHOW STREAMS / SHOW TABLES list what was declared,
-- DESCRIBE shows a schema, DROP removes a stream.
CREATE STREAM logs (
  ip TEXT, ts TIMESTAMP, method TEXT, endpoint TEXT, status INT, latency_ms INT,
  WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH (connector = 'file', path = 'data/logs.csv', format = 'csv');
CREATE STREAM clicks (who TEXT, amount INT)
  WITH (connector = 'stdin', format = 'csv');
CREATE TABLE people (id INT, name TEXT, age INT, score DOUBLE)
  WITH (connector = 'file', path = 'data/people.csv', format = 'csv');

SHOW STREAMS;
SHOW TABLES;
DESCRIBE logs;
DESCRIBE people;
DROP STREAM clicks;
SHOW STREAMS;
