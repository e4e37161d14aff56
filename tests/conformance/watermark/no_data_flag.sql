-- Spark EventTimeWatermarkSuite: "test no-data flag (flag = true; sluice always runs batches without data)"
SET flush_on_end = false;
CREATE STREAM input (value BIGINT, eventTime TIMESTAMP,
                     WATERMARK FOR eventTime AS eventTime - INTERVAL '10' SECOND)
  WITH (connector = 'directory', path = 'input', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT CAST(window.start AS BIGINT) AS start, count(*) AS count
FROM input GROUP BY window(eventTime, '5 seconds');
