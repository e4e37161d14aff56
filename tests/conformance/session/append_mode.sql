-- Spark StreamingSessionWindowSuite: "append mode - session window"
SET flush_on_end = false;
CREATE STREAM input (value TEXT, eventTime TIMESTAMP,
                     WATERMARK FOR eventTime AS eventTime - INTERVAL '30' SECOND)
  WITH (connector = 'directory', path = 'input', max_files_per_batch = 1,
        available_now = true, timestamp_format = 'epoch_s');
SELECT sessionId, CAST(session_window.start AS BIGINT) AS s, CAST(session_window.end AS BIGINT) AS e,
       CAST(session_window.end AS BIGINT) - CAST(session_window.start AS BIGINT) AS durationMs,
       count(*) AS numEvents
FROM (SELECT explode(split(value, ' ')) AS sessionId, eventTime FROM input)
GROUP BY session_window(eventTime, '10 seconds'), sessionId;
