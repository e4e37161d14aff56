-- Sizes for memory_limit and max_record_bytes: DuckDB's units (KB, MB,
-- GB, TB of 1000; KiB, MiB, GiB, TiB of 1024), a percentage of the
-- memory available for memory_limit; anything else is refused.
SET memory_limit = 'lots';
SET memory_limit = '0';
SET memory_limit = '120%';
SET memory_limit = '2 GB';
SET memory_limit = '50%';
SET memory_limt = '1GB';
CREATE STREAM s (v TEXT) WITH (connector = 'stdin', format = 'text', max_record_bytes = '10 parsecs');
CREATE STREAM s (v TEXT) WITH (connector = 'stdin', format = 'text', max_record_bytes = '0');
CREATE STREAM s (v TEXT) WITH (connector = 'stdin', format = 'text', max_record_bytes = '2GiB');
CREATE STREAM s (v TEXT) WITH (connector = 'stdin', format = 'text', max_record_bytes = '1.5 MiB');
