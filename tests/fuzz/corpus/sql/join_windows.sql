-- Joins and windows together, APPEND mode.
CREATE STREAM impressions (ad TEXT, its TIMESTAMP,
                           WATERMARK FOR its AS its - INTERVAL '5' MINUTE)
  WITH (connector = 'file', path = 'data/impressions.csv', format = 'csv', max_batch_rows = 2);
CREATE STREAM clicks (ad TEXT, cts TIMESTAMP,
                      WATERMARK FOR cts AS cts - INTERVAL '5' MINUTE)
  WITH (connector = 'file', path = 'data/ad_clicks.csv', format = 'csv', max_batch_rows = 2);

-- A time-bounded join feeding a windowed aggregation: clicked impressions
-- per 30 minutes of impression time.
SELECT window.start AS ws, count(*) AS clicked
FROM impressions i JOIN clicks c
  ON i.ad = c.ad AND c.cts BETWEEN i.its AND i.its + INTERVAL '15' MINUTE
GROUP BY window(i.its, '30 minutes');

-- A windowed aggregation on each side, joined on equal windows.
WITH ic AS (SELECT window.end AS we, count(*) AS imps FROM impressions GROUP BY window(its, '30 minutes')),
     cc AS (SELECT window.end AS we, count(*) AS clicks FROM clicks GROUP BY window(cts, '30 minutes'))
SELECT ic.we, ic.imps, cc.clicks
FROM ic JOIN cc ON ic.we = cc.we;

EXPLAIN PHYSICAL
WITH ic AS (SELECT window.end AS we, count(*) AS imps FROM impressions GROUP BY window(its, '30 minutes')),
     cc AS (SELECT window.end AS we, count(*) AS clicks FROM clicks GROUP BY window(cts, '30 minutes'))
SELECT ic.we, ic.imps, cc.clicks
FROM ic JOIN cc ON ic.we = cc.we;
