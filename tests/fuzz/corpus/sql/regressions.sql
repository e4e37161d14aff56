-- Bugs found in review, each with the statement that showed it.
CREATE STREAM s (k TEXT, v INT) WITH (connector = 'file', path = 'data/clicks.csv', format = 'csv');
CREATE TABLE people (id INT, name TEXT, age INT, score DOUBLE)
  WITH (connector = 'file', path = 'data/people.csv', format = 'csv');
CREATE STREAM lines (value TEXT) WITH (connector = 'file', path = 'data/words.txt', format = 'text');
CREATE STREAM l (k TEXT, v INT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH (connector = 'file', path = 'data/left.csv', format = 'csv', max_batch_rows = 1);
CREATE STREAM r (k TEXT, v INT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH (connector = 'file', path = 'data/right.csv', format = 'csv', max_batch_rows = 1);

-- A CTE named like a stream reads the stream; CTEs cannot reach themselves.
WITH s AS (SELECT k, v * 10 AS v FROM s) SELECT * FROM s;
WITH a AS (SELECT * FROM b), b AS (SELECT * FROM a) SELECT * FROM a;

-- explode() with an aggregate or DISTINCT in the same SELECT is refused.
SELECT explode(split(value, ' ')) AS w, count(*) AS n FROM lines;
SELECT DISTINCT explode(split(value, ' ')) AS w FROM lines;

-- ORDER BY an alias after *: the alias's column, not the n-th item.
SELECT *, length(name) AS x FROM people WHERE name IS NOT NULL ORDER BY x, id;

-- * repeated keeps every column.
SELECT *, *, * FROM people WHERE id = 1;

-- The mode rules look at both inputs of a join.
SELECT * FROM l JOIN (SELECT k, count(*) AS n FROM r GROUP BY k) x ON l.k = x.k;
SELECT k, count(*) FROM (SELECT * FROM s LIMIT 1) GROUP BY k EMIT COMPLETE;

-- UPDATE mode: an unmatched outer-join row still comes out at the end of
-- the input, whatever the batch boundaries.
SELECT l.k, l.v, r.v AS rv FROM l LEFT JOIN r
  ON l.k = r.k AND l.ts BETWEEN r.ts - INTERVAL '10' SECOND AND r.ts + INTERVAL '10' SECOND
EMIT UPDATE;
