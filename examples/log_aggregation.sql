-- Real-time log aggregation (seed example 1, streaming_dataframes_ex.py).
--
-- Spark read CSV log lines (ip, timestamp, method, endpoint, status_code,
-- latency), split them into typed columns and printed the requests that
-- failed with 400 on /users, appending each new match to the console.
-- In sluice the CSV format does the splitting and typing; the columns keep
-- the seed's schema (status_code is a string there, so it is TEXT here).
--
-- Run from the repository root:
--   build/repl/sluice -f examples/log_aggregation.sql
-- The file is bounded, so the query ends when it has read every line.

CREATE STREAM logs (
  ip TEXT,
  timestamp TEXT,
  method TEXT,
  endpoint TEXT,
  status_code TEXT,
  latency INT
) WITH (connector = 'file', path = 'examples/data/streaming_log.csv', format = 'csv');

SELECT * FROM logs WHERE status_code = '400' AND endpoint = '/users';
