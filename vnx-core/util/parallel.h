#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace dcod {

/// Threads for `count` independent jobs: `jobs` when given (-j), else all of them up to 32.
inline std::size_t parallel_width(unsigned jobs, std::size_t count) {
  std::size_t width =
      jobs == 0 ? std::min<std::size_t>(count, 32) : std::min<std::size_t>(count, jobs);
  return std::max<std::size_t>(width, count == 0 ? 0 : 1);
}

/// Calls work(i) for every i in [0, count) on at most `width` threads; a thread that finishes
/// takes the next i, so one slow job never holds back the jobs behind it.
inline void parallel_for(std::size_t count, std::size_t width,
                         const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < std::min(width, count); ++t) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < count; i = next++) work(i);
    });
  }
  for (std::thread& t : threads) t.join();
}

}  // namespace dcod
