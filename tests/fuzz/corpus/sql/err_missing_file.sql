-- A file connector on a path that does not exist: the error names the
-- file, the stream and the system's reason.
CREATE STREAM gone (a INT, b TEXT)
  WITH (connector = 'file', path = 'data/no_such_file.csv', format = 'csv');

SELECT * FROM gone;
