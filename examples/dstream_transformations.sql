-- DStream transformations (seed example 4, dstream_transformations_ex.py).
--
-- Stock rows (Ticker, Date, Open, High, Low, Close, AdjClose, Volume) went
-- through a socket in 5-second batches: filter one ticker, filter by
-- volume, count per ticker (reduceByKey), total volume per date
-- (groupByKey + sum) -- each per batch -- and foreachRDD wrote every
-- non-empty batch as JSON files. Per-batch results are GROUP BY batch_id();
-- the JSON files are INSERT INTO a sink with per_batch = true.
--   mkdir -p /tmp/stock_json && build/repl/sluice -f examples/dstream_transformations.sql
-- (The file's header line is skipped by header = true; CRLF is accepted.)

CREATE STREAM stocks (
  Ticker TEXT, Date TEXT, Open TEXT, High TEXT, Low TEXT, Close TEXT, AdjClose TEXT, Volume BIGINT
) WITH (connector = 'file', path = 'examples/data/stocks_full.csv', format = 'csv', header = true);

-- filter_nvda: 71 rows
SELECT count(*) AS nvda_rows FROM stocks WHERE Ticker = 'NVDA' GROUP BY batch_id();

-- filter_volume: 73 rows (TSLA 69, AMD 3, NVDA 1)
SELECT Ticker, count(*) AS days FROM stocks WHERE Volume > 100000000
GROUP BY batch_id(), Ticker;

-- count_dates_ticker: 71 per ticker
SELECT Ticker, count(*) AS n FROM stocks GROUP BY batch_id(), Ticker;

-- group_by_dates_volume: 71 dates; 2023.1.3 has 325773800
SELECT Date, sum(Volume) AS volume FROM stocks WHERE Date IN ('2023.1.3', '2023.1.4', '2023.1.5')
GROUP BY batch_id(), Date;

-- save_to_json: one JSON file per micro-batch
CREATE SINK stock_json WITH (connector = 'file', path = '/tmp/stock_json', format = 'json', per_batch = true);
INSERT INTO stock_json SELECT * FROM stocks;
