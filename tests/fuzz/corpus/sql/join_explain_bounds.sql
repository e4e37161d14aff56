-- EXPLAIN LOGICAL of a stream-stream join prints the same time bound and
-- expiry terms as the physical StreamJoin: which column bounds the probe,
-- when a stored row of each side dies, and which side grows (with the
-- physical plan's warning naming that side).
CREATE STREAM auctions (id BIGINT, ats TIMESTAMP, expires TIMESTAMP,
                        WATERMARK FOR ats AS ats - INTERVAL '1' MINUTE)
  WITH (connector = 'file', path = 'data/auctions.csv', format = 'csv');
CREATE STREAM bids (auction BIGINT, price BIGINT, bts TIMESTAMP,
                    WATERMARK FOR bts AS bts - INTERVAL '1' MINUTE)
  WITH (connector = 'file', path = 'data/bids.csv', format = 'csv');
CREATE TABLE items (id BIGINT, ats TIMESTAMP, expires TIMESTAMP)
  WITH (connector = 'file', path = 'data/auctions.csv', format = 'csv');

-- Both sides die: an auction at expires, a bid at bts.
EXPLAIN LOGICAL
SELECT a.id, b.price
FROM auctions a JOIN bids b ON a.id = b.auction AND b.bts BETWEEN a.ats AND a.expires;

-- A time range on the watermarked pair: the probe bound and both expiries.
EXPLAIN LOGICAL
SELECT a.id, b.price
FROM auctions a JOIN bids b
  ON a.id = b.auction AND a.ats BETWEEN b.bts - INTERVAL '5' MINUTE AND b.bts + INTERVAL '2' MINUTE;
EXPLAIN PHYSICAL
SELECT a.id, b.price
FROM auctions a JOIN bids b
  ON a.id = b.auction AND a.ats BETWEEN b.bts - INTERVAL '5' MINUTE AND b.bts + INTERVAL '2' MINUTE;

-- Only the auctions die (bts <= expires): the bids grow.
EXPLAIN LOGICAL
SELECT a.id, b.price FROM auctions a JOIN bids b ON a.id = b.auction AND b.bts <= a.expires;
EXPLAIN PHYSICAL
SELECT a.id, b.price FROM auctions a JOIN bids b ON a.id = b.auction AND b.bts <= a.expires;

-- No time condition: both sides grow.
EXPLAIN LOGICAL
SELECT a.id, b.price FROM auctions a JOIN bids b ON a.id = b.auction;
EXPLAIN PHYSICAL
SELECT a.id, b.price FROM auctions a JOIN bids b ON a.id = b.auction;

-- A static side: only the bound, no state to expire.
EXPLAIN LOGICAL
SELECT i.id, b.price
FROM bids b JOIN items i
  ON i.id = b.auction AND b.bts BETWEEN i.ats - INTERVAL '1' MINUTE AND i.ats + INTERVAL '1' MINUTE;
