#!/usr/bin/env bash
# bench/run.sh — group-by throughput of sluice next to wc, mawk and sqlite3.
#
# One data file (bench/data/, generated once by bench/gen.c: ts,key,value
# CSV, 1000 keys), one query: count and sum of value per key. Each tool runs
# RUNS times in this session; the best wall time counts. Prints rows/s and
# each tool's time divided by sluice's, and checks that mawk, sqlite3 and
# sluice agree on the result (and wc on the row count).
#
# Usage: bench/run.sh [--rows N] [--runs R] [--sluice PATH]
#   (normally through ./dev bench, which builds build/repl/sluice first)
# Environment: BENCH_ROWS, BENCH_RUNS, SLUICE, BENCH_TIMEOUT (s per run).
# shellcheck disable=SC2317  # the run_* functions are called indirectly
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ROWS=${BENCH_ROWS:-10000000}
RUNS=${BENCH_RUNS:-3}
SLUICE=${SLUICE:-build/repl/sluice}
TIMEOUT=${BENCH_TIMEOUT:-900}
while [[ $# -gt 0 ]]; do
    case $1 in
        --rows) ROWS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --sluice) SLUICE=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e '/shellcheck/d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench: unknown argument: $1" >&2; exit 2 ;;
    esac
done

CACHE=bench/.cache
DATA=bench/data/events_${ROWS}.csv
mkdir -p "$CACHE" bench/data

# --- data ---------------------------------------------------------------
if [[ ! -x $CACHE/gen || bench/gen.c -nt $CACHE/gen ]]; then
    cc -std=c11 -O2 -Wall -Wextra -o "$CACHE/gen" bench/gen.c
fi
if [[ ! -s $DATA ]]; then
    echo "generating $DATA ($ROWS rows)"
    "$CACHE/gen" "$ROWS" "$DATA.tmp"
    mv "$DATA.tmp" "$DATA"
fi

# --- the contenders -------------------------------------------------------
# Each writes "key,count,sum" lines (order does not matter) to stdout.

run_wc() { wc -l < "$DATA"; }

run_mawk() {
    mawk -F, '{ c[$2]++; s[$2] += $3 }
              END { for (k in c) printf "%s,%d,%.0f\n", k, c[k], s[k] }' "$DATA"
}

run_sqlite() {
    sqlite3 -batch :memory: <<EOF
CREATE TABLE s (ts TEXT, key TEXT, value INTEGER);
.mode csv
.import $DATA s
SELECT key, count(*), sum(value) FROM s GROUP BY key;
EOF
}

SLUICE_SQL="CREATE STREAM s (ts TIMESTAMP, key TEXT, value BIGINT)
  WITH (connector = 'stdin', format = 'csv');
SELECT key, count(*), sum(value) FROM s GROUP BY key EMIT COMPLETE;"

# COMPLETE mode prints the whole table after every micro-batch (and CSV has
# no marker between snapshots): keep the last NKEYS lines, the last one.
# shellcheck disable=SC2002  # the pipe is the point: stdin connector
run_sluice() {
    cat "$DATA" | timeout "$TIMEOUT" "$SLUICE" --format csv -e "$SLUICE_SQL" | tail -n "$NKEYS"
}

# time_best NAME: run run_NAME $RUNS times; output in $CACHE/NAME.out,
# best wall time (seconds) in BEST[NAME]. Returns non-zero if a run failed.
declare -A BEST
time_best() {
    local name=$1 i t best=""
    local TIMEFORMAT=%R
    for ((i = 1; i <= RUNS; i++)); do
        if ! { time "run_$name" > "$CACHE/$name.out" 2> "$CACHE/$name.err"; } 2> "$CACHE/$name.time"; then
            echo "  $name: run $i failed:" >&2
            tail -n 5 "$CACHE/$name.err" >&2
            return 1
        fi
        t=$(tail -n 1 "$CACHE/$name.time")
        if [[ -z $best ]] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$t
        fi
    done
    BEST[$name]=$best
}

# Sorted result, for comparing tools.
result() { LC_ALL=C sort "$CACHE/$1.out"; }

echo "bench: $ROWS rows ($(du -h "$DATA" | cut -f1)), best of $RUNS runs"
echo "machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"

status=0
time_best wc
lines=$(tr -d ' ' < "$CACHE/wc.out")
if [[ $lines != "$ROWS" ]]; then
    echo "  wc -l counted $lines lines, expected $ROWS" >&2
    status=1
fi
time_best mawk
NKEYS=$(wc -l < "$CACHE/mawk.out")
time_best sqlite || status=1

have_sluice=0
if [[ ! -x $SLUICE ]]; then
    echo "  sluice: $SLUICE not found (run ./dev build)" >&2
    status=1
elif time_best sluice; then
    have_sluice=1
else
    status=1
fi

# Check agreement against mawk's result.
for tool in sqlite sluice; do
    [[ -n ${BEST[$tool]:-} ]] || continue
    if ! diff -q <(result mawk) <(result "$tool") > /dev/null; then
        echo "  $tool disagrees with mawk:" >&2
        diff <(result mawk) <(result "$tool") | head -n 10 >&2
        status=1
    fi
done

printf '\n%-10s %10s %14s %18s\n' tool "best (s)" "rows/s" "time / sluice's"
for tool in wc mawk sqlite sluice; do
    t=${BEST[$tool]:-}
    if [[ -z $t ]]; then
        printf '%-10s %10s %14s %18s\n' "$tool" - - -
        continue
    fi
    ratio=-
    if [[ $have_sluice == 1 ]]; then
        ratio=$(awk -v a="$t" -v b="${BEST[sluice]}" 'BEGIN { printf "%.2fx", a / b }')
    fi
    rate=$(awk -v n="$ROWS" -v t="$t" 'BEGIN { printf "%.2f M", (t > 0 ? n / t : 0) / 1e6 }')
    printf '%-10s %10s %14s %18s\n' "$tool" "$t" "$rate" "$ratio"
done
echo
if [[ $status == 0 ]]; then
    echo "results agree ($NKEYS keys)"
else
    echo "bench: FAILED (see above)" >&2
fi
exit "$status"
