-- Refusals of Spark's rules for windows, each with its reason and fix.
CREATE STREAM plain (ts TIMESTAMP, v INT)
  WITH (connector = 'file', path = 'data/clicks.csv', format = 'csv');
CREATE STREAM marked (ts TIMESTAMP, v INT, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE)
  WITH (connector = 'file', path = 'data/clicks.csv', format = 'csv');

SELECT window.start, count(*) FROM plain GROUP BY window(ts, '1 minute') EMIT APPEND;
SELECT window.start, count(*) FROM marked GROUP BY window(ts, '1 minute', '2 minutes');
SELECT window(ts, '1 minute') FROM marked;
SELECT window.start, count(*) FROM marked GROUP BY window(ts, 'soon');
WITH a AS (SELECT window.end AS t, count(*) AS n FROM marked GROUP BY window(ts, '1 minute'))
SELECT window.start, sum(n) FROM a GROUP BY window(t, '1 hour') EMIT UPDATE;
SET clock = 'sundial';
