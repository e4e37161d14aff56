-- Seed example 5: sliding windows of 2 hours every hour: 25 windows, the
-- middle ones the sum of two neighbouring hours.
CREATE STREAM traffic (id TEXT, domain TEXT, count INT, time TIMESTAMP)
  WITH (connector = 'file', path = '../../../examples/data/domain_traffic.json', format = 'json');

SELECT window.start AS start, window.end AS end, sum(count) AS total_count
FROM traffic
GROUP BY window(time, '2 hours', '1 hour')
EMIT COMPLETE
ORDER BY start;
