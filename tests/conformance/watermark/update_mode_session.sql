-- Spark EventTimeWatermarkSuite: "update mode - session"
SET flush_on_end = false;
CREATE STREAM input (value BIGINT, eventTime TIMESTAMP,
                     WATERMARK FOR eventTime AS eventTime - INTERVAL '10' SECOND)
  WITH (connector = 'directory', path = 'input', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT valuegroup, CAST(session_window.start AS BIGINT) AS s, CAST(session_window.end AS BIGINT) AS e,
       count(*) AS count, sum(value) AS sum
FROM (SELECT value, CAST(value / 10 AS INT) AS valuegroup, eventTime FROM input)
GROUP BY session_window(eventTime, '5 seconds'), valuegroup
EMIT UPDATE;
