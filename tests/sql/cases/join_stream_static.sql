-- Seed example 2: books arriving as JSON lines joined with a static authors
-- table, inner (authors.json has no final newline: its last line still
-- counts). Expected: the 8 pairs of seed-examples.md section 2.
CREATE TABLE authors (id BIGINT, name TEXT, book_id BIGINT)
  WITH (connector = 'file', path = 'data/authors.json', format = 'json');
CREATE STREAM books (id BIGINT, name TEXT, year BIGINT)
  WITH (connector = 'file', path = 'data/books.json', format = 'json');

SELECT a.book_id, a.id AS author_id, a.name AS author, b.name AS title, b.year
FROM books AS b JOIN authors AS a ON a.book_id = b.id;
