#!/bin/sh
# The Wine prefix the Windows lab hosts are made from (tests/lab/wine_prefix.h): made once per
# build directory by `wine64 wineboot` (about 10 s), under a wineserver this script starts and
# ends by its process id. Each lab host links the big, read-only part (C:\windows) and copies
# the rest.
#   wine_prefix.sh ensure DIR   make DIR unless it is whole already
#   wine_prefix.sh clean DIR    remove it
set -eu
WINE=/usr/lib/wine/wine64
WINESERVER=/usr/lib/wine/wineserver64
cmd=${1:-}
dir=${2:-}
[ -n "$dir" ] || { echo "usage: $0 ensure|clean DIR" >&2; exit 2; }

case "$cmd" in
ensure)
  if [ -f "$dir/.complete" ]; then exit 0; fi
  [ -x "$WINE" ] || { echo "wine_prefix.sh: no $WINE (Debian package wine64)" >&2; exit 1; }
  rm -rf "$dir"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # The server makes its socket's directory (wine-XXXXXX) in TMPDIR: in the prefix, removed
  # at the end (the lab hosts do not copy it).
  mkdir -p "$dir/.tmp"
  export WINEPREFIX="$dir" WINEDEBUG=-all TMPDIR="$dir/.tmp"
  "$WINESERVER" -f -p &
  server=$!
  trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
  "$WINE" wineboot -i >/dev/null 2>&1
  [ -f "$dir/drive_c/windows/system32/cmd.exe" ] || { echo "wine_prefix.sh: wineboot made no cmd.exe" >&2; exit 1; }
  # The server ends the programs wineboot left running (services.exe and others, each in a
  # session of its own), writes the registry out and exits; it is killed if it lingers.
  "$WINESERVER" -k || true
  for _ in $(seq 1 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  trap - EXIT
  # A program that was starting as the server went (winedevice.exe, say) is left without it:
  # whatever still runs with this prefix is this script's, and is ended.
  for p in /proc/[0-9]*; do
    if { tr '\0' '\n' < "$p/environ"; } 2>/dev/null | grep -qxF "WINEPREFIX=$dir"; then
      kill -9 "${p#/proc/}" 2>/dev/null || true
    fi
  done
  rm -rf "$dir/.tmp" "$dir/wineserver"
  touch "$dir/.complete"
  ;;
clean)
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 ensure|clean DIR" >&2
  exit 2
  ;;
esac
