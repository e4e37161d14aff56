-- q2 selection: bids on some auctions (Flink's MOD(auction, 123) = 0).
SELECT auction, price FROM bid WHERE auction % 123 = 0;
