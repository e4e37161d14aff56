-- Flink-style window table functions give the same windows as window().
CREATE STREAM events (time TIMESTAMP, count INT,
                      WATERMARK FOR time AS time - INTERVAL '10' MINUTE)
  WITH (connector = 'file', path = '../../../examples/data/watermark_sample.txt', format = 'csv');

SELECT window_start, window_end, sum(count) AS total
FROM TUMBLE(events, time, INTERVAL '5' MINUTE)
GROUP BY window_start, window_end
EMIT COMPLETE
ORDER BY window_start;

SELECT window_start, window_end, count(*) AS n
FROM TABLE(HOP(TABLE events, DESCRIPTOR(time), INTERVAL '5' MINUTE, INTERVAL '10' MINUTE))
GROUP BY window_start, window_end
EMIT COMPLETE
ORDER BY window_start;
