-- DStream reduceByKey per batch: GROUP BY batch_id() makes each micro-batch
-- its own group set, final when the batch ends, so APPEND (the default)
-- prints every batch's counts once. Three lines per batch.
CREATE STREAM lines (value TEXT)
  WITH (connector = 'file', path = 'data/words.txt', format = 'text', max_batch_rows = 2);

SELECT batch_id() AS batch, word, count(*) AS n
FROM (SELECT explode(split(value, ' ')) AS word FROM lines)
GROUP BY batch_id(), word
HAVING count(*) > 1 OR word = 'end';
