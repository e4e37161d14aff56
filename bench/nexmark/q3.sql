-- q3 local item suggestion: people in OR, ID or CA selling in category 10.
-- An unbounded inner stream-stream join (state grows, as in Flink).
SELECT P.name, P.city, P.state, A.id
FROM auction AS A
JOIN person AS P ON A.seller = P.id
WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA');
