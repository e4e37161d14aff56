-- Changelog format, APPEND mode (a plain filter): max_batch_rows = 1 makes
-- one micro-batch per input line, so each row carries its batch number;
-- batch 0 outputs nothing.
CREATE STREAM clicks (who TEXT, amount INT)
  WITH (connector = 'file', path = 'data/clicks.csv', format = 'csv', max_batch_rows = 1);

SELECT who, amount FROM clicks WHERE amount > 1;
