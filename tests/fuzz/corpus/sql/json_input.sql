-- JSON Lines input: fields are found by name in any order, a missing field
-- is NULL, an unknown field is ignored, an integer fits a DOUBLE column.
CREATE STREAM ev (id INT, who TEXT, amount DOUBLE, ok BOOLEAN)
  WITH (connector = 'file', path = 'data/events.json', format = 'json');

SELECT * FROM ev;
