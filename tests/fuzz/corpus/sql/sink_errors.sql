-- CREATE SINK checks its options before anything is written, and INSERT
-- INTO and STOP QUERY name what is wrong. --keep-going shows them all.
CREATE SINK s1 WITH (path = 'out.json', format = 'json');
CREATE SINK s2 WITH (connector = 'kafka', path = 'x');
CREATE SINK s3 WITH (connector = 'file', format = 'json');
CREATE SINK s4 WITH (connector = 'file', path = 'x.json', format = 'xml');
CREATE SINK s5 WITH (connector = 'file', path = 'x.json', fromat = 'json');
CREATE SINK s6 WITH (connector = 'stdout', path = 'x.json');
CREATE SINK s7 WITH (connector = 'file', path = 'x', per_batch = maybe);
CREATE SINK s8 WITH (connector = 'stdout', format = 'json', header = true);

CREATE STREAM clicks (k TEXT, n INT)
  WITH (connector = 'file', path = 'data/clicks.csv', format = 'csv');
CREATE SINK out WITH (connector = 'stdout', format = 'csv');
CREATE SINK out WITH (connector = 'stdout');
CREATE SINK clicks WITH (connector = 'stdout');
INSERT INTO nowhere SELECT k FROM clicks;
INSERT INTO ot SELECT k FROM clicks;
INSERT INTO clicks SELECT k FROM clicks;
INSERT INTO out SELECT nope FROM clicks;
CREATE SINK missing_dir WITH (connector = 'file', path = 'no/such/dir', format = 'json',
                              per_batch = true);
INSERT INTO missing_dir SELECT k FROM clicks;
STOP QUERY 1;
TERMINATE 42;
SHOW SINKS;
SHOW QUERIES;
