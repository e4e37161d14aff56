-- Spark StreamingJoinSuite: "stream stream self join"
-- (the one stream is read twice, as Spark's self-join reads one MemoryStream twice)
SET flush_on_end = false;
CREATE STREAM input (value BIGINT, ts TIMESTAMP)
  WITH (connector = 'directory', path = 'input', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT l.key, l.value AS lvalue, r.value AS rvalue
FROM (SELECT value % 5 AS key, value FROM input) l
JOIN (SELECT value % 5 AS key, value FROM input) r ON l.key = r.key;
