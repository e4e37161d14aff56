-- A state that nothing evicts (no watermark, no window) is reported once,
-- at run time, when it passes a quarter of memory_limit (here 4 MiB):
-- EXPLAIN says so before the query runs, the warning says so while it
-- runs. The query itself ends normally (its input is bounded). Batches of
-- 2000 generator events are one chunk each (below 2048 rows), so where the
-- checks fall does not depend on timing.
SET memory_limit = '16MiB';
CREATE STREAM bid (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP)
  WITH (connector = 'nexmark', table = 'bid', events = 60000, max_batch_rows = 2000);
SELECT auction, bidder, price, dateTime, count(*) AS n
FROM bid GROUP BY auction, bidder, price, dateTime HAVING count(*) > 1 EMIT UPDATE;
