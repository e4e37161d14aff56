-- The three Nexmark streams (Flink's DDL column names), one generator
-- sequence: ids agree across them. bench/nexmark/run.sh replaces
-- @EVENTS@, @EPS@ and @BATCH@ (events in all, event-time events per
-- second, generator events per micro-batch: nexmark's max_batch_rows
-- counts events of all types, so the three streams advance together).
CREATE STREAM person (
  id BIGINT, name TEXT, emailAddress TEXT, creditCard TEXT, city TEXT, state TEXT,
  dateTime TIMESTAMP, extra TEXT,
  WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', table = 'person', events = '@EVENTS@',
        events_per_second = '@EPS@', max_batch_rows = '@BATCH@');

CREATE STREAM auction (
  id BIGINT, itemName TEXT, description TEXT, initialBid BIGINT, reserve BIGINT,
  dateTime TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, extra TEXT,
  WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', table = 'auction', events = '@EVENTS@',
        events_per_second = '@EPS@', max_batch_rows = '@BATCH@');

CREATE STREAM bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel TEXT, url TEXT,
  dateTime TIMESTAMP, extra TEXT,
  WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', table = 'bid', events = '@EVENTS@',
        events_per_second = '@EPS@', max_batch_rows = '@BATCH@');
