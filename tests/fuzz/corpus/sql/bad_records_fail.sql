-- With on_error = 'fail' the first bad record stops the query with an
-- error naming the source and line; rows of line 1 may already be out.
CREATE STREAM nums (n INT, word TEXT)
  WITH (connector = 'file', path = 'data/bad.csv', format = 'csv', on_error = 'fail');

SELECT n, word FROM nums;
