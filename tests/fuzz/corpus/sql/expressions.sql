-- IN, BETWEEN, LIKE, CAST, ||, string functions, % and / (a DOUBLE
-- division, as in Spark) over rows with NULLs.
CREATE STREAM people (id INT, name TEXT, age INT, score DOUBLE)
  WITH (connector = 'file', path = 'data/people.csv', format = 'csv');

SELECT id,
       name IN ('alice', 'eve') AS in_list,
       age BETWEEN 20 AND 40 AS in_range,
       name LIKE '%e' AS ends_e,
       CAST(age AS TEXT) || '/' || name AS label,
       CAST(score AS INT) AS score_int,
       length(name) AS len,
       substring(name, 2, 3) AS mid,
       id % 2 AS parity,
       id / 2 AS half
FROM people
WHERE id <> 4;
