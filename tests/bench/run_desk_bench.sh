#!/usr/bin/env bash
# Desk-lab benchmark (reconcile engine, netns backend). As root. Prints:
#  - wall time of --create, of a no-op --create right after, and of --destroy for 300 VMs on
#    3 simulated hosts (targets: create <= 10 s, no-op <= 10% of create, destroy <= 5 s);
#  - TCP throughput VM-to-VM across hosts (VXLAN) against a plain veth+bridge pair measured in
#    the same run (target: ratio >= 0.5).
# usage: tests/bench/run_desk_bench.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
dcod="$build/dcod"
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)" >&2; exit 2; }
[ -x "$dcod" ] && [ -x "$build/dcod_gen_scenario" ] || { echo "build first: make build" >&2; exit 2; }
command -v iperf3 >/dev/null || { echo "needs iperf3" >&2; exit 2; }
work=$(mktemp -d)
plain=dcodbench-plain
cleanup() {
  "$dcod" -f "$work/bench.xml" --state-dir "$work/state" --destroy >/dev/null 2>&1 || true
  "$dcod" -f "$work/tput.xml" --state-dir "$work/tput-state" --destroy >/dev/null 2>&1 || true
  for ns in $plain-a $plain-b $plain-br; do ip netns del $ns 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

seconds() { local t0=$(date +%s.%N); "$@" > "$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }; awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'; }

"$build/dcod_gen_scenario" 3 10 300 round-robin > "$work/bench.xml"
run() { "$dcod" -f "$work/bench.xml" --state-dir "$work/state" "$@"; }
create=$(seconds run --create)
grep -q "created 0, " "$work/out" && { echo "scenario 'bench' existed already: destroy it first" >&2; exit 1; }
noop=$(seconds run --create)
grep -q "nothing to change on" "$work/out" || { echo "the second create changed something" >&2; exit 1; }

destroy=$(seconds run --destroy)

# Throughput: two VMs of one net on two simulated hosts (VXLAN across the underlay) ...
cat > "$work/tput.xml" <<'XML'
<scenario name="tput" version="1">
  <global><segmentation algorithm="static"/></global>
  <host name="hv1"/><host name="hv2"/>
  <net name="n" vni="10"/>
  <vm name="a" host="hv1"><if id="0" net="n"><ipv4>10.9.0.1/24</ipv4></if></vm>
  <vm name="b" host="hv2"><if id="0" net="n"><ipv4>10.9.0.2/24</ipv4></if></vm>
</scenario>
XML
tput() { "$dcod" -f "$work/tput.xml" --state-dir "$work/tput-state" "$@"; }
tput --create > /dev/null
iperf() {  # $1 client netns, $2 server netns, $3 server address: receiver Mbit/s
  ip netns exec "$2" iperf3 -s -1 -D -p 5201 >/dev/null 2>&1; sleep 0.5
  ip netns exec "$1" iperf3 -c "$3" -p 5201 -t 5 -f m | awk '/receiver/ { for (i = 1; i < NF; i++) if ($(i+1) == "Mbits/sec") print $i }'
}
vxlan_mbps=$(iperf dcod.tput.vm.a dcod.tput.vm.b 10.9.0.2)
tput --destroy > /dev/null

# ... against a plain veth+bridge pair on this machine, measured in the same run.
ip netns add $plain-a; ip netns add $plain-b; ip netns add $plain-br
ip -n $plain-br link add br0 type bridge; ip -n $plain-br link set br0 up
for side in a b; do
  ip -n $plain-br link add p$side type veth peer name eth0 netns $plain-$side
  ip -n $plain-br link set p$side master br0 up
  ip -n $plain-$side link set eth0 up
done
ip -n $plain-a addr add 10.254.0.1/24 dev eth0; ip -n $plain-b addr add 10.254.0.2/24 dev eth0
plain_mbps=$(iperf $plain-a $plain-b 10.254.0.2)

awk -v c="$create" -v n="$noop" -v d="$destroy" -v x="$vxlan_mbps" -v p="$plain_mbps" 'BEGIN {
  printf "300 VMs on 3 simulated hosts (%s)\n", "10 nets";
  printf "  create          %6.2f s   (target <= 10 s)\n", c;
  printf "  no-op create    %6.2f s   = %4.1f%% of create (target <= 10%%)\n", n, 100 * n / c;
  printf "  destroy         %6.2f s   (target <= 5 s)\n", d;
  printf "TCP VM-to-VM across hosts (VXLAN) %8.2f Gbit/s\n", x / 1e3;
  printf "TCP plain veth+bridge pair        %8.2f Gbit/s\n", p / 1e3;
  printf "  ratio %.2f (target >= 0.5)\n", x / p;
}'
