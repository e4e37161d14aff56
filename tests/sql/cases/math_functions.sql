-- sqrt, exp, ln, log, power (pow) as Spark: sqrt of a negative is NaN,
-- ln and log are NULL where the logarithm is undefined, log(x) is the
-- natural logarithm and log(b, x) the one of base b. Integer arguments
-- widen to DOUBLE.
SELECT sqrt(16) AS a, sqrt(-1.0) AS b, exp(0) AS c, ln(1) AS d, ln(0) AS e,
       log(100.0) AS f, log(10, 1000) AS g, log(-2, 8) AS h, power(2, 10) AS i,
       pow(2.0, 0.5) AS j;
-- An unknown function gets a did-you-mean, or a pointer to SHOW FUNCTIONS.
SELECT sqrtt(2) AS x;
SELECT frobnicate(1) AS y;
