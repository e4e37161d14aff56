-- Regular expressions come from the query or from the data, so they are
-- bounded: a pattern over a limit (too long, too large once compiled,
-- nested too deeply) or with a syntax error is refused at analysis, with
-- a caret on the literal; a match that backtracks too much gives up.
-- Each of the three hostile patterns below used to crash glibc's regcomp
-- (stack overflow), allocate gigabytes, or run for minutes.
SELECT regexp_extract('abc', '(.*){1,32000}[bc]', 0) AS x;
SELECT regexp_extract('abc', '(a{1,32767}){1,32767}', 0) AS x;
SELECT regexp_extract('abc', '(', 1) AS x;
SELECT regexp_extract('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab', '^(a|a?)+$', 0) AS x;
CREATE STREAM lines (value TEXT) WITH (connector = 'file', path = 'data/words.txt', format = 'text');
SELECT explode(split(value, '(.*){1,32000}[bc]')) FROM lines;

-- Java-like syntax: leftmost-first alternation, lazy quantifiers,
-- lookahead, named groups.
SELECT regexp_extract('ab', '(a|ab)', 1) AS alt, regexp_extract('aaa', '(a+?)', 1) AS lazy,
       regexp_extract('42 EUR', '\d+(?= EUR)', 0) AS ahead,
       regexp_extract('k=v', '(?<key>\w)=(\w)', 2) AS named;

-- Patterns from the data: a row whose pattern does not compile or whose
-- match gives up is NULL, counted and reported (the first message and
-- how many more in the batch); the other rows are computed.
CREATE STREAM pats (s TEXT, pat TEXT)
  WITH (connector = 'file', path = 'data/regex_patterns.csv', format = 'csv');
SELECT s, regexp_extract(s, pat, 0) AS m, regexp_extract(s, pat, 0) IS NULL AS failed FROM pats;

-- A regex delimiter of split whose match gives up ends the split of that
-- text: the rest is the last piece, and the row is reported.
SELECT explode(split(s, '(a|a?)+$')) AS piece FROM pats;
