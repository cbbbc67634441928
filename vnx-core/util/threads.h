#pragma once

#include <functional>
#include <optional>
#include <thread>

namespace dcod {

/// Starts a thread running `job`, or returns nothing when the system refuses one (EAGAIN under
/// a thread or memory limit): a caller then goes on with the threads it has, never terminates.
std::optional<std::thread> try_start_thread(std::function<void()> job);

/// For tests: after `after` more starts, the next `count` calls of try_start_thread() fail as
/// if the system refused them.
void refuse_thread_starts_for_tests(int count, int after = 0);

}  // namespace dcod
