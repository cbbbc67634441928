#!/usr/bin/env bash
# SSH benchmark (issue: remote hosts). As root. Eight "remote" Linux hosts (network namespaces
# with their own sshd) behind a relay that adds 10 ms each way (20 ms round trip; this kernel
# has no netem, so the delay is added in user space on the SSH connection, which is what the
# control plane sees). Prints:
#  - --create on 8 hosts vs the same per-host work on 1 host (target: <= 1.5x); every host gets
#    its own net and VMS_PER_HOST VMs (default 2), so the per-host work is the same in both
#    runs. All "remote" hosts share this machine's CPUs, so heavier work measures CPU contention,
#    not the parallelism over the network that the target is about;
#  - a no-op --create on 8 hosts vs the create (target: <= 25%): the creates log in afresh (no
#    session is kept yet); the no-op finds the sessions the create kept (--ssh-persist, the
#    default), and is also shown logging in afresh (--ssh-persist 0);
#  - remote round trips per host for create and no-op;
#  - the DCoD way as a baseline: hosts one after another, one SSH connection per command.
# Every time is the median of 3 runs (5 for the no-op with kept sessions).
# usage: tests/bench/run_ssh_bench.sh [BUILD_DIR]
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
dcod="$build/dcod"
relay="$build/dcod_delay_relay"
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)" >&2; exit 2; }
[ -x "$dcod" ] && [ -x "$relay" ] || { echo "build first: make build" >&2; exit 2; }
[ -x /usr/sbin/sshd ] || { echo "needs openssh-server" >&2; exit 2; }
hosts=8
vms_per_host=${VMS_PER_HOST:-2}
work=$(mktemp -d)
lab=dcodsshbench
net=198.19.250
cleanup() {
  set +e
  for s in eight one; do "$dcod" -f "$work/$s.xml" --state-dir "$work/$s.state" --known-hosts "$work/known_hosts" \
      --destroy >/dev/null 2>&1 || true; done
  stop_remote_lab
  rm -rf "$work"
}
. "$(dirname "$0")/remote_lab.sh"
trap cleanup EXIT
start_remote_lab "2222:10"

scenario() {  # $1 name, $2 number of hosts: the same work on every host (its own net, 10 VMs)
  echo "<scenario name=\"$1\" version=\"1\"><global><segmentation algorithm=\"static\"/></global>"
  for h in $(seq 1 "$2"); do
    echo "<host name=\"hv$h\" address=\"$net.$h\" port=\"${PORT:-2222}\" user=\"root\" identity=\"$work/client\"/>"
    echo "<net name=\"n$h\" vni=\"$((100 + h))\"/>"
    for v in $(seq 1 $vms_per_host); do
      echo "<vm name=\"v${h}x$v\" host=\"hv$h\"><if id=\"0\" net=\"n$h\"><ipv4>10.$h.0.$v/24</ipv4></if></vm>"
    done
  done
  echo "</scenario>"
}
scenario eight $hosts > "$work/eight.xml"
scenario one 1 > "$work/one.xml"
run() { "$dcod" -f "$work/$1.xml" --state-dir "$work/$1.state" --known-hosts "$work/known_hosts" --accept-new-host-keys "${@:2}"; }
seconds() { local t0=$(date +%s.%N); "$@" > "$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }; awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'; }
trips() { grep -o 'round trips per host: .*' "$work/out" | sed 's/round trips per host: //'; }

# --ssh-persist 0: no session may be kept for the creates measured below.
actions=$(run eight --plan --ssh-persist 0 | grep -o 'Plan: [0-9]*' | grep -o '[0-9]*' || true)
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# Medians: each create starts from nothing (the destroy before it also ends the kept sessions,
# so it logs in afresh, and the wait after it lets the kernel finish freeing the namespaces in
# the background); the no-ops follow the last create of the 8 hosts.
settle() { run "$1" --destroy > /dev/null; sleep 2; }  # the kernel frees namespaces after
one=$(for _ in 1 2 3; do seconds run one --create; echo; settle one; done | median)
eight=$(for n in 1 2 3; do
  [ "$n" = 1 ] || settle eight
  seconds run eight --create -v --no-color; echo; trips > "$work/eight_trips"
done | median)
eight_trips=$(cat "$work/eight_trips")
noop=$(for _ in 1 2 3 4 5; do
  seconds run eight --create -v --no-color; echo
  grep -q "nothing to change on" "$work/out" || { echo "a second create changed something" >&2; exit 1; }
done | median)
noop_trips=$(trips)
cold=$(for _ in 1 2 3; do seconds run eight --create --ssh-persist 0; echo; done | median)

# The DCoD way: hosts one after another, one SSH connection per command (here: per action).
per_host=$(( actions / hosts ))
t0=$(date +%s.%N)
for h in $(seq 1 $hosts); do for _ in $(seq 1 $per_host); do
  ssh -q -p 2222 -i "$work/client" -o UserKnownHostsFile="$work/known_hosts" -o BatchMode=yes root@$net.$h true
done; done
dcod_way=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')

awk -v one="$one" -v eight="$eight" -v noop="$noop" -v cold="$cold" -v base="$dcod_way" -v n="$actions" \
    -v h="$hosts" -v v="$vms_per_host" -v et="$eight_trips" -v nt="$noop_trips" 'BEGIN {
  printf "%d remote hosts behind 20 ms round trips, %d VMs each, %d actions\n", h, v, n;
  printf "  create, 1 host            %6.2f s\n", one;
  printf "  create, %d hosts           %6.2f s   = %.2fx of 1 host (target <= 1.5x)\n", h, eight, eight / one;
  printf "  no-op create, %d hosts     %6.2f s   = %.0f%% of create (target <= 25%%), sessions kept\n", h, noop, 100 * noop / eight;
  printf "  no-op, fresh logins        %6.2f s   = %.0f%% of create (--ssh-persist 0)\n", cold, 100 * cold / eight;
  printf "  round trips per host, create: %s\n", et;
  printf "  round trips per host, no-op:  %s\n", nt;
  printf "  DCoD way (sequential hosts, one connection per command): %.2f s = %.1fx dcod\n", base, base / eight;
}'
