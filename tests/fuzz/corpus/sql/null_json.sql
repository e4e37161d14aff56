-- JSON Lines output: NULL is null, keys are the output column names,
-- numbers are bare, a DOUBLE keeps its ".0".
CREATE STREAM people (id INT, name TEXT, age INT, score DOUBLE)
  WITH (connector = 'file', path = 'data/people.csv', format = 'csv');

SELECT * FROM people;
