-- Word count (DStream flatMap + reduceByKey over the whole stream):
-- explode(split(...)) in a subquery, a running count per word in COMPLETE mode.
CREATE STREAM lines (value TEXT)
  WITH (connector = 'file', path = 'data/words.txt', format = 'text');

SELECT word, count(*) AS n
FROM (SELECT explode(split(value, ' ')) AS word FROM lines)
GROUP BY word
EMIT COMPLETE
ORDER BY n DESC, word
LIMIT 4;
