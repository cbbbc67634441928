#!/usr/bin/env bash
# Runs every libFuzzer target of a DCOD_FUZZ build for a bounded time, each from its seeds
# (tests/fuzz/corpus/<target>, plus the examples and the invalid corpus for the scenario
# loader), and prints per target the executions, the corpus it grew to and what it found.
# Usage: run_fuzzers.sh BUILD_DIR SECONDS_PER_TARGET. Exit 1 when a target crashed: the input
# is kept as BUILD_DIR/fuzz-found/<target>-crash-*; make it a regression test by copying it into
# tests/fuzz/corpus/<target>/ once fixed.
set -uo pipefail
build=$1
seconds=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
found="$build/fuzz-found"
mkdir -p "$found"
status=0
printf '%-14s %12s %8s %s\n' target executions corpus result
for target in scenario iproute vbox shell keeper state_record; do
  work="$build/fuzz-corpus/$target"
  mkdir -p "$work"
  seeds=("$src/tests/fuzz/corpus/$target")
  if [ "$target" = scenario ]; then seeds+=("$src/examples" "$src/tests/invalid"); fi
  log="$found/$target.log"
  "$build/fuzz/dcod_fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$found/$target-" \
    "$work" "${seeds[@]}" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  size=$(find "$work" -type f | wc -l)
  if [ $rc -eq 0 ]; then
    result="nothing found"
  else
    result="FOUND: see $log"
    status=1
  fi
  printf '%-14s %12s %8s %s\n' "$target" "${runs:-?}" "$size" "$result"
done
exit $status
