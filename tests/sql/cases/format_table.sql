-- The default table format with every type and NULLs: a "Batch: N" header,
-- cells right-aligned, NULL printed as NULL, and cells cut at 20 characters
-- as Spark's console does (the long text ends in "...").
CREATE STREAM ev (id INT, who TEXT, amount DOUBLE, ok BOOLEAN)
  WITH (connector = 'file', path = 'data/events.json', format = 'json');

SELECT id, who, amount, ok,
       CAST('2023-04-15 13:30:00' AS TIMESTAMP) AS ts,
       'a text cell that is longer than twenty characters' AS long_text
FROM ev;
