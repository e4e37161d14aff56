-- A stream-stream join without watermarks keeps the rows of both sides
-- for ever: memory_limit ends it, and the hint names what would bound it
-- (a time condition in ON), as EXPLAIN's warning does. Batches of 2000
-- generator events are one chunk each, so the checks do not depend on
-- timing.
SET memory_limit = '8MiB';
CREATE STREAM bid (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP)
  WITH (connector = 'nexmark', table = 'bid', max_batch_rows = 2000);
CREATE STREAM auction (id BIGINT, seller BIGINT, dateTime TIMESTAMP)
  WITH (connector = 'nexmark', table = 'auction', max_batch_rows = 2000);
SELECT b.auction, a.seller FROM bid b JOIN auction a ON b.auction = a.id WHERE b.price < 0;
