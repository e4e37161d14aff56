-- Spark StreamingJoinSuite: "left semi join with watermark range condition"
SET flush_on_end = false;
CREATE STREAM leftInput (value BIGINT, ts TIMESTAMP,
                     WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)
  WITH (connector = 'directory', path = 'leftInput', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
CREATE STREAM rightInput (value BIGINT, ts TIMESTAMP,
                     WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)
  WITH (connector = 'directory', path = 'rightInput', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT l.leftKey, CAST(l.leftTime AS BIGINT) AS leftTime
FROM (SELECT value AS leftKey, ts AS leftTime, value * 2 AS leftValue FROM leftInput) l
LEFT SEMI JOIN (SELECT value AS rightKey, ts AS rightTime, value * 3 AS rightValue FROM rightInput) r
  ON l.leftKey = r.rightKey AND l.leftTime BETWEEN r.rightTime - INTERVAL '5' SECOND AND r.rightTime + INTERVAL '5' SECOND;
