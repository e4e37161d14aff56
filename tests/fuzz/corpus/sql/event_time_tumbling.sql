-- Seed example 5: tumbling 1-hour windows over the domain traffic, COMPLETE,
-- ordered by window start: 24 hourly totals.
CREATE STREAM traffic (id TEXT, domain TEXT, count INT, time TIMESTAMP)
  WITH (connector = 'file', path = '../../../examples/data/domain_traffic.json', format = 'json');

SELECT window.start AS start, window.end AS end, sum(count) AS total_count
FROM traffic
GROUP BY window(time, '1 hour')
EMIT COMPLETE
ORDER BY start;
