-- Seed example 3: authors and books both streaming, inner join on
-- book_id = id. Each pair appears once, in the batch where its second
-- side arrives (two records of each stream per batch here).
CREATE STREAM books (id BIGINT, name TEXT, year BIGINT)
  WITH (connector = 'file', path = '../../../examples/data/books.json', format = 'json', max_batch_rows = 2);
CREATE STREAM authors (book_id BIGINT, id BIGINT, name TEXT)
  WITH (connector = 'file', path = '../../../examples/data/authors.json', format = 'json', max_batch_rows = 2);

SELECT a.id, a.name, a.book_id, b.id, b.name, b.year
FROM authors a JOIN books b ON a.book_id = b.id;
