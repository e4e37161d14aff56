-- Output names stay distinct in every machine-readable format, so that no
-- column is lost (jq keeps one of two "id" keys): when two output columns
-- share a name, column references take their qualified name (a.id, b.id),
-- and what still collides takes _2, _3 by position. A file sink refuses
-- such a query and asks for aliases.
CREATE STREAM books (id BIGINT, name TEXT, year BIGINT)
  WITH (connector = 'file', path = 'data/books.json', format = 'json');
CREATE TABLE authors (book_id BIGINT, id BIGINT, name TEXT)
  WITH (connector = 'file', path = 'data/authors.json', format = 'json');

SELECT a.id, a.name, b.id, b.name FROM books b JOIN authors a ON a.book_id = b.id WHERE b.id < 2;

-- Same qualifier twice, and equal aliases: suffixes.
SELECT *, * FROM books WHERE id = 0;
SELECT id AS k, year AS k, name FROM books WHERE id = 1;

-- Distinct names are left alone.
SELECT a.id AS author_id, b.id AS book_id FROM books b JOIN authors a ON a.book_id = b.id WHERE b.id = 1;

CREATE SINK out WITH (connector = 'file', path = 'out_names.json', format = 'json');
INSERT INTO out SELECT a.id, b.id FROM books b JOIN authors a ON a.book_id = b.id;
