-- Seed example 5, the active function: traffic per domain per hour,
-- ordered by hour then total descending (first 25 of 952 groups), and
-- the number of (hour, domain) groups, counted once over a table.
CREATE STREAM traffic (id TEXT, domain TEXT, count INT, time TIMESTAMP)
  WITH (connector = 'file', path = '../../../examples/data/domain_traffic.json', format = 'json');
CREATE TABLE traffic_table (id TEXT, domain TEXT, count INT, time TIMESTAMP)
  WITH (connector = 'file', path = '../../../examples/data/domain_traffic.json', format = 'json');

SELECT window.start AS start, window.end AS end, domain, sum(count) AS total_count
FROM traffic
GROUP BY domain, window(time, '1 hour')
EMIT COMPLETE
ORDER BY start, total_count DESC, domain
LIMIT 25;

SELECT count(*) AS groups, sum(total_count) AS total
FROM (SELECT domain, sum(count) AS total_count
      FROM traffic_table GROUP BY domain, window(time, '1 hour'));
