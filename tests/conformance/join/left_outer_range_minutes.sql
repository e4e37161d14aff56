-- Spark StreamingJoinSuite: "left outer with watermark range condition (second part: 10 minutes watermark, 3 minutes 30 seconds bounds)"
SET flush_on_end = false;
CREATE STREAM leftInput (value BIGINT, ts TIMESTAMP,
                     WATERMARK FOR ts AS ts - INTERVAL '600' SECOND)
  WITH (connector = 'directory', path = 'leftInput', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
CREATE STREAM rightInput (value BIGINT, ts TIMESTAMP,
                     WATERMARK FOR ts AS ts - INTERVAL '600' SECOND)
  WITH (connector = 'directory', path = 'rightInput', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT l.leftKey, r.rightKey, CAST(l.leftTime AS BIGINT) AS leftTime, CAST(r.rightTime AS BIGINT) AS rightTime
FROM (SELECT value AS leftKey, ts AS leftTime, value * 2 AS leftValue FROM leftInput) l
LEFT OUTER JOIN (SELECT value AS rightKey, ts AS rightTime, value * 3 AS rightValue FROM rightInput) r
  ON l.leftKey = r.rightKey AND l.leftTime BETWEEN r.rightTime - INTERVAL '3 minutes 30 seconds' AND r.rightTime + INTERVAL '3 minutes 30 seconds';
