-- With on_error = 'fail' on the input, a pattern from the data that does
-- not compile (or a match over a limit) stops the query with the error
-- (rows of the same chunk of input may already be out).
CREATE STREAM pats (s TEXT, pat TEXT)
  WITH (connector = 'file', path = 'data/regex_patterns.csv', format = 'csv',
        on_error = 'fail');
SELECT s, regexp_extract(s, pat, 0) AS m FROM pats;
