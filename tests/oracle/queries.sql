-- Oracle queries: each runs in sluice (as a streaming query over table t,
-- with EMIT COMPLETE appended) and in SQLite (as a batch query); the final
-- snapshot must equal SQLite's result. Columns of t (see gen_data.py):
--   k1 TEXT (NULLs), k2 INT 0..49, x INT (10% NULL), y DOUBLE (NULLs),
--   s TEXT (lower-case words, NULLs)
--
-- Every query is written to mean the same in both dialects:
-- * `/` divides integers in SQLite but gives a DOUBLE in sluice (Spark), so
--   a division casts its left side: CAST(x AS DOUBLE) / 4 (SQLite reads the
--   type name DOUBLE as REAL affinity).
-- * SQLite's LIKE ignores ASCII case, Spark's does not; the data is lower
--   case and so are the patterns.
-- * sum() of INTs is an integer in both, avg() a double in both; sum/avg
--   of no non-NULL value is NULL in both. Doubles are compared rounded to
--   9 significant digits (the summation order differs).
-- * No division by zero, no overflow, no boolean output columns.
-- * Every output column has an alias: sluice's changelog keys and SQLite's
--   column names must match.
-- * No query has an empty result (the final snapshot would be invisible).
--
-- Format: `-- name: NAME`, then the query, ending with `;` at a line end.

-- name: count_star
SELECT count(*) AS n FROM t;

-- name: counts_of_columns
SELECT count(*) AS n, count(x) AS nx, count(y) AS ny, count(s) AS ns, count(k1) AS nk1 FROM t;

-- name: global_sum_min_max_avg
SELECT sum(x) AS sx, min(x) AS mn, max(x) AS mx, avg(x) AS ax, sum(y) AS sy, avg(y) AS ay FROM t;

-- name: group_k1_count
-- k1 has NULLs: they form one group of their own.
SELECT k1, count(*) AS n FROM t GROUP BY k1;

-- name: group_k1_sum_avg
SELECT k1, sum(x) AS sx, avg(y) AS ay, min(y) AS mn, max(y) AS mx FROM t GROUP BY k1;

-- name: group_two_keys
SELECT k1, k2, count(*) AS n, sum(x) AS sx, count(x) AS nx FROM t GROUP BY k1, k2;

-- name: count_distinct_per_k2
SELECT k2, count(DISTINCT x) AS dx, count(DISTINCT s) AS ds FROM t GROUP BY k2;

-- name: count_distinct_global
SELECT count(DISTINCT k1) AS dk1, count(DISTINCT k2) AS dk2, count(DISTINCT x) AS dx, count(DISTINCT s) AS ds FROM t;

-- name: filter_then_group
SELECT k1, min(y) AS mn, max(y) AS mx, count(*) AS n FROM t WHERE y IS NOT NULL AND x > 0 GROUP BY k1;

-- name: expression_key
SELECT k2 % 5 AS bucket, count(*) AS n, sum(y) AS sy FROM t GROUP BY k2 % 5;

-- name: expression_argument
SELECT k1, sum(x * 2 + k2) AS e, max(k2 * 10 - x) AS m FROM t GROUP BY k1;

-- name: double_division
-- Cast first: `x / 4` would be integer division in SQLite.
SELECT k1, avg(CAST(x AS DOUBLE) / 4) AS q, sum(y / 2) AS hy FROM t GROUP BY k1;

-- name: mixed_int_double
SELECT k2, min(x + y) AS mn, max(x - y) AS mx FROM t WHERE k2 < 10 GROUP BY k2;

-- name: having_count
SELECT k1, count(*) AS n FROM t GROUP BY k1 HAVING count(*) > 4000;

-- name: having_sum_and_count
SELECT k2, sum(x) AS sx, count(x) AS nx FROM t GROUP BY k2 HAVING sum(x) > 0 AND count(x) > 10;

-- name: having_avg
SELECT k1, k2, avg(y) AS ay FROM t GROUP BY k1, k2 HAVING avg(y) > 520;

-- name: case_inside_aggregate
SELECT k1, sum(CASE WHEN x > 0 THEN 1 ELSE 0 END) AS pos,
       sum(CASE WHEN x IS NULL THEN 1 ELSE 0 END) AS nulls,
       count(CASE WHEN y > 500 THEN y END) AS big_y
FROM t GROUP BY k1;

-- name: coalesce_inside_aggregate
SELECT k1, sum(COALESCE(x, 0)) AS sx0, avg(COALESCE(y, 0.0)) AS ay0, count(COALESCE(s, 'none')) AS ns FROM t GROUP BY k1;

-- name: coalesce_key
SELECT COALESCE(s, 'none') AS s2, count(*) AS n, sum(x) AS sx FROM t GROUP BY COALESCE(s, 'none');

-- name: null_text_key
SELECT s, count(*) AS n, max(x) AS mx, min(x) AS mn FROM t GROUP BY s;

-- name: case_key
-- A NULL y falls into the ELSE branch in both engines.
SELECT CASE WHEN y < 250 THEN 'low' WHEN y < 750 THEN 'mid' ELSE 'high' END AS band,
       count(*) AS n, avg(x) AS ax
FROM t
GROUP BY CASE WHEN y < 250 THEN 'low' WHEN y < 750 THEN 'mid' ELSE 'high' END;

-- name: between_and_min_max_text
SELECT k1, k2, min(s) AS mins, max(s) AS maxs FROM t WHERE k2 BETWEEN 10 AND 20 GROUP BY k1, k2;

-- name: in_or_is_null
SELECT k1, count(*) AS n, sum(x) AS sx FROM t WHERE s IN ('apple', 'kiwi') OR x IS NULL GROUP BY k1;

-- name: length_key
SELECT length(s) AS slen, count(*) AS n, sum(y) AS sy FROM t GROUP BY length(s);

-- name: upper_key_not_equal
SELECT upper(k1) AS uk, count(*) AS n FROM t WHERE k1 <> 'beta' GROUP BY upper(k1);

-- name: concat_key
-- || with a NULL k1 gives NULL in both engines.
SELECT k1 || '-' || CAST(k2 % 3 AS TEXT) AS label, count(*) AS n, avg(x) AS ax
FROM t GROUP BY k1 || '-' || CAST(k2 % 3 AS TEXT);

-- name: like_filter
SELECT k2, count(*) AS n FROM t WHERE s LIKE 'p%' OR s LIKE '%an%' GROUP BY k2;

-- name: not_and_range_filter
SELECT k1, sum(x) AS sx, count(*) AS n FROM t WHERE NOT (x BETWEEN -100 AND 100) AND y > 500 GROUP BY k1;

-- name: where_key_is_null
SELECT k2, avg(y) AS ay, count(y) AS cy, count(*) AS n FROM t WHERE k1 IS NULL GROUP BY k2;

-- Window queries: sluice groups by window(ts, ...); SQLite computes the
-- same window starts from the epoch seconds (windows align to the epoch).

-- name: tumbling_10min
SELECT unix_timestamp(window.start) AS ws, unix_timestamp(window.end) AS we,
       count(*) AS n, sum(x) AS sx, max(y) AS my
FROM t GROUP BY window(ts, '10 minutes');
-- sqlite:
SELECT (ts / 600) * 600 AS ws, (ts / 600) * 600 + 600 AS we,
       count(*) AS n, sum(x) AS sx, max(y) AS my
FROM t GROUP BY ws;

-- name: tumbling_30min_per_key
SELECT unix_timestamp(window.start) AS ws, k1, count(*) AS n, avg(x) AS ax
FROM t WHERE k2 < 25 GROUP BY window(ts, INTERVAL '30' MINUTE), k1;
-- sqlite:
SELECT (ts / 1800) * 1800 AS ws, k1, count(*) AS n, avg(x) AS ax
FROM t WHERE k2 < 25 GROUP BY ws, k1;

-- name: sliding_10min_every_5
-- Every row is in two windows: the one starting at its 5-minute slot and
-- the one starting 5 minutes before.
SELECT unix_timestamp(window.start) AS ws, count(*) AS n, sum(x) AS sx
FROM t GROUP BY window(ts, '10 minutes', '5 minutes');
-- sqlite:
SELECT ws, count(*) AS n, sum(x) AS sx FROM (
  SELECT (ts / 300) * 300 AS ws, x FROM t
  UNION ALL SELECT (ts / 300) * 300 - 300 AS ws, x FROM t)
GROUP BY ws;

-- name: sliding_15min_every_10
-- The slide does not divide the size: a row is in the window starting at
-- its 10-minute slot, and in the one before when it lies in that window's
-- last 5 minutes.
SELECT unix_timestamp(window.start) AS ws, k2 % 3 AS m, count(*) AS n, min(x) AS mn
FROM t GROUP BY window(ts, '15 minutes', '10 minutes'), k2 % 3;
-- sqlite:
SELECT ws, m, count(*) AS n, min(x) AS mn FROM (
  SELECT (ts / 600) * 600 AS ws, k2 % 3 AS m, x FROM t
  UNION ALL SELECT (ts / 600) * 600 - 600 AS ws, k2 % 3 AS m, x FROM t WHERE ts % 600 < 300)
GROUP BY ws, m;

-- name: tvf_tumble_with_having
SELECT unix_timestamp(window_start) AS ws, count(*) AS n, count(DISTINCT s) AS ds
FROM TUMBLE(t, ts, INTERVAL '20' MINUTE)
GROUP BY window_start, window_end HAVING count(*) > 100;
-- sqlite:
SELECT (ts / 1200) * 1200 AS ws, count(*) AS n, count(DISTINCT s) AS ds
FROM t GROUP BY ws HAVING count(*) > 100;

-- Joins. u is a second relation (gen_data.COLUMNS_U): a static TABLE
-- unless `-- u: stream`. `-- mode: append` queries run without EMIT
-- COMPLETE; every row they emit over all batches (outer rows included,
-- flushed at the end of the input) must equal SQLite's join.

-- name: join_static_inner_aggregate
SELECT u.label AS label, count(*) AS n, sum(t.x) AS sx, count(DISTINCT t.k2) AS keys
FROM t JOIN u ON t.k2 = u.k2 GROUP BY u.label;

-- name: join_static_left_outer
-- mode: append
SELECT t.k2 AS k2, t.x AS x, u.label AS label, u.w AS w
FROM t LEFT JOIN u ON t.k2 = u.k2 AND u.w < 60 WHERE t.k1 = 'alpha' AND t.x > 500;

-- name: join_static_left_semi
-- mode: append
SELECT t.k2 AS k2, t.s AS s FROM t LEFT SEMI JOIN u ON t.k2 = u.k2 AND u.w > 90 WHERE t.y > 900;
-- sqlite:
SELECT t.k2 AS k2, t.s AS s FROM t WHERE t.y > 900
  AND EXISTS (SELECT 1 FROM u WHERE u.k2 = t.k2 AND u.w > 90);

-- name: join_stream_inner
-- mode: append
-- u: stream
SELECT t.k1 AS k1, t.x AS x, u.label AS label, u.w AS w
FROM t JOIN u ON t.k2 = u.k2 AND u.w < 50 WHERE t.x > 900;

-- name: join_stream_left_outer_time_bound
-- mode: append
-- u: stream
SELECT t.k2 AS k2, unix_timestamp(t.ts) AS tts, u.label AS label, unix_timestamp(u.uts) AS uts
FROM t LEFT JOIN u
  ON t.k2 = u.k2 AND u.uts BETWEEN t.ts - INTERVAL '30' MINUTE AND t.ts + INTERVAL '30' MINUTE
WHERE t.x > 950;
-- sqlite:
SELECT t.k2 AS k2, t.ts AS tts, u.label AS label, u.uts AS uts
FROM t LEFT JOIN u ON t.k2 = u.k2 AND u.uts BETWEEN t.ts - 1800 AND t.ts + 1800
WHERE t.x > 950;
