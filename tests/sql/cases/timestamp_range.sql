-- TIMESTAMP values go from 0001-01-01 00:00:00 to 9999-12-31
-- 23:59:59.999999 UTC (Spark's TimestampType range). Text or epoch numbers
-- outside it are bad records with that reason, never another date (year
-- 800000 used to overflow and print as year 215445). An offset counts:
-- 9999-12-31 23:30 at -01:00 is past the end in UTC.
CREATE TABLE iso (k TEXT, ts TIMESTAMP)
  WITH (connector = 'file', path = 'data/ts_range.csv', format = 'csv');
SELECT k, ts FROM iso;

CREATE TABLE epochs (k TEXT, ts TIMESTAMP)
  WITH (connector = 'file', path = 'data/ts_range_epoch.csv', format = 'csv',
        timestamp_format = 'epoch_s');
SELECT k, ts FROM epochs;

-- A literal out of range is an error at the statement.
SELECT TIMESTAMP '10000-01-01 00:00:00' AS t;
