-- q6 average selling price by seller. Flink averages each seller's last
-- 10 closed auctions with an OVER (ROWS BETWEEN 10 PRECEDING) window, which
-- sluice does not have: here the average over all of the seller's closed
-- auctions (see README.md).
SELECT Q.seller, avg(Q.final) AS avg_final
FROM (
  SELECT max(B.price) AS final, A.seller
  FROM auction AS A
  JOIN bid AS B ON A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
  GROUP BY A.id, A.seller
) AS Q
GROUP BY Q.seller;
