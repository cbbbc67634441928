#pragma once

#include <optional>
#include <random>

#include "min_tunnels/partition.h"

namespace dcod::seg {

/// Places every node of an empty partition: pinned ones on their hosts, then the others in
/// breadth-first order over the nets (smallest nets first, from seeded starts), each to the host
/// that already carries most of its nets' weight among those with room within balance (ties: the
/// least full); failing that the least full host within balance, then within capacity.
/// Returns a node that fits on no host, if there is one.
std::optional<std::uint32_t> place_greedily(Partition& partition, std::mt19937& rng);

/// Places every node of an empty partition net by net: first the nets that fit on one host,
/// largest first, each whole on the fullest host with room for it (best fit); then the nets too
/// large for any host, largest first, node by node to the hosts that already carry them while
/// they have room, then to the emptiest. Packs LANs whole where they fit. Returns a node that
/// fits on no host, if there is one.
/// With `fitting_first` false, all nets go strictly largest first.
std::optional<std::uint32_t> place_by_nets(Partition& partition, bool fitting_first);

/// Moves nodes off every host above its balance limit, each time the move that costs least, to
/// hosts with room; stops where no such move exists.
void rebalance(Partition& partition);

}  // namespace dcod::seg
