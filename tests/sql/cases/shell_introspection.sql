-- Introspection: SHOW SETTINGS (value and default of each), SET / RESET,
-- SHOW CREATE (the DDL again), HELP on one statement, SHOW FUNCTIONS.
CREATE STREAM r (ts TIMESTAMP, value BIGINT, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH (connector = 'rate', rows_per_second = 10);
CREATE TABLE t (k TEXT, n INT) WITH (connector = 'file', path = 'data/final_kn.csv', format = 'csv');
CREATE SINK o WITH (connector = 'stdout', format = 'json');
SET max_rows = 5;
SET clock_step = '5 seconds';
SHOW SETTINGS;
RESET max_rows;
RESET ALL;
SHOW SETTINGS;
SHOW CREATE STREAM r;
SHOW CREATE TABLE t;
SHOW CREATE SINK o;
SHOW CREATE TABLE r;
SHOW CREATE STREAM rr;
RESET max_rwos;
HELP SELECT;
HELP insert;
HELP selct;
SHOW FUNCTIONS;
