-- Stream-stream outer joins bounded by watermarks and a time constraint:
-- a click matches an impression of the same ad within 15 minutes after it.
-- Impressions that found no click come out padded with NULLs in the batch
-- where the watermark proves no click can still come (ad2 and ad3: ad3's
-- click is 28 minutes late for the bound); the rest at the end of input.
CREATE STREAM impressions (ad TEXT, its TIMESTAMP,
                           WATERMARK FOR its AS its - INTERVAL '5' MINUTE)
  WITH (connector = 'file', path = 'data/impressions.csv', format = 'csv', max_batch_rows = 2);
CREATE STREAM clicks (ad TEXT, cts TIMESTAMP,
                      WATERMARK FOR cts AS cts - INTERVAL '5' MINUTE)
  WITH (connector = 'file', path = 'data/ad_clicks.csv', format = 'csv', max_batch_rows = 2);

SELECT i.ad, i.its, c.cts
FROM impressions i LEFT OUTER JOIN clicks c
  ON i.ad = c.ad AND c.cts BETWEEN i.its AND i.its + INTERVAL '15' MINUTE;

SELECT i.ad, i.its, c.ad AS click_ad, c.cts
FROM impressions i FULL OUTER JOIN clicks c
  ON i.ad = c.ad AND c.cts BETWEEN i.its AND i.its + INTERVAL '15' MINUTE;

SELECT i.ad, i.its
FROM impressions i LEFT SEMI JOIN clicks c
  ON i.ad = c.ad AND c.cts >= i.its AND c.cts <= i.its + INTERVAL '15' MINUTE;
