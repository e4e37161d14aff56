#!/usr/bin/env bash
# run_fuzz.sh TARGET SEED_DIR[:SEED_DIR...] WORK_DIR [SECONDS]
# Run one libFuzzer target for SECONDS (default $FUZZ_SECONDS, else 20)
# over WORK_DIR/corpus (new inputs land there; the seed corpus in the
# repository is only read; fuzz_sql also reads the golden cases of
# tests/sql/cases, named as a second seed directory). A crash, leak, sanitizer report or an input
# slower than 10 s is written to WORK_DIR/ (crash-*, leak-*, timeout-*)
# and makes this script exit non-zero.
set -euo pipefail
target=$1 work=$3
IFS=: read -ra seeds <<< "$2"
secs=${4:-${FUZZ_SECONDS:-20}}
mkdir -p "$work/corpus"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
exec "$target" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/" \
    "$work/corpus" "${seeds[@]}"
