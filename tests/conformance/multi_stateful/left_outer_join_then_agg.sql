-- Spark MultiStatefulOperatorsSuite: "stream-stream time interval left outer join -> aggregation, append mode"
SET flush_on_end = false;
CREATE STREAM input1 (eventTime TIMESTAMP, id TEXT, comment TEXT,
                      WATERMARK FOR eventTime AS eventTime - INTERVAL '2' MINUTE)
  WITH (connector = 'directory', path = 'input1', max_files_per_batch = 1, available_now = true);
CREATE STREAM input2 (eventTime TIMESTAMP, id TEXT, name TEXT,
                      WATERMARK FOR eventTime AS eventTime - INTERVAL '4' MINUTE)
  WITH (connector = 'directory', path = 'input2', max_files_per_batch = 1, available_now = true);
SELECT window.start AS window_start, window.end AS window_end, count(*) AS cnt
FROM (SELECT l.eventTime AS eventTime
      FROM input1 l LEFT OUTER JOIN input2 r
        ON l.id = r.id AND l.eventTime BETWEEN r.eventTime - INTERVAL '40' SECOND
                                          AND r.eventTime + INTERVAL '30' SECOND)
GROUP BY window(eventTime, '30 seconds');
