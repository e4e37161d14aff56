-- A stream declared with connector 'stdin' reads the data piped to sluice
-- (the script itself comes from -f); the query ends at end of input.
CREATE STREAM clicks (who TEXT, amount INT) WITH (connector = 'stdin', format = 'csv');

SELECT who, amount * 10 AS amount10 FROM clicks WHERE amount <> 2;
