-- Stream-static join (seed example 2, streaming_dataframes_join_ex.py).
--
-- Spark parsed book JSON lines arriving on a socket and joined each
-- micro-batch with a static authors table read once (inner join on
-- authors.book_id = books.id). The same with a file of books:
--   build/repl/sluice -f examples/stream_static_join.sql
-- With a socket, as in the course (feed it with `nc -lk 12345` and paste
-- examples/data/books.json), declare books with
--   WITH (connector = 'socket', host = 'localhost', port = 12345, format = 'json')
-- b00kkk's copy asks for a FULL OUTER join to see Spark refuse it; sluice
-- refuses it too, with the reason and the fix (see the last statement).

CREATE STREAM books (id BIGINT, name TEXT, year BIGINT)
  WITH (connector = 'file', path = 'examples/data/books.json', format = 'json');

CREATE TABLE authors (book_id BIGINT, id BIGINT, name TEXT)
  WITH (connector = 'file', path = 'examples/data/authors.json', format = 'json');

SELECT a.book_id, a.id, a.name, b.id, b.name, b.year
FROM books b JOIN authors a ON a.book_id = b.id;

-- Refused: a static row could only be known unmatched once the stream ends.
SELECT * FROM books b FULL OUTER JOIN authors a ON a.book_id = b.id;
