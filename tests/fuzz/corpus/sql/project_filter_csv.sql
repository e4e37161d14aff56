-- Projection with expressions and a filter over CSV input; NULL input
-- fields (empty CSV fields) flow through arithmetic as NULL, and a NULL
-- predicate keeps the row only through IS NULL.
CREATE STREAM people (id INT, name TEXT, age INT, score DOUBLE)
  WITH (connector = 'file', path = 'data/people.csv', format = 'csv');

SELECT id, upper(name) AS name, age + 1 AS next_age, score * 2 AS double_score
FROM people
WHERE age IS NULL OR age > 20;
