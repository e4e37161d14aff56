-- Bad input is skipped, counted and reported on stderr with the source
-- and line number, never fatal by default: line 2 has text in an INT
-- column, line 4 has too few fields. The good rows still come out.
CREATE STREAM nums (n INT, word TEXT)
  WITH (connector = 'file', path = 'data/bad.csv', format = 'csv');

SELECT n, word FROM nums;
