CREATE STREAM p (s TEXT, pat TEXT) WITH (connector = 'stdin', format = 'csv');
SELECT regexp_extract(s, '(.*){1,32000}[bc]', 0) FROM p;
SELECT regexp_extract(s, '(a{1,32767}){1,32767}') FROM p;
SELECT regexp_extract('aaaaaaaaaaaaaaaaaaaaaaaaaaaaab', '^(a|a?)+$', 0), regexp_extract(s, pat, 2) FROM p;
SELECT explode(split(s, '(x+x+)+y')) AS w FROM p;
SELECT regexp_extract(s, '(?<k>\w+)=(\d+)(?=;)|\u00e9', 1) FROM p WHERE s LIKE '%a\_b%';
