-- sluice case, Spark's rule (MultiStatefulOperatorsSuite, SPARK-42376): the
-- watermark an aggregation after a time-interval join uses is the join's
-- output watermark, the input watermark minus the range (here 40 seconds),
-- so a joined row of a stored left row is not late for the aggregation.
SET flush_on_end = false;
CREATE STREAM input1 (eventTime TIMESTAMP, id TEXT,
                      WATERMARK FOR eventTime AS eventTime)
  WITH (connector = 'directory', path = 'input1', max_files_per_batch = 1, available_now = true);
CREATE STREAM input2 (eventTime TIMESTAMP, id TEXT,
                      WATERMARK FOR eventTime AS eventTime)
  WITH (connector = 'directory', path = 'input2', max_files_per_batch = 1, available_now = true);
SELECT window.start AS window_start, window.end AS window_end, count(*) AS cnt
FROM (SELECT l.eventTime AS eventTime
      FROM input1 l JOIN input2 r
        ON l.id = r.id AND l.eventTime BETWEEN r.eventTime - INTERVAL '40' SECOND
                                          AND r.eventTime + INTERVAL '30' SECOND)
GROUP BY window(eventTime, '30 seconds');
