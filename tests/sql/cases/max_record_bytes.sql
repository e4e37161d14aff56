-- A record longer than max_record_bytes is a bad record: reported with
-- its line, skipped up to its line end, and reading goes on. A CSV
-- record may span lines inside quotes; it is measured whole.
CREATE TABLE t (value TEXT)
  WITH (connector = 'file', path = 'data/long_records.txt', format = 'text', max_record_bytes = '1KiB');
SELECT value, length(value) AS len FROM t;

CREATE TABLE c (id BIGINT, s TEXT)
  WITH (connector = 'file', path = 'data/long_records.csv', max_record_bytes = '1000 bytes');
SELECT id, length(s) AS len FROM c;

CREATE TABLE j (id BIGINT, s TEXT)
  WITH (connector = 'file', path = 'data/long_records.json', format = 'json', max_record_bytes = '1KB');
SELECT id, length(s) AS len FROM j;

-- Under the limit, the same records are read whole.
CREATE TABLE t2 (value TEXT)
  WITH (connector = 'file', path = 'data/long_records.txt', format = 'text', max_record_bytes = '2KiB');
SELECT length(value) AS len FROM t2;
