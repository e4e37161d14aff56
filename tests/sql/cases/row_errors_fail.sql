-- Under on_error = 'fail' the first row error stops the query (rows of the
-- batch that holds it may already be out).
CREATE TABLE t (id INT, s TEXT, big BIGINT)
  WITH (connector = 'file', path = 'data/row_errors.csv', format = 'csv', on_error = 'fail');

SELECT id, CAST(s AS BIGINT) AS n FROM t;
