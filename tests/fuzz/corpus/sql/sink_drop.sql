-- DROP SINK removes a sink that no query writes to; DESCRIBE shows a
-- sink's options as declared.
CREATE SINK out WITH (connector = 'file', path = 'out.json', format = 'json');
DESCRIBE out;
SHOW SINKS;
DROP SINK out;
SHOW SINKS;
DROP SINK IF EXISTS out;
DROP SINK out;
