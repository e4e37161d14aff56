-- Spark MultiStatefulOperatorsSuite: "join -> window agg, append mode"
SET flush_on_end = false;
CREATE STREAM input1 (value1 BIGINT, eventTime1 TIMESTAMP, WATERMARK FOR eventTime1 AS eventTime1)
  WITH (connector = 'directory', path = 'input1', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
CREATE STREAM input2 (value2 BIGINT, eventTime2 TIMESTAMP, WATERMARK FOR eventTime2 AS eventTime2)
  WITH (connector = 'directory', path = 'input2', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT CAST(window.start AS BIGINT) AS start, count(*) AS count
FROM (SELECT eventTime1 FROM input1 JOIN input2 ON eventTime1 = eventTime2)
GROUP BY window(eventTime1, '5 seconds');
