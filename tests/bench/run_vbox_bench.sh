#!/usr/bin/env bash
# VirtualBox benchmark (issue 12). As root. Two simulated VirtualBox hosts of the SSH lab with 10
# VMs each; prints, per host, the VBoxManage calls and SSH round trips of a create, a no-op
# create and a destroy, then the wall time of the 20-VM create and no-op with DELAY_MS (default
# 150) added to every VBoxManage call. Targets: a no-op costs 1 round trip (to the host; one
# more goes to its proxy VM) and at most 2 + (VMs on the host, the proxy VM counted) calls per
# host; a create at most 8 calls per VM. Then the same with vb1 a Windows host reached through
# Wine's cmd.exe (issue 13; WIN_DELAY_MS, default 300, per call there; needs make wine-prefix).
# usage: tests/bench/run_vbox_bench.sh [BUILD_DIR]
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)" >&2; exit 2; }
[ -x "$build/dcod_vbox_bench" ] || { echo "build first: make build" >&2; exit 2; }
exec "$build/dcod_vbox_bench"
