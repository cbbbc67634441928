#pragma once

#include <random>

#include "min_tunnels/partition.h"

namespace dcod::seg {

/// Local search on the λ − 1 cost: each free node in turn (seeded random order) moves to the
/// host that lowers the cost most among those that may take it within balance; a move that
/// gains nothing is made only when it evens out load. Where balance blocks a gainful move, a
/// trade with a node on the full host is tried; then whole nets are emptied off the hosts where
/// they have fewest nodes when that pays. Passes repeat until one gains nothing.
void refine(Partition& partition, std::mt19937& rng, int max_passes = 16);

}  // namespace dcod::seg
