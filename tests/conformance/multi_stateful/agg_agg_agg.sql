-- Spark MultiStatefulOperatorsSuite: "agg -> agg -> agg, append mode"
-- (window_time(window) is the window's end less 1 microsecond)
SET flush_on_end = false;
CREATE STREAM input (value BIGINT, eventTime TIMESTAMP,
                     WATERMARK FOR eventTime AS eventTime)
  WITH (connector = 'directory', path = 'input', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT CAST(window.start AS BIGINT) AS start, CAST(window.end AS BIGINT) AS end, count(*) AS count, sum(sum) AS sum
FROM (SELECT window.end - INTERVAL '1' MICROSECOND AS window_time, count(*) AS count, sum(count) AS sum
      FROM (SELECT window.end - INTERVAL '1' MICROSECOND AS window_time, count(*) AS count
            FROM input GROUP BY window(eventTime, '5 seconds'))
      GROUP BY window(window_time, '10 seconds'))
GROUP BY window(window_time, '20 seconds');
