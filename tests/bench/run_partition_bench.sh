#!/usr/bin/env bash
# Segmentation quality benchmark (issue: topology-aware segmentation). For each scenario family
# of dcod_gen_family (multi-tenant, fat-tree, random, campus; 1,500-2,000 VMs on 8-16 hosts)
# prints replication cost Σ(span − 1), imbalance and wall time of min-tunnels, weighted and
# round-robin (dcod --seg-info, whole process), and of METIS (gpmetis on the clique expansion of
# the same hypergraph, -ufactor=100 = the same 1.10 balance bound; its partition is pinned and
# measured by dcod, so every row is measured the same way). Then 10,000 VMs / 500 hosts.
# Targets: min-tunnels <= METIS and <= 0.5x round-robin on every family, imbalance <= 1.10,
# <= 1 s per family and for 10,000 VMs / 500 hosts. KaHyPar (direct k-way, km1 = the same
# Σ(λ − 1), ε = 0.10, best of its seeds 1-3) is the state of the art; it is not a Debian
# package, so its costs on these families at seed 1 are a fixed column (multi-tenant 9,
# fat-tree 33, random 438, campus 9) and min-tunnels <= KaHyPar is a target of its own.
# usage: tests/bench/run_partition_bench.sh [BUILD_DIR] [SEED]
set -euo pipefail
build=${1:-build}
seed=${2:-1}
dcod="$build/dcod"; gen="$build/dcod_gen_family"
[ -x "$dcod" ] && [ -x "$gen" ] && [ -x "$build/dcod_gen_scenario" ] || { echo "build first: make build" >&2; exit 2; }
command -v gpmetis > /dev/null || { echo "needs gpmetis (apt-get install metis)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

field() { grep -o "\"$1\": *[0-9.]*" "$2" | head -1 | sed 's/.*: *//'; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
# seg FILE -> "cost imbalance seconds"
seg() {
  local t0; t0=$(now)
  "$dcod" -f "$1" --seg-info --format json > "$work/seg.json"
  echo "$(field replication_cost "$work/seg.json") $(field imbalance "$work/seg.json") $(since "$t0")"
}

printf '%-13s %6s %5s  %-12s %8s %9s %7s\n' family VMs hosts algorithm cost imbalance seconds
verdict=met
kahypar_verdict=met
declare -A kahypar=([multi-tenant]=9 [fat-tree]=33 [random]=438 [campus]=9)
for family in multi-tenant fat-tree random campus; do
  hosts=$("$gen" "$family" "$seed" hosts)
  declare -A cost=() imb=() secs=()
  for algorithm in min-tunnels weighted round-robin; do
    "$gen" "$family" "$seed" xml "$algorithm" > "$work/s.xml"
    read -r cost[$algorithm] imb[$algorithm] secs[$algorithm] < <(seg "$work/s.xml")
  done
  vms=$(grep -c '<vm ' "$work/s.xml")
  "$gen" "$family" "$seed" metis > "$work/g.graph"
  t0=$(now)
  gpmetis -ufactor=100 -seed="$seed" "$work/g.graph" "$hosts" > "$work/metis.out"
  secs[metis]=$(since "$t0")
  "$gen" "$family" "$seed" pinned "$work/g.graph.part.$hosts" > "$work/p.xml"
  read -r cost[metis] imb[metis] _ < <(seg "$work/p.xml")
  for algorithm in min-tunnels metis weighted round-robin; do
    printf '%-13s %6d %5d  %-12s %8d %9.3f %7.3f\n' "$family" "$vms" "$hosts" "$algorithm" \
      "${cost[$algorithm]}" "${imb[$algorithm]}" "${secs[$algorithm]}"
  done
  ok=$(awk -v m="${cost[min-tunnels]}" -v g="${cost[metis]}" -v r="${cost[round-robin]}" \
    -v i="${imb[min-tunnels]}" -v s="${secs[min-tunnels]}" 'BEGIN {
      printf "%s", (m <= g && m <= 0.5 * r && i <= 1.10 + 1e-9 && s <= 1.0) ? "met" : "MISSED" }')
  awk -v f="$family" -v m="${cost[min-tunnels]}" -v g="${cost[metis]}" -v r="${cost[round-robin]}" -v ok="$ok" 'BEGIN {
    printf "  %s: min-tunnels / METIS = %.2f, min-tunnels / round-robin = %.2f: %s\n", f,
      (g ? m / g : 0), (r ? m / r : 0), ok }'
  [ "$ok" = met ] || verdict=MISSED
  if [ "$seed" = 1 ]; then
    k=${kahypar[$family]}
    ok=$(awk -v m="${cost[min-tunnels]}" -v k="$k" 'BEGIN { printf "%s", m <= k ? "met" : "MISSED" }')
    printf '  %s: min-tunnels %d against KaHyPar %d (fixed, seed 1): %s\n' "$family" \
      "${cost[min-tunnels]}" "$k" "$ok"
    [ "$ok" = met ] || kahypar_verdict=MISSED
  fi
done

"$build/dcod_gen_scenario" 500 2000 10000 min-tunnels > "$work/big.xml"
read -r big_cost big_imb big_s < <(seg "$work/big.xml")
printf '10,000 VMs / 500 hosts, min-tunnels: cost %d, imbalance %.3f, %.3f s (target <= 1 s)\n' \
  "$big_cost" "$big_imb" "$big_s"
awk -v s="$big_s" 'BEGIN { exit !(s <= 1.0) }' || verdict=MISSED
echo "targets: $verdict"
[ "$seed" = 1 ] && echo "min-tunnels <= KaHyPar on every family: $kahypar_verdict"
true
