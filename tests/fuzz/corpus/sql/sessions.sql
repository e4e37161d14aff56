-- Session windows (gap 5 minutes) per user, APPEND: a session is printed
-- once the watermark passes its end. The row at 09:06:30 bridges u1's
-- sessions [09:00, 09:07) and [09:10, 09:15), which merge.
CREATE STREAM clicks (usr TEXT, ts TIMESTAMP, n INT,
                      WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE)
  WITH (connector = 'file', path = 'data/sessions.csv', format = 'csv', max_batch_rows = 2);

SELECT usr, session_window.start AS s, session_window.end AS e, count(*) AS clicks
FROM clicks
GROUP BY usr, session_window(ts, '5 minutes');

-- UPDATE shows the merge: the merged-away session is retracted ("-").
SELECT usr, session_window.start AS s, session_window.end AS e, count(*) AS clicks
FROM clicks
GROUP BY usr, session_window(ts, INTERVAL '5' MINUTE)
EMIT UPDATE;

-- Flink's SESSION table function: the same sessions.
SELECT usr, window_start, window_end, count(*) AS clicks
FROM SESSION(clicks, ts, INTERVAL '5' MINUTE)
GROUP BY usr, window_start, window_end;
