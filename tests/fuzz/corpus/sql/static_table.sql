-- A query over tables only runs once, like a batch query: one result,
-- no batch header; ORDER BY and LIMIT are allowed.
CREATE TABLE people (id INT, name TEXT, age INT, score DOUBLE)
  WITH (connector = 'file', path = 'data/people.csv', format = 'csv');

SELECT name, age, score * 2 AS doubled
FROM people
WHERE age IS NOT NULL
ORDER BY age DESC
LIMIT 3;

SELECT count(*) AS n, count(name) AS named, avg(age) AS avg_age, max(score) AS best FROM people;

SELECT 1 + 2 AS three, 7 / 2 AS half, 7 % 3 AS rest, 'a' || 'b' AS ab,
       CAST('2023-04-16 09:00:00' AS TIMESTAMP) + INTERVAL '90' MINUTE AS later;
