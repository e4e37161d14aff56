-- Seed example 2: books arriving as a stream joined with a static authors
-- table (inner, hash join on book_id = id): the 8 rows of the seed. The
-- FULL OUTER version is refused, as Spark refuses it.
CREATE STREAM books (id BIGINT, name TEXT, year BIGINT)
  WITH (connector = 'file', path = '../../../examples/data/books.json', format = 'json');
CREATE TABLE authors (book_id BIGINT, id BIGINT, name TEXT)
  WITH (connector = 'file', path = '../../../examples/data/authors.json', format = 'json');

SELECT a.book_id, a.id, a.name, b.id, b.name, b.year
FROM books b JOIN authors a ON a.book_id = b.id;

SELECT a.book_id, a.id, a.name, b.id, b.name, b.year
FROM books b FULL OUTER JOIN authors a ON a.book_id = b.id;
