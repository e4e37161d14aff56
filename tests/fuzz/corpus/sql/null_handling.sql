-- Three-valued logic and NULL-aware functions. In CSV output a NULL is an
-- empty field and a BOOLEAN prints as true/false.
CREATE STREAM people (id INT, name TEXT, age INT, score DOUBLE)
  WITH (connector = 'file', path = 'data/people.csv', format = 'csv');

SELECT id,
       name IS NULL AS no_name,
       COALESCE(name, '?') AS name2,
       age > 30 AS older,
       age > 30 OR name = 'bob' AS older_or_bob,
       age > 30 AND score > 0 AS older_and_positive,
       CASE WHEN score IS NULL THEN 'none' WHEN score > 2 THEN 'high' ELSE 'low' END AS band,
       age + score AS total
FROM people;
