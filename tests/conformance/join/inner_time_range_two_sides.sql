-- Spark StreamingJoinSuite: "stream stream inner join with time range - with watermark - two side conditions"
SET flush_on_end = false;
CREATE STREAM leftInput (leftKey BIGINT, leftTime TIMESTAMP,
                         WATERMARK FOR leftTime AS leftTime - INTERVAL '20' SECOND)
  WITH (connector = 'directory', path = 'leftInput', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
CREATE STREAM rightInput (rightKey BIGINT, rightTime TIMESTAMP,
                          WATERMARK FOR rightTime AS rightTime - INTERVAL '30' SECOND)
  WITH (connector = 'directory', path = 'rightInput', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT leftKey, CAST(leftTime AS BIGINT) AS leftTime, CAST(rightTime AS BIGINT) AS rightTime
FROM leftInput JOIN rightInput
  ON leftKey = rightKey
 AND leftTime BETWEEN rightTime - INTERVAL '10' SECOND AND rightTime + INTERVAL '5' SECOND;
