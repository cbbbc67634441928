#!/usr/bin/env bash
# Load + validate + segment benchmark (issue: foundation). Prints wall time and peak RSS of
# `dcod --seg-info --format json` on 10,000 VMs / 500 hosts / 2,000 nets with round-robin,
# the median of several runs, next to `--validate` alone on the same file (same run, so the
# ratio is meaningful on a noisy machine). Targets: <= 1.0 s and <= 256 MB.
# usage: tests/bench/run_seg_bench.sh [BUILD_DIR] [RUNS]
set -euo pipefail
build=${1:-build}
runs=${2:-5}
[ -x "$build/dcod" ] && [ -x "$build/dcod_gen_scenario" ] || { echo "build first: make build" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/dcod_gen_scenario" 500 2000 10000 round-robin > "$work/big.xml"
echo "scenario: 500 hosts, 2000 nets, 10000 VMs, $(grep -c '<if ' "$work/big.xml") interfaces, $(du -h "$work/big.xml" | cut -f1)"

"$build/dcod" -f "$work/big.xml" --seg-info --format json > "$work/seg.json"  # must succeed
echo "replication cost $(grep -o '"replication_cost":[0-9]*' "$work/seg.json" | cut -d: -f2)"

measure() {  # prints "median_seconds peak_rss_kb" over $runs runs of "$@"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" > /dev/null 2>&1
    cat "$work/t"
  done | sort -n | awk '{ t[NR] = $1; if ($2 > m) m = $2 } END { print t[int((NR + 1) / 2)], m }'
}

read -r seg_s seg_kb < <(measure "$build/dcod" -f "$work/big.xml" --seg-info --format json)
read -r val_s val_kb < <(measure "$build/dcod" -f "$work/big.xml" --validate)
printf '%-34s %8s s %8d MB\n' "load+validate (--validate)" "$val_s" $((val_kb / 1024))
printf '%-34s %8s s %8d MB\n' "load+validate+segment (--seg-info)" "$seg_s" $((seg_kb / 1024))
awk -v s="$seg_s" -v m="$seg_kb" 'BEGIN {
  ok = (s <= 1.0 && m / 1024 <= 256) ? "met" : "MISSED";
  printf "target <= 1.0 s and <= 256 MB: %s\n", ok }'

# The largest scenario dcod takes (the loader's limits: 100,000 nets, 50,000 VMs, 16 MiB): it is
# loaded and validated within the same memory bound.
"$build/dcod_gen_scenario" 500 100000 50000 round-robin > "$work/limit.xml"
read -r lim_s lim_kb < <(runs=1 measure "$build/dcod" -f "$work/limit.xml" --validate)
printf '%-34s %8s s %8d MB   (%s)\n' "largest scenario (--validate)" "$lim_s" $((lim_kb / 1024)) \
  "100,000 nets, 50,000 VMs, $(du -h "$work/limit.xml" | cut -f1)"
awk -v m="$lim_kb" 'BEGIN { printf "target <= 256 MB at the limits: %s\n", (m / 1024 <= 256) ? "met" : "MISSED" }'
