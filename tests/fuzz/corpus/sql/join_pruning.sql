-- Projection pruning goes through joins: each input computes and reads
-- only the columns the join's keys, residual and parent need (here the
-- subqueries' unused outputs disappear and the scans read fewer columns).
CREATE STREAM books (id BIGINT, name TEXT, year BIGINT)
  WITH (connector = 'file', path = '../../../examples/data/books.json', format = 'json');
CREATE TABLE authors (book_id BIGINT, id BIGINT, name TEXT)
  WITH (connector = 'file', path = '../../../examples/data/authors.json', format = 'json');

EXPLAIN LOGICAL
SELECT x.a, y.c
FROM (SELECT id AS a, name AS n, year + 1 AS next_year FROM books) x
JOIN (SELECT book_id AS b, upper(name) AS c, id AS i FROM authors) y
  ON x.a = y.b AND y.i <> x.a + 100
WHERE y.i > 2;

SELECT x.a, y.c
FROM (SELECT id AS a, name AS n, year + 1 AS next_year FROM books) x
JOIN (SELECT book_id AS b, upper(name) AS c, id AS i FROM authors) y
  ON x.a = y.b AND y.i <> x.a + 100
WHERE y.i > 2;
