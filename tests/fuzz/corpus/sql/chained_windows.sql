-- A windowed aggregation over the output of another (APPEND): 5-minute
-- counts, then 15-minute totals over their window ends.
CREATE STREAM clicks (usr TEXT, ts TIMESTAMP, n INT,
                      WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE)
  WITH (connector = 'file', path = 'data/sessions.csv', format = 'csv', max_batch_rows = 2);

WITH five AS (
  SELECT window.end AS t, count(*) AS n FROM clicks GROUP BY window(ts, '5 minutes')
)
SELECT window.start AS start, window.end AS end, sum(n) AS total
FROM five
GROUP BY window(t, '15 minutes');
