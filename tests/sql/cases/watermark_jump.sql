-- One row with a wrong, far-future event time (9999 for 2023) moves the
-- stream's event-time maximum, and so its watermark, so far ahead that
-- every later row is dropped as late. Spark does the same silently;
-- sluice keeps Spark's results but warns on stderr, once per batch, naming
-- the row, its time and the jump (more than watermark_jump_warning, by
-- default 1 day, past the maximum of the rows before it).
CREATE STREAM events (ts TIMESTAMP, k TEXT, v INT,
                      WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)
  WITH (connector = 'file', path = 'data/far_future.csv', format = 'csv', max_batch_rows = 2);

SELECT window.start AS start, k, count(*) AS n
FROM events
GROUP BY window(ts, '1 minute'), k;

-- Switched off: the same rows, the same results, no warning.
SET watermark_jump_warning = '0';
SELECT window.start AS start, k, count(*) AS n
FROM events
GROUP BY window(ts, '1 minute'), k;

-- A larger threshold than the jump: no warning either.
SET watermark_jump_warning = '10000000 days';
SELECT window.start AS start, count(*) AS n FROM events GROUP BY window(ts, '1 minute');

-- A query the watermark does not act on drops nothing: no warning.
SET watermark_jump_warning = '1 day';
SELECT k FROM events WHERE v > 4;

SET watermark_jump_warning = 'soon';
