-- Processing-time windows (seed example 6, processing_time_windows_ex.py).
--
-- Spark stamped each line with current_timestamp() -- the time its
-- micro-batch ran, the same for every line of a batch -- and summed the
-- line lengths per 5-second processing-time window, printing the complete
-- table after every batch. Here a simulated clock makes processing time
-- deterministic: batch N runs at clock_start + N * clock_step, and
-- max_batch_rows = 2 puts two lines in each batch.
--
-- Run from the repository root:
--   build/repl/sluice -f examples/processing_time_windows.sql
-- For the real clock, drop the SET lines and pipe text in:
--   (echo hello; sleep 6; echo spark streaming) | build/repl/sluice -e "..."

SET clock = 'simulated';
SET clock_start = '2023-04-16 09:00:00';
SET clock_step = '3 seconds';

CREATE STREAM lines (value TEXT)
  WITH (connector = 'file', path = 'examples/data/words.txt', format = 'text', max_batch_rows = 2);

SELECT window.start AS start, window.end AS end, sum(length(value)) AS charCount
FROM (SELECT value, current_timestamp AS processingTime FROM lines)
GROUP BY window(processingTime, '5 seconds')
EMIT COMPLETE;
