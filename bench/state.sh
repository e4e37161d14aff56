#!/usr/bin/env bash
# Memory and join benchmarks (issues "event time" and "joins"):
#   1. a windowed aggregation with a watermark over 1 M and 10 M rows:
#      rows/s and peak RSS, which must stay flat as the input grows (the
#      watermark evicts closed windows);
#   2. a stream-static join of 10 M stream rows with a 100 k-row table;
#   3. a stream-stream interval join of two 5 M-row streams.
# Prints one line per run: rows/s and peak RSS. Release build expected:
#   ./dev build && bash bench/state.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SLUICE=${SLUICE:-build/repl/sluice}
DATA=bench/data
mkdir -p "$DATA" bench/.cache
if [[ ! -x bench/.cache/gen || bench/gen.c -nt bench/.cache/gen ]]; then
    cc -std=c11 -O2 -Wall -Wextra -o bench/.cache/gen bench/gen.c
fi

# name rows: run the SQL on stdin of sluice, print rows/s and peak RSS.
measure() {
    local name=$1 rows=$2 sql=$3
    local t0 t1 rss
    t0=$(date +%s.%N)
    rss=$( { /usr/bin/time -f '%M' "$SLUICE" --format csv -e "$sql" > /dev/null; } 2>&1 | tail -n 1)
    t1=$(date +%s.%N)
    awk -v n="$name" -v r="$rows" -v a="$t0" -v b="$t1" -v m="$rss" \
        'BEGIN { printf "%-34s %10d rows %8.2f s %7.2f M rows/s  peak RSS %6.1f MB\n", n, r, b - a, r / (b - a) / 1e6, m / 1024 }'
}

for n in 1000000 10000000; do
    f=$DATA/events_$n.csv
    [[ -f $f ]] || bench/.cache/gen "$n" "$f"
    measure "window 10 s + watermark, $n" "$n" "
      CREATE STREAM s (ts TIMESTAMP, key TEXT, value BIGINT, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
        WITH (connector = 'file', path = '$f', format = 'csv');
      SELECT key, window.start AS ws, sum(value) AS total FROM s GROUP BY key, window(ts, '10 seconds');"
done

# A 100 k-row table keyed like the stream's keys k000..k999 plus more.
table=$DATA/table_100k.csv
[[ -f $table ]] || awk 'BEGIN { for (i = 0; i < 100000; i++) printf "k%03d,%d,label%d\n", i, i % 97, i % 13 }' > "$table"
measure "stream-static join 10M x 100k" 10000000 "
  CREATE STREAM s (ts TIMESTAMP, key TEXT, value BIGINT)
    WITH (connector = 'file', path = '$DATA/events_10000000.csv', format = 'csv');
  CREATE TABLE t (key TEXT, grp INT, label TEXT)
    WITH (connector = 'file', path = '$table', format = 'csv');
  SELECT s.key, s.value, t.grp FROM s JOIN t ON s.key = t.key WHERE s.value < 100;"

half=$DATA/events_5000000.csv
[[ -f $half ]] || bench/.cache/gen 5000000 "$half"
measure "stream-stream interval join 2 x 5M" 10000000 "
  CREATE STREAM a (ts TIMESTAMP, key TEXT, value BIGINT, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
    WITH (connector = 'file', path = '$half', format = 'csv');
  CREATE STREAM b (ts TIMESTAMP, key TEXT, value BIGINT, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
    WITH (connector = 'file', path = '$half', format = 'csv');
  SELECT a.key, a.value, b.value FROM a JOIN b
    ON a.key = b.key AND b.ts BETWEEN a.ts AND a.ts + INTERVAL '2' SECOND
  WHERE a.value < 10;"
