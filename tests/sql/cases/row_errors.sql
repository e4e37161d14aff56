-- Row errors are never silent: an explicit CAST that fails and BIGINT
-- overflow (arithmetic, sum(), timestamp +- interval) give NULL and are
-- reported like bad records, at most 3 lines a batch and then a count.
CREATE TABLE t (id INT, s TEXT, big BIGINT)
  WITH (connector = 'file', path = 'data/row_errors.csv', format = 'csv');

SELECT id, CAST(s AS BIGINT) AS n, big + 1 AS plus, -big AS neg, big * 2 AS twice FROM t;
SELECT sum(big) AS total, sum(id) AS ids FROM t;
SELECT id, TIMESTAMP '2023-01-01' + INTERVAL '1' MICROSECOND * big AS later FROM t WHERE id IN (1, 6);

-- A constant out of range is not folded away to a silent NULL.
SELECT 9223372036854775807 + 1 AS k, CAST(1e20 AS BIGINT) AS f;
