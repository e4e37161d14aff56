-- DStream read and write (seed example 3, dstream_ex.py).
--
-- socketTextStream(...).flatMap(line.split(" ")).pprint(): every word of
-- every line typed into `nc -lk 12345`, batch by batch. Run it with
--   nc -lk 12345        (in one terminal, then type lines)
--   build/repl/sluice -f examples/dstream_words.sql
-- textFileStream("data/stocks") instead watches a directory for new files:
--   WITH (connector = 'directory', path = 'data/stocks', format = 'text')
-- (write new files as .name or name.tmp and rename them when complete).

CREATE STREAM lines (value TEXT)
  WITH (connector = 'socket', host = 'localhost', port = 12345, format = 'text');

SELECT explode(split(value, ' ')) AS word FROM lines;
