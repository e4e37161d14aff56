-- An unbounded GROUP BY (one group per bid: no watermark, no window)
-- over a generated stream: memory_limit ends the query with an error
-- before the process runs out of memory, after warning once that its
-- state grows without bound.
SET memory_limit = '4MiB';
CREATE STREAM bid (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP)
  WITH (connector = 'nexmark', table = 'bid', max_batch_rows = 2000);
SELECT auction, bidder, price, dateTime, count(*) AS n
FROM bid GROUP BY auction, bidder, price, dateTime HAVING count(*) > 1000 EMIT UPDATE;
SELECT 'not reached' AS never;
