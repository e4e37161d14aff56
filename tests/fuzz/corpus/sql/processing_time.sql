-- Seed example 6: 5-second processing-time windows of sum(length(value)),
-- COMPLETE, with a simulated clock: batch N runs at 09:00:00 + N * 3 s.
SET clock = 'simulated';
SET clock_start = '2023-04-16 09:00:00';
SET clock_step = '3 seconds';
CREATE STREAM lines (value TEXT)
  WITH (connector = 'file', path = '../../../examples/data/words.txt', format = 'text', max_batch_rows = 2);

SELECT window.start AS start, window.end AS end, sum(length(value)) AS charCount
FROM (SELECT value, current_timestamp AS processingTime FROM lines)
GROUP BY window(processingTime, '5 seconds')
EMIT COMPLETE;
