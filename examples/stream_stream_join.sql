-- Stream-stream join (seed example 3, join_stream_with_stream).
--
-- Authors and books both arrive as streams (Spark read them from sockets
-- 12346 and 12345) and are joined on book_id = id; each pair is printed
-- once, in the micro-batch where its second side arrives. There is no
-- watermark, so both sides stay in state (EXPLAIN warns about it).
--   build/repl/sluice -f examples/stream_stream_join.sql
-- With sockets: `nc -lk 12345` (books) and `nc -lk 12346` (authors), and
--   WITH (connector = 'socket', port = 12345, format = 'json') etc.

CREATE STREAM books (id BIGINT, name TEXT, year BIGINT)
  WITH (connector = 'file', path = 'examples/data/books.json', format = 'json', max_batch_rows = 2);

CREATE STREAM authors (id BIGINT, name TEXT, book_id BIGINT)
  WITH (connector = 'file', path = 'examples/data/authors.json', format = 'json', max_batch_rows = 2);

SELECT a.id, a.name, a.book_id, b.id, b.name, b.year
FROM authors a JOIN books b ON a.book_id = b.id;
