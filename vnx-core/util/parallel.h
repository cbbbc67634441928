#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include "util/expected.h"
#include "util/threads.h"

namespace dcod {

/// Hosts worked on at once without -j: enough for a wide-area lab of a few hundred hosts, whose
/// threads mostly wait for the network (more hosts than this go in waves, a round trip each).
inline constexpr std::size_t k_default_width = 256;

/// Threads for `count` independent jobs: `jobs` when given (-j), else all of them up to
/// k_default_width.
inline std::size_t parallel_width(unsigned jobs, std::size_t count) {
  std::size_t width = jobs == 0 ? std::min<std::size_t>(count, k_default_width)
                                : std::min<std::size_t>(count, jobs);
  return std::max<std::size_t>(width, count == 0 ? 0 : 1);
}

/// Calls work(i) for every i in [0, count) on at most `width` threads, the caller's among them;
/// a thread that finishes takes the next i, so one slow job never holds back the jobs behind
/// it. A helper thread the system refuses means fewer threads, not a failure. An exception
/// thrown by one job ends only that job (work() must record its failure itself; see guarded()).
inline void parallel_for(std::size_t count, std::size_t width,
                         const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  auto take_jobs = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        work(i);
      } catch (...) {  // never std::terminate(): the other jobs go on
      }
    }
  };
  std::vector<std::thread> helpers;
  helpers.reserve(std::min(width, count));  // so that no started thread is lost to a failed push
  for (std::size_t t = 1; t < std::min(width, count); ++t) {
    std::optional<std::thread> helper = try_start_thread(take_jobs);
    if (!helper) break;
    helpers.push_back(std::move(*helper));
  }
  take_jobs();
  for (std::thread& t : helpers) t.join();
}

/// The message of the exception being handled, for an error that names it.
inline std::string current_exception_text() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

/// Calls f(), which returns an Expected; an exception it throws becomes an internal Error, so
/// that a bug in one host's backend fails that host and nothing else.
template <typename F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (...) {
    return Error{"internal error: " + current_exception_text(), "", ErrorCode::internal};
  }
}

}  // namespace dcod
