-- LIMIT n on a stream, without ORDER BY, peeks at it: the query ends
-- after n rows (ksqlDB's EMIT CHANGES LIMIT), even on an unbounded source.
CREATE STREAM r (ts TIMESTAMP, value BIGINT) WITH (connector = 'rate', rows_per_second = 1000);
SELECT value FROM r WHERE value % 5 = 2 LIMIT 3;
-- LIMIT 0 ends before reading anything.
SELECT value FROM r LIMIT 0;
EXPLAIN PHYSICAL SELECT value FROM r LIMIT 3;
-- Ordering a stream is still refused: it never ends.
SELECT value FROM r ORDER BY value LIMIT 3;
