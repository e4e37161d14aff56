-- Joins Spark does not support, each refused with the rule and the fix.
CREATE STREAM s (k TEXT, ts TIMESTAMP) WITH (connector = 'file', path = 'data/impressions.csv', format = 'csv');
CREATE STREAM w (k TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE)
  WITH (connector = 'file', path = 'data/ad_clicks.csv', format = 'csv');
CREATE TABLE t (k TEXT, ts TIMESTAMP) WITH (connector = 'file', path = 'data/ad_clicks.csv', format = 'csv');

SELECT * FROM s RIGHT JOIN t ON s.k = t.k;
SELECT * FROM t LEFT JOIN s ON s.k = t.k;
SELECT * FROM t LEFT SEMI JOIN s ON s.k = t.k;
SELECT * FROM s LEFT JOIN w ON s.k = w.k;
SELECT * FROM w RIGHT JOIN s ON s.k = w.k AND s.ts BETWEEN w.ts AND w.ts + INTERVAL '1' HOUR;
SELECT * FROM s JOIN w;
SELECT * FROM s JOIN w ON s.nope = w.k;
