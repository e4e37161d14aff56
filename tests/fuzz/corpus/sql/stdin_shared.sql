-- Standard input is read once and copied to every input that reads it:
-- a stdin stream joined with itself sees every record on both sides.
CREATE STREAM s (k TEXT, v INT) WITH (connector = 'stdin', format = 'csv');

SELECT a.k, a.v, b.v AS bv FROM s a JOIN s b ON a.k = b.k;
