#!/usr/bin/env bash
# bench/run.sh — throughput of sluice next to wc, mawk, sqlite3, DuckDB and,
# for the window workload, the same aggregation hand-written in C.
#
# Data (bench/data/, generated once by bench/gen.c): ts,key,value rows,
# 1000 keys, ts 10 ms apart with up to 50 ms of jitter; as CSV and as JSON
# Lines. Workloads:
#   groupby  count and sum of value per key, CSV        (COMPLETE mode)
#   window   the same per key per 10-second tumbling window of ts, CSV
#            (ts watermarked 1 s; APPEND mode)
#   json     the window workload over JSON Lines
#   filter   rows with value < 5000 as (ts, key, value * 2), CSV
# Each tool runs RUNS times per workload in this session; the best wall
# time counts. `wc -l` is the ceiling (reading the file). DuckDB (npm
# @duckdb/node-api, one thread) is installed into bench/.cache/node once;
# without network it is skipped with a notice. The tool `c` ("C (by hand)",
# window workload only) is bench/handwritten.c, compiled once with cc -O2
# into bench/.cache and fed by the same `cat file |` pipe as sluice: the
# yardstick of the goal "within 1.5x of hand-written C". Prints, per
# workload, rows/s and each tool's time divided by sluice's (for window
# also sluice's time / C's), and checks that all tools agree (sorted
# results; wc on the row count). Exits non-zero if they do not or a tool
# fails.
#
# Usage: bench/run.sh [--rows N] [--runs R] [--sluice PATH]
#                     [--workloads 'groupby window json filter'] [--callgrind]
#   --callgrind: instead, run sluice under valgrind --tool=callgrind on a
#   1 M-row input (or --rows) for each workload and print instructions per
#   input row and the top functions.
#   (normally through ./dev bench, which builds build/repl/sluice first)
# Environment: BENCH_ROWS, BENCH_RUNS, SLUICE, BENCH_TIMEOUT (s per run),
#   BENCH_WORKLOADS, BENCH_NO_DUCKDB=1 (skip DuckDB).
# shellcheck disable=SC2317  # the run_* functions are called indirectly
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ROWS=${BENCH_ROWS:-}
RUNS=${BENCH_RUNS:-3}
SLUICE=${SLUICE:-build/repl/sluice}
TIMEOUT=${BENCH_TIMEOUT:-900}
WORKLOADS=${BENCH_WORKLOADS:-groupby window json filter}
CALLGRIND=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --rows) ROWS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --sluice) SLUICE=$2; shift 2 ;;
        --workloads) WORKLOADS=$2; shift 2 ;;
        --callgrind) CALLGRIND=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e '/shellcheck/d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench: unknown argument: $1" >&2; exit 2 ;;
    esac
done
if [[ -z $ROWS ]]; then
    if [[ $CALLGRIND == 1 ]]; then ROWS=1000000; else ROWS=10000000; fi
fi
for w in $WORKLOADS; do
    case $w in
        groupby|window|json|filter) ;;
        *) echo "bench: unknown workload: $w (groupby, window, json, filter)" >&2; exit 2 ;;
    esac
done

CACHE=bench/.cache
CSV=bench/data/events_${ROWS}.csv
JSON=bench/data/events_${ROWS}.json
mkdir -p "$CACHE" bench/data

# --- data ---------------------------------------------------------------
if [[ ! -x $CACHE/gen || bench/gen.c -nt $CACHE/gen ]]; then
    cc -std=c11 -O2 -Wall -Wextra -o "$CACHE/gen" bench/gen.c
fi
if [[ ! -s $CSV ]]; then
    echo "generating $CSV ($ROWS rows)"
    "$CACHE/gen" "$ROWS" "$CSV.tmp"
    mv "$CSV.tmp" "$CSV"
fi
if [[ $CALLGRIND == 0 && " $WORKLOADS " == *" window "* ]] &&
   [[ ! -x $CACHE/handwritten || bench/handwritten.c -nt $CACHE/handwritten ]]; then
    cc -std=c11 -O2 -Wall -Wextra -o "$CACHE/handwritten" bench/handwritten.c
fi
if [[ " $WORKLOADS " == *" json "* && ! -s $JSON ]]; then
    echo "generating $JSON ($ROWS rows)"
    "$CACHE/gen" --json "$ROWS" "$JSON.tmp"
    mv "$JSON.tmp" "$JSON"
fi

# --- sluice's statements per workload ---------------------------------------
sluice_sql() {
    local fmt=csv ts=TIMESTAMP wm=", WATERMARK FOR ts AS ts - INTERVAL '1' SECOND" query
    case $1 in
        groupby) wm=""
                 query="SELECT key, count(*), sum(value) FROM s GROUP BY key EMIT COMPLETE;" ;;
        window|json)
                 query="SELECT window.start, key, count(*), sum(value) FROM s
                        GROUP BY window(ts, '10 seconds'), key;" ;;
        filter)  wm="" ts=TEXT
                 query="SELECT ts, key, value * 2 FROM s WHERE value < 5000;" ;;
    esac
    [[ $1 == json ]] && fmt=json
    printf "CREATE STREAM s (ts %s, key TEXT, value BIGINT%s)
  WITH (connector = 'stdin', format = '%s');
%s" "$ts" "$wm" "$fmt" "$query"
}

data_of() { if [[ $1 == json ]]; then echo "$JSON"; else echo "$CSV"; fi; }

# --- the contenders -------------------------------------------------------
# run_TOOL WORKLOAD writes the result as comma-separated lines (any order)
# to stdout: groupby key,count,sum; window/json start,key,count,sum;
# filter ts,key,value*2. wc writes the line count. runs TOOL WORKLOAD
# says whether TOOL has a program for WORKLOAD.

runs() { [[ $1 != c || $2 == window ]]; }

run_wc() { wc -l < "$(data_of "$1")"; }

run_mawk() {
    case $1 in
        groupby)
            mawk -F, '{ c[$2]++; s[$2] += $3 }
                      END { for (k in c) printf "%s,%d,%.0f\n", k, c[k], s[k] }' "$CSV" ;;
        window)   # 10-second window start: the ts text up to the tens of seconds
            mawk -F, '{ g = substr($1, 1, 18) "0," $2; c[g]++; s[g] += $3 }
                      END { for (g in c) printf "%s,%d,%.0f\n", g, c[g], s[g] }' "$CSV" ;;
        json)     # {"ts":"...","key":"k1","value":12}: fields between quotes
            mawk -F'"' '{ g = substr($4, 1, 18) "0," $8; c[g]++; s[g] += substr($11, 2) + 0 }
                        END { for (g in c) printf "%s,%d,%.0f\n", g, c[g], s[g] }' "$JSON" ;;
        filter)
            mawk -F, '$3 < 5000 { printf "%s,%s,%d\n", $1, $2, $3 * 2 }' "$CSV" ;;
    esac
}

run_sqlite() {
    local load query
    load=".mode csv
.import $CSV s"
    case $1 in
        groupby) query="SELECT key, count(*), sum(value) FROM s GROUP BY key;" ;;
        window)  query="SELECT substr(ts, 1, 18) || '0', key, count(*), sum(value)
                        FROM s GROUP BY 1, 2;" ;;
        json)    load=".mode ascii
.separator \"\\037\" \"\\n\"
CREATE TABLE j (line TEXT);
.import $JSON j"
                 query="SELECT substr(line ->> '\$.ts', 1, 18) || '0', line ->> '\$.key',
                               count(*), sum(line ->> '\$.value') FROM j GROUP BY 1, 2;" ;;
        filter)  query="SELECT ts, key, value * 2 FROM s WHERE value < 5000;" ;;
    esac
    sqlite3 -batch :memory: <<EOF
CREATE TABLE s (ts TEXT, key TEXT, value INTEGER);
$load
.mode list
.separator "," "\n"
$query
EOF
}

DUCKDB=0
duckdb_setup() {
    [[ ${BENCH_NO_DUCKDB:-0} == 1 ]] && { echo "notice: DuckDB skipped (BENCH_NO_DUCKDB=1)"; return; }
    if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
        echo "notice: node/npm not found: DuckDB skipped"
        return
    fi
    mkdir -p "$CACHE/node"
    if [[ ! -d $CACHE/node/node_modules/@duckdb/node-api ]]; then
        echo "installing @duckdb/node-api into $CACHE/node (once)"
        if ! (cd "$CACHE/node" && timeout 300 npm install --no-audit --no-fund --silent \
                @duckdb/node-api > npm.log 2>&1); then
            echo "notice: could not install @duckdb/node-api (see $CACHE/node/npm.log): DuckDB skipped"
            return
        fi
    fi
    cp bench/duckdb.mjs "$CACHE/node/duckdb.mjs"
    DUCKDB=1
}

run_duckdb() {
    local src out query
    out=$ROOT/$CACHE/duckdb.csv
    src="read_csv('$ROOT/$CSV', header = false,
                  columns = {'ts': 'TIMESTAMP', 'key': 'VARCHAR', 'value': 'BIGINT'})"
    case $1 in
        groupby) query="SELECT key, count(*), sum(value) FROM $src GROUP BY key" ;;
        window|json)
            if [[ $1 == json ]]; then
                src="read_json('$ROOT/$JSON', format = 'newline_delimited',
                      columns = {'ts': 'TIMESTAMP', 'key': 'VARCHAR', 'value': 'BIGINT'})"
            fi
            query="SELECT time_bucket(INTERVAL '10 seconds', ts), key, count(*), sum(value)
                   FROM $src GROUP BY ALL" ;;
        filter)
            src=${src/\'ts\': \'TIMESTAMP\'/\'ts\': \'VARCHAR\'}
            query="SELECT ts, key, value * 2 FROM $src WHERE value < 5000" ;;
    esac
    rm -f "$out"
    (cd "$CACHE/node" && node duckdb.mjs "COPY ($query) TO '$out' (FORMAT csv, HEADER false)")
    cat "$out"
}

# The window workload hand-written in C (bench/handwritten.c): same pipe
# as sluice's.
# shellcheck disable=SC2002
run_c() { cat "$CSV" | timeout "$TIMEOUT" "$CACHE/handwritten"; }

# COMPLETE mode prints the whole table after every micro-batch (and CSV has
# no marker between snapshots): keep the last NKEYS lines, the last one.
# Other workloads: everything but the header line.
# shellcheck disable=SC2002  # the pipe is the point: stdin connector
run_sluice() {
    local sql
    sql=$(sluice_sql "$1")
    if [[ $1 == groupby ]]; then
        cat "$CSV" | timeout "$TIMEOUT" "$SLUICE" --format csv -e "$sql" | tail -n "$NKEYS"
    else
        # Straight to the output file, as the other tools write theirs: the
        # header line is dropped when results are compared (result()).
        cat "$(data_of "$1")" | timeout "$TIMEOUT" "$SLUICE" --format csv -e "$sql"
    fi
}

# time_best TOOL WORKLOAD: run run_TOOL $RUNS times; output in
# $CACHE/TOOL.WORKLOAD.out, best wall time (seconds) in BEST[TOOL.WORKLOAD].
# Returns non-zero if a run failed.
declare -A BEST
time_best() {
    local tool=$1 w=$2 name=$1.$2 i t best=""
    local TIMEFORMAT=%R
    for ((i = 1; i <= RUNS; i++)); do
        if ! { time "run_$tool" "$w" > "$CACHE/$name.out" 2> "$CACHE/$name.err"; } 2> "$CACHE/$name.time"; then
            echo "  $tool ($w): run $i failed:" >&2
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
result() {
    if [[ $1 == sluice.* && $1 != sluice.groupby ]]; then
        tail -n +2 "$CACHE/$1.out" | LC_ALL=C sort
    else
        LC_ALL=C sort "$CACHE/$1.out"
    fi
}

machine() {
    echo "machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(date -u +%Y-%m-%d)"
}

# --- callgrind mode -------------------------------------------------------
if [[ $CALLGRIND == 1 ]]; then
    command -v valgrind > /dev/null || { echo "bench: valgrind not found" >&2; exit 2; }
    [[ -x $SLUICE ]] || { echo "bench: $SLUICE not found" >&2; exit 2; }
    echo "callgrind: $ROWS rows, $SLUICE"
    machine
    printf '\n%-10s %16s %12s\n' workload instructions "per row"
    for w in $WORKLOADS; do
        out=$CACHE/callgrind.$w.out
        valgrind --tool=callgrind --callgrind-out-file="$out" \
            "$SLUICE" --format csv -e "$(sluice_sql "$w")" < "$(data_of "$w")" \
            > /dev/null 2> "$CACHE/callgrind.$w.err"
        ir=$(sed -n 's/^==[0-9]*== Collected : //p' "$CACHE/callgrind.$w.err")
        printf '%-10s %16s %12s\n' "$w" "$ir" "$(awk -v i="$ir" -v n="$ROWS" 'BEGIN { printf "%.0f", i / n }')"
    done
    for w in $WORKLOADS; do
        echo
        echo "top functions ($w; callgrind_annotate $CACHE/callgrind.$w.out):"
        callgrind_annotate "$CACHE/callgrind.$w.out" 2> /dev/null |
            sed -n '/^ *Ir /,$p' | sed -n '3,14p' | sed 's/^/  /'
    done
    exit 0
fi

# --- the runs -------------------------------------------------------------
echo "bench: $ROWS rows ($(du -h "$CSV" | cut -f1) CSV), best of $RUNS runs, workloads: $WORKLOADS"
machine
duckdb_setup
TOOLS="wc mawk sqlite"
[[ $DUCKDB == 1 ]] && TOOLS="$TOOLS duckdb"
TOOLS="$TOOLS c sluice"
label() { if [[ $1 == c ]]; then echo "C (by hand)"; else echo "$1"; fi; }

status=0
NKEYS=1000
if [[ ! -x $SLUICE ]]; then
    echo "  sluice: $SLUICE not found (run ./dev build)" >&2
    status=1
fi
declare -A AGREE
for w in $WORKLOADS; do
    echo "workload $w ..."
    for tool in $TOOLS; do
        [[ $tool == sluice && ! -x $SLUICE ]] && continue
        runs "$tool" "$w" || continue
        time_best "$tool" "$w" || status=1
        if [[ $tool == mawk && $w == groupby ]]; then NKEYS=$(wc -l < "$CACHE/mawk.groupby.out"); fi
    done
    lines=$(tr -d ' ' < "$CACHE/wc.$w.out")
    if [[ $lines != "$ROWS" ]]; then
        echo "  wc -l counted $lines lines, expected $ROWS" >&2
        status=1
    fi
    # Agreement with mawk's result.
    AGREE[$w]="$(wc -l < "$CACHE/mawk.$w.out") result rows agree"
    for tool in $TOOLS; do
        [[ $tool == wc || $tool == mawk || -z ${BEST[$tool.$w]:-} ]] && continue
        if ! cmp -s <(result "mawk.$w") <(result "$tool.$w"); then
            echo "  $tool disagrees with mawk on $w:" >&2
            diff <(result "mawk.$w") <(result "$tool.$w") | head -n 6 >&2 || true
            AGREE[$w]="DISAGREE"
            status=1
        fi
    done
done

for w in $WORKLOADS; do
    printf '\n%s: %s\n' "$w" "${AGREE[$w]}"
    printf '%-12s %10s %14s %18s\n' tool "best (s)" "rows/s" "time / sluice's"
    for tool in $TOOLS; do
        runs "$tool" "$w" || continue
        t=${BEST[$tool.$w]:-}
        if [[ -z $t ]]; then
            printf '%-12s %10s %14s %18s\n' "$(label "$tool")" - - -
            continue
        fi
        ratio=-
        if [[ -n ${BEST[sluice.$w]:-} ]]; then
            ratio=$(awk -v a="$t" -v b="${BEST[sluice.$w]}" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')
        fi
        rate=$(awk -v n="$ROWS" -v t="$t" 'BEGIN { printf "%.2f M", (t > 0 ? n / t : 0) / 1e6 }')
        printf '%-12s %10s %14s %18s\n' "$(label "$tool")" "$t" "$rate" "$ratio"
    done
    if [[ -n ${BEST[c.$w]:-} && -n ${BEST[sluice.$w]:-} ]]; then
        awk -v s="${BEST[sluice.$w]}" -v c="${BEST[c.$w]}" 'BEGIN {
            printf "sluice / C (by hand): %.2fx (goal: within 1.5x)\n", (c > 0 ? s / c : 0) }'
    fi
done
echo
if [[ $status == 0 ]]; then
    echo "results agree"
else
    echo "bench: FAILED (see above)" >&2
fi
exit "$status"
