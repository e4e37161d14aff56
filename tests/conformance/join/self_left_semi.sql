-- Spark StreamingJoinSuite: "self left semi join"
-- (the one stream is read twice, as Spark's self-join reads one MemoryStream twice)
SET flush_on_end = false;
CREATE STREAM input (value BIGINT, ts TIMESTAMP,
                     WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH (connector = 'directory', path = 'input', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT l.leftId, CAST(l.leftTime AS BIGINT) AS leftTime
FROM (SELECT value AS leftId, ts AS leftTime FROM input) l
LEFT SEMI JOIN (SELECT value AS rightId, ts AS rightTime FROM input WHERE value % 2 = 0) r
  ON l.leftId = r.rightId AND r.rightTime >= l.leftTime AND r.rightTime <= l.leftTime + INTERVAL '5' SECOND;
