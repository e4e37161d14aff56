-- Spark StreamingJoinSuite: "windowed left outer join"
-- (window() in a select list written as the TUMBLE table function)
SET flush_on_end = false;
CREATE STREAM leftInput (value BIGINT, ts TIMESTAMP,
                     WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)
  WITH (connector = 'directory', path = 'leftInput', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
CREATE STREAM rightInput (value BIGINT, ts TIMESTAMP,
                     WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)
  WITH (connector = 'directory', path = 'rightInput', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT l.key, CAST(l.window_end AS BIGINT) AS window_end, l.leftValue, r.rightValue
FROM (SELECT value AS key, window_end, value * 2 AS leftValue FROM TUMBLE(leftInput, ts, INTERVAL '10' SECOND)) l
LEFT OUTER JOIN (SELECT value AS key, window_end, value * 3 AS rightValue FROM TUMBLE(rightInput, ts, INTERVAL '10' SECOND)) r ON l.key = r.key AND l.window_end = r.window_end;
