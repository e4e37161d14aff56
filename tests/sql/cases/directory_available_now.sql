-- A directory stream with available_now = true reads the files present at
-- start, max_files_per_batch of them per micro-batch, and ends: one batch
-- per file here; the empty file 3.csv gives no batch of its own.
CREATE STREAM d (k TEXT, v INT)
  WITH (connector = 'directory', path = 'data/dir_now', max_files_per_batch = 1,
        available_now = true);
SELECT k, v, batch_id() AS b FROM d;
SELECT k, count(*) AS n FROM d GROUP BY k EMIT COMPLETE;
CREATE STREAM bad (k TEXT, v INT)
  WITH (connector = 'directory', path = 'data/dir_now', available_now = 'soon');
