-- After DROP STREAM the name is gone: selecting from it is an unknown
-- stream error, and DROP of an unknown name is an error too unless
-- IF EXISTS.
CREATE STREAM clicks (who TEXT, amount INT)
  WITH (connector = 'file', path = 'data/clicks.csv', format = 'csv');
DROP STREAM clicks;
DROP STREAM IF EXISTS clicks;
SELECT who FROM clicks;
