-- Seed example 2 (b00kkk's variant): a FULL OUTER join of a static table
-- with a stream is refused before the query starts, naming the rule and
-- the fix.
CREATE TABLE authors (id BIGINT, name TEXT, book_id BIGINT)
  WITH (connector = 'file', path = 'data/authors.json', format = 'json');
CREATE STREAM books (id BIGINT, name TEXT, year BIGINT)
  WITH (connector = 'file', path = 'data/books.json', format = 'json');

SELECT * FROM authors FULL OUTER JOIN books ON authors.book_id = books.id;
