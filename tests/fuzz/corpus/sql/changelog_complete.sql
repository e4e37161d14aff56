-- Changelog format, COMPLETE mode: after every micro-batch the whole
-- result table, op "=". (Pending: whether the end-of-input batch repeats
-- the last snapshot.)
CREATE STREAM clicks (who TEXT, amount INT)
  WITH (connector = 'file', path = 'data/clicks.csv', format = 'csv', max_batch_rows = 1);

SELECT count(*) AS clicks, sum(amount) AS total, max(who) AS last_who
FROM clicks
EMIT COMPLETE;
