-- APPEND (the default with a watermark): each window is printed once,
-- when the watermark passes its end; the rest at the end of the input.
CREATE STREAM events (time TIMESTAMP, count INT,
                      WATERMARK FOR time AS time - INTERVAL '10' MINUTE)
  WITH (connector = 'file', path = '../../../examples/data/watermark_sample.txt', format = 'csv', max_batch_rows = 3);

SELECT window.start AS start, window.end AS end, sum(count) AS total_count
FROM events
GROUP BY window(time, '5 minutes');
