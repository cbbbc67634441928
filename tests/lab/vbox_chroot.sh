#!/usr/bin/env bash
# The real VBoxManage 7.2 for the simulator's conformance test (DESIGN §9, ../shared/vbox/):
# Debian unstable's virtualbox in a chroot made from the Debian registry this machine's apt
# already uses. No kernel module loads here, so only configuration commands work.
#
#   vbox_chroot.sh ensure ROOT      build ROOT once (idempotent; ~2 minutes the first time)
#   vbox_chroot.sh up ROOT          mount /proc, /dev and /sys into ROOT
#   vbox_chroot.sh run ROOT HOME ARGS...   run VBoxManage ARGS as root with HOME (its registry)
#   vbox_chroot.sh down ROOT        wait for VBoxSVC to end (by the PIDs whose root is ROOT), unmount
#   vbox_chroot.sh reset ROOT       down, then forget every VM (VirtualBox keeps its registry and
#                                   machine folder under root's passwd home, whatever HOME says)
#   vbox_chroot.sh clean ROOT       down, then remove ROOT
set -euo pipefail

cmd=${1:?usage: vbox_chroot.sh ensure|up|run|down|clean ROOT ...}
root=$(realpath -m "${2:?ROOT missing}")
shift 2

# The mirror apt on this machine uses (deb822 .sources or a one-line sources.list).
mirror() {
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' |
        grep -v security | head -n1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' |
          grep -v security | head -n1 || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

mounted() { mountpoint -q "$root/$1"; }

up() {
  for d in proc dev sys; do
    mounted "$d" || mount --bind "/$d" "$root/$d"
  done
}

# The processes running inside ROOT (VBoxSVC, VBoxXPCOMIPCD), by the root they see.
chroot_pids() {
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && echo "${p#/proc/}"
  done
  return 0
}

down() {
  [ -d "$root" ] || return 0
  # VBoxSVC ends a few seconds after its last client; give it ten, then end it by PID.
  local tries pids
  for tries in $(seq 1 100); do
    pids=$(chroot_pids)
    [ -z "$pids" ] && break
    [ "$tries" = 100 ] && kill -9 $pids 2>/dev/null || true
    sleep 0.1
  done
  for d in sys dev proc; do
    mounted "$d" && umount -l "$root/$d"
  done
  return 0
}

ensure() {
  [ -x "$root/usr/lib/virtualbox/VBoxManage" ] && return 0
  exec 9>"$root.lock"
  flock 9
  [ -x "$root/usr/lib/virtualbox/VBoxManage" ] && return 0
  command -v debootstrap >/dev/null || { echo "debootstrap is not installed" >&2; exit 1; }
  down
  rm -rf "$root"
  debootstrap --variant=minbase --components=main,contrib sid "$root" "$(mirror)" >/dev/null
  up
  trap down EXIT
  chroot "$root" apt-get -qq -o Acquire::Check-Valid-Until=false update
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get -qq \
    -o Acquire::Check-Valid-Until=false install -y --no-install-recommends \
    virtualbox virtualbox-source >/dev/null
  chroot "$root" /usr/lib/virtualbox/VBoxManage --version
}

case "$cmd" in
  ensure) ensure ;;
  up) up ;;
  run)
    home=${1:?HOME missing}
    shift
    mkdir -p "$root/$home"
    exec chroot "$root" env -i HOME="$home" USER=root LANG=C PATH=/usr/bin:/bin \
      /usr/lib/virtualbox/VBoxManage "$@"
    ;;
  down) down ;;
  reset)
    down
    rm -rf "$root/root/.config/VirtualBox" "$root/root/VirtualBox VMs" "$root/root/dcod"
    ;;
  clean)
    down
    rm -rf "$root" "$root.lock"
    ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
