-- q7 highest bid: the bids that carry the highest price of their
-- 10-second window (a window aggregation joined back to the bids).
SELECT B.auction, B.price, B.bidder, B.dateTime, B.extra
FROM bid AS B
JOIN (
  SELECT max(price) AS maxprice, window_end AS dateTime
  FROM TUMBLE(bid, dateTime, INTERVAL '10' SECOND)
  GROUP BY window_start, window_end
) AS B1
ON B.price = B1.maxprice
   AND B.dateTime BETWEEN B1.dateTime - INTERVAL '10' SECOND AND B1.dateTime;
