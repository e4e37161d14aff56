-- A stream-stream join bounded by a column of the stored row: a bid
-- matches an auction between its start (ats) and its end (expires), as in
-- Nexmark q4. `b.bts >= a.ats` lets a bid die once bts < watermark;
-- `b.bts <= a.expires` lets an auction die once expires < watermark
-- (every future bid has bts >= watermark), so both sides are evicted.
-- Two rows per stream per batch, watermarks of 1 minute: bid 1@09:12 and
-- 4@09:26 come after their auction's end, 6@09:55 meets a NULL expires,
-- and 5@09:41 is later than the watermark (09:49) and dropped.
CREATE STREAM auctions (id BIGINT, ats TIMESTAMP, expires TIMESTAMP,
                        WATERMARK FOR ats AS ats - INTERVAL '1' MINUTE)
  WITH (connector = 'file', path = 'data/auctions.csv', format = 'csv', max_batch_rows = 2);
CREATE STREAM bids (auction BIGINT, price BIGINT, bts TIMESTAMP,
                    WATERMARK FOR bts AS bts - INTERVAL '1' MINUTE)
  WITH (connector = 'file', path = 'data/bids.csv', format = 'csv', max_batch_rows = 2);

EXPLAIN PHYSICAL
SELECT a.id, a.ats, a.expires, b.price, b.bts
FROM auctions a JOIN bids b ON a.id = b.auction AND b.bts BETWEEN a.ats AND a.expires;

SELECT a.id, a.ats, a.expires, b.price, b.bts
FROM auctions a JOIN bids b ON a.id = b.auction AND b.bts BETWEEN a.ats AND a.expires;

-- Each side's time column is the watermarked one (ats, bts), whatever the
-- order of the conjuncts: with `expires` as the auctions' time column,
-- bids would die only once bts + 1 hour < watermark.
EXPLAIN PHYSICAL
SELECT a.id, b.price
FROM auctions a JOIN bids b
  ON a.id = b.auction AND a.expires <= b.bts + INTERVAL '1' HOUR
 AND b.bts >= a.ats AND b.bts <= a.expires;
