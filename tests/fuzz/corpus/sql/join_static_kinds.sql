-- Static-static joins run once, every kind; stream-static LEFT OUTER and
-- LEFT SEMI keep the stream's rows.
CREATE TABLE imp (ad TEXT, its TIMESTAMP) WITH (connector = 'file', path = 'data/impressions.csv', format = 'csv');
CREATE TABLE clk (ad TEXT, cts TIMESTAMP) WITH (connector = 'file', path = 'data/ad_clicks.csv', format = 'csv');
CREATE STREAM imps (ad TEXT, its TIMESTAMP) WITH (connector = 'file', path = 'data/impressions.csv', format = 'csv');

SELECT i.ad, count(c.ad) AS clicks FROM imp i LEFT JOIN clk c ON i.ad = c.ad GROUP BY i.ad ORDER BY i.ad;
SELECT c.ad, c.cts, i.its FROM imp i RIGHT JOIN clk c ON i.ad = c.ad ORDER BY c.cts;
SELECT i.ad AS iad, c.ad AS cad FROM imp i FULL JOIN clk c ON i.ad = c.ad ORDER BY iad, cad;
SELECT i.ad FROM imps i LEFT SEMI JOIN clk c ON i.ad = c.ad;
SELECT i.ad, c.cts FROM imps i LEFT JOIN clk c ON i.ad = c.ad AND c.cts < i.its + INTERVAL '10' MINUTE;
