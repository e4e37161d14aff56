-- CSV input with quoted fields and CRLF line ends; CSV output quotes a
-- field only when it holds a comma, a quote or a line break (RFC 4180).
CREATE STREAM q (id INT, msg TEXT)
  WITH (connector = 'file', path = 'data/quotes.csv', format = 'csv');

SELECT id, msg, length(msg) AS len, msg || '!' AS loud FROM q;
