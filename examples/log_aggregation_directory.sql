-- Real-time log aggregation over a directory (seed example 1,
-- read_from_files): every CSV file already in examples/data/logs, then
-- each new file dropped there becomes the next batch. Stop with Ctrl-C.
--   build/repl/sluice -f examples/log_aggregation_directory.sql
-- Write new files under a temporary name (.name or name.tmp) and rename
-- them, so a half-written file is never read.

CREATE STREAM logs (
  ip TEXT, timestamp TEXT, method TEXT, endpoint TEXT, status_code TEXT, latency INT
) WITH (connector = 'directory', path = 'examples/data/logs', format = 'csv');

SELECT * FROM logs WHERE status_code = '400' AND endpoint = '/users';
