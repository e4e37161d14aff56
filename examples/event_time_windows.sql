-- Event-time windows (seed example 5, event_time_windows_ex.py).
--
-- Spark read domain traffic JSON lines, grouped them by tumbling (1 hour)
-- and sliding (2 hours every hour) windows of the event time, summed the
-- counts and printed the complete result table ordered by window start;
-- the active function found the traffic per domain per hour, ordered by
-- hour and then by total descending.
--
-- Run from the repository root:
--   build/repl/sluice -f examples/event_time_windows.sql

CREATE STREAM traffic (
  id TEXT, domain TEXT, count INT, time TIMESTAMP
) WITH (connector = 'file', path = 'examples/data/domain_traffic.json', format = 'json');

-- Tumbling windows: 24 hours of traffic.
SELECT window.start AS start, window.end AS end, sum(count) AS total_count
FROM traffic
GROUP BY window(time, '1 hour')
EMIT COMPLETE
ORDER BY start;

-- Sliding windows of 2 hours every hour: 25 windows.
SELECT window.start AS start, window.end AS end, sum(count) AS total_count
FROM traffic
GROUP BY window(time, '2 hours', '1 hour')
EMIT COMPLETE
ORDER BY start;

-- Traffic per domain per hour, the largest first within each hour
-- (952 groups; the first 20 are shown here).
SELECT window.start AS start, window.end AS end, domain, sum(count) AS total_count
FROM traffic
GROUP BY domain, window(time, '1 hour')
EMIT COMPLETE
ORDER BY start, total_count DESC, domain
LIMIT 20;
