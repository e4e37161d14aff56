#!/usr/bin/env bash
# bench/nexmark/run.sh — Nexmark queries on sluice, single-threaded.
#
# Runs each bench/nexmark/q*.sql over the three generator streams of
# ddl.sql (connector 'nexmark', EVENTS events in all, unpaced), with the
# result written as CSV to /dev/null, and prints a table: wall time,
# events/s (all generator events: persons, auctions and bids, as Flink
# counts them), peak RSS (/usr/bin/time -v), output rows, and the p50/p99
# micro-batch duration from the `--progress` lines on stderr. A query
# that sluice refuses is reported as "unsupported: <error>", not a failure.
#
# Usage: bench/nexmark/run.sh [--events N] [--batch ROWS] [--sluice PATH]
#                             [--only 'q0 q5'] [--runs R]
#   --batch: max_batch_rows of each stream (default 100000), in generator
#   events of all types (the nexmark connector counts events, so the three
#   streams cover the same events per micro-batch); it sets the
#   micro-batch size and so the latency figures.
# Environment: NEXMARK_EVENTS, NEXMARK_BATCH, NEXMARK_RUNS, SLUICE,
#   BENCH_TIMEOUT (s per run). Build first: ./dev build (the default
#   SLUICE is its build/repl/sluice, a release build).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

EVENTS=${NEXMARK_EVENTS:-10000000}
BATCH=${NEXMARK_BATCH:-100000}
RUNS=${NEXMARK_RUNS:-1}
SLUICE=${SLUICE:-build/repl/sluice}
TIMEOUT=${BENCH_TIMEOUT:-600}
ONLY=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --events) EVENTS=$2; shift 2 ;;
        --batch) BATCH=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --sluice) SLUICE=$2; shift 2 ;;
        --only) ONLY=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "nexmark: unknown argument: $1" >&2; exit 2 ;;
    esac
done
if [[ ! -x $SLUICE ]]; then
    echo "nexmark: $SLUICE not found (run ./dev build)" >&2
    exit 2
fi

WORK=$ROOT/bench/.cache/nexmark
mkdir -p "$WORK"
DDL=$WORK/ddl.sql
sed -e "s/@EVENTS@/$EVENTS/g" -e "s/@EPS@/10000/g" -e "s/@BATCH@/$BATCH/g" \
    "$HERE/ddl.sql" > "$DDL"

# Query files in numeric order: q0 .. q12, variants after their query.
queries() {
    local f
    for f in "$HERE"/q*.sql; do
        basename "$f" .sql
    done | sort -t q -k 2 -n
}

# p50 and p99 of the micro-batch durations (ms) in a progress log.
latency() {
    sed -n 's/^progress: .* output rows, \([0-9.]*\) ms, .*/\1/p' "$1" | sort -n |
        awk '{ v[NR] = $1 }
             END {
                 if (NR == 0) { print "- -"; exit }
                 i50 = int(NR * 0.50 + 0.999); i99 = int(NR * 0.99 + 0.999)
                 if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1
                 printf "%.1f %.1f\n", v[i50], v[i99]
             }'
}

# run_query Q: best of RUNS; sets T (s), RSS (MB), OUT (rows), LAT, ERR.
run_query() {
    local q=$1 i t rss
    T="" RSS="" ERR=""
    for ((i = 1; i <= RUNS; i++)); do
        if ! /usr/bin/time -v -o "$WORK/$q.time" timeout "$TIMEOUT" \
                "$SLUICE" --format csv --progress -f "$DDL" -f "$HERE/$q.sql" \
                > /dev/null 2> "$WORK/$q.err"; then
            ERR=$(grep -m1 '^error:' "$WORK/$q.err" | sed 's/^error: //' || true)
            [[ -n $ERR ]] || ERR="exit status $(sed -n 's/.*Exit status: //p' "$WORK/$q.time")"
            return 1
        fi
        t=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/$q.time" |
            awk -F: '{ s = 0; for (k = 1; k <= NF; k++) s = s * 60 + $k; print s }')
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/$q.time")
        if [[ -z $T ]] || awk -v a="$t" -v b="$T" 'BEGIN { exit !(a < b) }'; then
            T=$t
            RSS=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
            OUT=$(sed -n 's/^progress: .* \([0-9]*\) output rows,.*/\1/p' "$WORK/$q.err" |
                  awk '{ s += $1 } END { print s + 0 }')
            LAT=$(latency "$WORK/$q.err")
        fi
    done
}

echo "nexmark: $EVENTS events per query, max_batch_rows $BATCH, best of $RUNS, $SLUICE"
echo "machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(date -u +%Y-%m-%d)"
printf '\n%-12s %9s %12s %8s %11s %9s %9s\n' query "time (s)" "events/s" "RSS MB" "out rows" "p50 ms" "p99 ms"
status=0
for q in $(queries); do
    if [[ -n $ONLY && " $ONLY " != *" $q "* ]]; then continue; fi
    if run_query "$q"; then
        read -r p50 p99 <<< "$LAT"
        rate=$(awk -v n="$EVENTS" -v t="$T" 'BEGIN { printf "%.2f M", (t > 0 ? n / t : 0) / 1e6 }')
        printf '%-12s %9s %12s %8s %11s %9s %9s\n' "$q" "$T" "$rate" "$RSS" "$OUT" "$p50" "$p99"
    elif [[ $ERR == exit\ status* ]]; then
        printf '%-12s failed: %s (see %s)\n' "$q" "$ERR" "$WORK/$q.err"
        status=1
    else
        printf '%-12s unsupported: %s\n' "$q" "$ERR"
    fi
done
exit "$status"
