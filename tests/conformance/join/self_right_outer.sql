-- Spark StreamingJoinSuite: "SPARK-26187 self right outer join should not return outer nulls for already matched rows"
-- (the one stream is read twice, as Spark's self-join reads one MemoryStream twice)
SET flush_on_end = false;
CREATE STREAM input (value BIGINT, ts TIMESTAMP,
                     WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH (connector = 'directory', path = 'input', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT l.leftId, CAST(l.leftTime AS BIGINT) AS leftTime, r.rightId, CAST(r.rightTime AS BIGINT) AS rightTime
FROM (SELECT value AS leftId, ts AS leftTime FROM input WHERE value % 2 = 0) l
RIGHT OUTER JOIN (SELECT value AS rightId, ts AS rightTime FROM input) r
  ON l.leftId = r.rightId AND l.leftTime >= r.rightTime AND l.leftTime <= r.rightTime + INTERVAL '5' SECOND;
