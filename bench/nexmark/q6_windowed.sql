-- q6, windowed (runs today; see README.md): the average winning price of
-- each seller's auctions per 10-second window of auction start (Flink:
-- over the seller's last 10 auctions, an OVER window sluice lacks).
-- The join state is bounded: an auction leaves it once the watermark
-- passes its expires, a bid once it passes the bid's dateTime.
SELECT Q.seller, Q.wend, avg(Q.final) AS avg_final
FROM (
  SELECT max(B.price) AS final, A.seller, window.end AS wend
  FROM auction AS A
  JOIN bid AS B ON A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
  GROUP BY A.id, A.seller, window(A.dateTime, INTERVAL '10' SECOND)
) AS Q
GROUP BY Q.seller, Q.wend;
