-- /dev/zero is one endless line: with on_error = 'fail' its first record
-- fails the query once it passes max_record_bytes, instead of growing
-- the read buffer until memory runs out.
CREATE TABLE zeros (a TEXT, b TEXT)
  WITH (connector = 'file', path = '/dev/zero', max_record_bytes = '64KiB', on_error = 'fail');
SELECT count(*) AS n FROM zeros;
SELECT 'not reached' AS never;
