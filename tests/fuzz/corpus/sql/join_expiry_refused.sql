-- Outer stream-stream joins whose preserved side's rows can never be
-- proved dead are still refused, even when the other side is bounded.
CREATE STREAM auctions (id BIGINT, ats TIMESTAMP, expires TIMESTAMP,
                        WATERMARK FOR ats AS ats - INTERVAL '1' MINUTE)
  WITH (connector = 'file', path = 'data/auctions.csv', format = 'csv', max_batch_rows = 2);
CREATE STREAM bids (auction BIGINT, price BIGINT, bts TIMESTAMP,
                    WATERMARK FOR bts AS bts - INTERVAL '1' MINUTE)
  WITH (connector = 'file', path = 'data/bids.csv', format = 'csv', max_batch_rows = 2);
CREATE STREAM bids_nowm (auction BIGINT, price BIGINT, bts TIMESTAMP)
  WITH (connector = 'file', path = 'data/bids.csv', format = 'csv');

-- Only bids can die (bts < watermark): no bound on auctions.
SELECT * FROM auctions a LEFT JOIN bids b ON a.id = b.auction AND b.bts >= a.ats;
-- Only auctions can die (expires < watermark): no bound on bids.
SELECT * FROM auctions a RIGHT JOIN bids b ON a.id = b.auction AND b.bts <= a.expires;
SELECT * FROM auctions a FULL JOIN bids b ON a.id = b.auction AND b.bts <= a.expires;
-- Auctions die by expires, but only a watermark on bids can say so.
SELECT * FROM auctions a LEFT JOIN bids_nowm b
  ON a.id = b.auction AND b.bts BETWEEN a.ats AND a.expires;
-- Accepted: the preserved side can die (or INNER), the rest of the state grows.
EXPLAIN PHYSICAL SELECT * FROM auctions a RIGHT JOIN bids b ON a.id = b.auction AND b.bts >= a.ats;
EXPLAIN PHYSICAL SELECT * FROM auctions a JOIN bids b ON a.id = b.auction AND b.bts <= a.expires;
