-- The changelog's row keys stay distinct too (see output_names), grouping
-- keys included.
CREATE STREAM books (id BIGINT, name TEXT, year BIGINT)
  WITH (connector = 'file', path = 'data/books.json', format = 'json');
CREATE TABLE authors (book_id BIGINT, id BIGINT, name TEXT)
  WITH (connector = 'file', path = 'data/authors.json', format = 'json');

SELECT b.id, a.id, count(*) AS n FROM books b JOIN authors a ON a.book_id = b.id
WHERE b.id < 2 GROUP BY b.id, a.id EMIT UPDATE;
