-- Real-time log aggregation from a socket (seed example 1, read_from_socket).
--
-- As in Spark, each line arrives as one text value and is split into the
-- six fields; the filter keeps the 400s on /users and appends them to the
-- console as they arrive. Feed it with
--   nc -lk 12345 < examples/data/streaming_log.csv
-- (or start `nc -lk 12345` and paste lines), then run
--   build/repl/sluice -f examples/log_aggregation_socket.sql
-- The stream ends when the sender closes the connection.

CREATE STREAM lines (value TEXT)
  WITH (connector = 'socket', host = 'localhost', port = 12345, format = 'text');

SELECT split(value, ',')[0] AS ip,
       split(value, ',')[1] AS timestamp,
       split(value, ',')[2] AS method,
       split(value, ',')[3] AS endpoint,
       split(value, ',')[4] AS status_code,
       CAST(split(value, ',')[5] AS INT) AS latency
FROM lines
WHERE split(value, ',')[4] = '400' AND split(value, ',')[3] = '/users';
