#pragma once

#include <cstdint>

#include "min_tunnels/partition.h"

namespace dcod::seg {

/// One Fiduccia–Mattheyses pass on the λ − 1 cost: the best move of any free node, gain or
/// loss, is made again and again (each node moves at most once, always within balance), and the
/// partition is rolled back to the cheapest point of the sequence. It climbs out of the local
/// minima where every single move loses, which the greedy passes of refine() stop at. Returns
/// the gain kept (0: nothing changed).
std::int64_t fm_pass(Partition& partition, std::uint32_t patience);

}  // namespace dcod::seg
