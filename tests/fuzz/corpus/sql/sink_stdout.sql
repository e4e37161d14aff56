-- INSERT INTO starts a query in the background; the statement itself
-- prints nothing. With -f, sluice exits once every query it started has
-- ended, so the rows of the stdout sink appear after the script's own
-- output (SHOW SINKS, DESCRIBE), one micro-batch at a time.
CREATE STREAM clicks (k TEXT, n INT)
  WITH (connector = 'file', path = 'data/clicks.csv', format = 'csv', max_batch_rows = 2);
CREATE SINK out WITH (connector = 'stdout', format = 'csv');
CREATE SINK j WITH (connector = 'stdout', format = 'json');
SHOW SINKS;
DESCRIBE out;
INSERT INTO out SELECT k, n * 10 AS n10 FROM clicks WHERE n > 1;
INSERT INTO j SELECT upper(k) AS key FROM clicks;
-- A sink in use cannot be dropped, nor can a stream a query reads.
DROP SINK out;
DROP STREAM clicks;
