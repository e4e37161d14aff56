-- The streams of one nexmark generator advance together: max_batch_rows
-- counts generator events (all types), so batch k of person, auction and
-- bid covers the same events [1000 k, 1000 k + 1000) — 20 persons, 60
-- auctions, 920 bids — and all three reach the same event time (0.1 s a
-- batch at 10000 events/s; the last person is event 1000 k + 950).
CREATE STREAM person (id BIGINT, dateTime TIMESTAMP)
  WITH (connector = 'nexmark', table = 'person', events = 5000, max_batch_rows = 1000);
CREATE STREAM auction (id BIGINT, dateTime TIMESTAMP)
  WITH (connector = 'nexmark', table = 'auction', events = 5000, max_batch_rows = 1000);
CREATE STREAM bid (auction BIGINT, dateTime TIMESTAMP)
  WITH (connector = 'nexmark', table = 'bid', events = 5000, max_batch_rows = 1000);

SELECT batch_id() AS batch, count(*) AS persons, min(dateTime) AS first, max(dateTime) AS last
FROM person GROUP BY batch_id();
SELECT batch_id() AS batch, count(*) AS auctions, min(dateTime) AS first, max(dateTime) AS last
FROM auction GROUP BY batch_id();
SELECT batch_id() AS batch, count(*) AS bids, min(dateTime) AS first, max(dateTime) AS last
FROM bid GROUP BY batch_id();
