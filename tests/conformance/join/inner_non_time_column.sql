-- Spark StreamingJoinSuite: "stream stream inner join on non-time column"
SET flush_on_end = false;
CREATE STREAM leftInput (value BIGINT, ts TIMESTAMP)
  WITH (connector = 'directory', path = 'leftInput', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
CREATE STREAM rightInput (value BIGINT, ts TIMESTAMP)
  WITH (connector = 'directory', path = 'rightInput', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT l.key, l.leftValue, r.rightValue
FROM (SELECT value AS key, value * 2 AS leftValue FROM leftInput) l
JOIN (SELECT value AS key, value * 3 AS rightValue FROM rightInput) r ON l.key = r.key;
