-- q4 average price per category: the winning (highest) bid of each
-- auction within its lifetime, then the average per category. A join and
-- a chained aggregation.
SELECT Q.category, avg(Q.final) AS avg_final
FROM (
  SELECT max(B.price) AS final, A.category
  FROM auction AS A
  JOIN bid AS B ON A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
  GROUP BY A.id, A.category
) AS Q
GROUP BY Q.category;
