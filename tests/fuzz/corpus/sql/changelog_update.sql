-- Changelog format, UPDATE mode: each micro-batch (one line each, by
-- max_batch_rows = 1) emits the one group it changed, op "u".
CREATE STREAM clicks (who TEXT, amount INT)
  WITH (connector = 'file', path = 'data/clicks.csv', format = 'csv', max_batch_rows = 1);

SELECT who, count(*) AS clicks, sum(amount) AS total
FROM clicks
GROUP BY who
EMIT UPDATE;
