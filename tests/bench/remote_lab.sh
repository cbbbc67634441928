# Sourced by the SSH benchmarks: "remote" Linux hosts on this machine, each a network namespace
# with its own sshd on a shared bridge, reached from the director's leg on $net.254.
# Needs: lab (name prefix), net (first three octets), hosts, work (a directory), relay.

# Makes the hosts; `$1`: the relays of each host as "PORT:ONE_WAY_DELAY_MS ..." (each forwards
# to its sshd, adding that delay each way: this kernel has no netem).
start_remote_lab() {
  mkdir -p /run/sshd
  ssh-keygen -q -t ed25519 -N '' -f "$work/client"
  ip netns add $lab.ul; ip -n $lab.ul link add br0 type bridge; ip -n $lab.ul link set br0 up
  ip link add $lab type veth peer name director netns $lab.ul
  ip -n $lab.ul link set director master br0 up; ip addr add $net.254/24 dev $lab; ip link set $lab up
  local h ns dir relay_spec
  for h in $(seq 1 $hosts); do
    ns=$lab.h$h; dir=$work/h$h; mkdir -p "$dir"
    ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key"; cp "$work/client.pub" "$dir/authorized_keys"
    ip netns add $ns; ip -n $ns link set lo up
    ip -n $ns link add eth0 type veth peer name p$h netns $lab.ul; ip -n $lab.ul link set p$h master br0 up
    ip -n $ns addr add $net.$h/24 dev eth0; ip -n $ns link set eth0 up
    printf 'Port 22\nListenAddress %s\nHostKey %s\nPidFile %s\nAuthorizedKeysFile %s\nPermitRootLogin yes\nStrictModes no\nUsePAM no\nPasswordAuthentication no\nLogLevel ERROR\nMaxStartups 200\n' \
      "$net.$h" "$dir/host_key" "$dir/sshd.pid" "$dir/authorized_keys" > "$dir/sshd_config"
    # Its own machine: a private /run/netns and a root ~/.bashrc of its own (this machine's runs
    # tools that cost every SSH command a tenth of a second of CPU).
    touch "$dir/bashrc"
    ip netns exec $ns unshare -m --propagation private sh -c \
      "mount -t tmpfs dcod /run/netns && mount --bind $dir/bashrc /root/.bashrc && exec /usr/sbin/sshd -f $dir/sshd_config"
    for relay_spec in $1; do
      ip netns exec $ns "$relay" $net.$h "${relay_spec%%:*}" $net.$h 22 "${relay_spec##*:}" >/dev/null 2>&1 & disown
    done
  done
  sleep 1
}

# Ends every host (its sshd and relays run in its namespace and end with it) and the bridge.
stop_remote_lab() {
  local h
  for h in $(seq 1 $hosts); do
    ip netns pids $lab.h$h 2>/dev/null | xargs -r kill -9; ip netns del $lab.h$h 2>/dev/null || true
  done
  ip link del $lab 2>/dev/null || true; ip netns del $lab.ul 2>/dev/null || true
}
