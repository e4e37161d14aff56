-- updateStateByKey: a running count per key, UPDATE mode (the default for
-- an aggregation without watermark) prints only the keys each batch changed.
CREATE STREAM clicks (who TEXT, amount INT)
  WITH (connector = 'file', path = 'data/clicks.csv', format = 'csv', max_batch_rows = 1);

SELECT who, count(*) AS clicks, sum(amount) AS total FROM clicks GROUP BY who;
