-- Spark StreamingJoinSuite: "join between three streams"
-- (the three AddData steps are three micro-batches)
SET flush_on_end = false;
CREATE STREAM input1 (value BIGINT)
  WITH (connector = 'directory', path = 'input1', max_files_per_batch = 1, available_now = true);
CREATE STREAM input2 (value BIGINT)
  WITH (connector = 'directory', path = 'input2', max_files_per_batch = 1, available_now = true);
CREATE STREAM input3 (value BIGINT)
  WITH (connector = 'directory', path = 'input3', max_files_per_batch = 1, available_now = true);
SELECT a.leftKey, a.leftValue, b.middleKey, b.middleValue, c.rightKey, c.rightValue
FROM (SELECT value AS leftKey, value * 2 AS leftValue FROM input1) a
JOIN (SELECT value AS middleKey, value * 3 AS middleValue FROM input2) b ON a.leftKey = b.middleKey
JOIN (SELECT value AS rightKey, value * 5 AS rightValue FROM input3) c ON c.rightKey = b.middleKey;
