-- LEFT OUTER stream-stream join bounded only by a column of the stored
-- row: an auction without a bid comes out padded with NULLs once the
-- watermark passes its `expires`, however old its start (ats) is:
-- auction 4 (09:20 to 09:25) in batch 5, the first with watermark 09:28,
-- auction 3 (09:05 to 09:35) not then but in batch 7 (watermark 09:49), and
-- auction 6 (NULL expires: no bid can ever match) at once. Auction 5's
-- bid at 09:41 is late (watermark 09:49) and dropped. There is no
-- `bts <= ats + INTERVAL ...`: `expires` alone bounds the auctions.
-- Data and watermarks as in join_expiry_inner.sql.
CREATE STREAM auctions (id BIGINT, ats TIMESTAMP, expires TIMESTAMP,
                        WATERMARK FOR ats AS ats - INTERVAL '1' MINUTE)
  WITH (connector = 'file', path = 'data/auctions.csv', format = 'csv', max_batch_rows = 2);
CREATE STREAM bids (auction BIGINT, price BIGINT, bts TIMESTAMP,
                    WATERMARK FOR bts AS bts - INTERVAL '1' MINUTE)
  WITH (connector = 'file', path = 'data/bids.csv', format = 'csv', max_batch_rows = 2);

EXPLAIN PHYSICAL
SELECT a.id, a.expires, b.price, b.bts
FROM auctions a LEFT OUTER JOIN bids b ON a.id = b.auction AND b.bts BETWEEN a.ats AND a.expires;

SELECT a.id, a.expires, b.price, b.bts
FROM auctions a LEFT OUTER JOIN bids b ON a.id = b.auction AND b.bts BETWEEN a.ats AND a.expires;
