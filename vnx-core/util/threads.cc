#include "util/threads.h"

#include <mutex>
#include <system_error>

namespace dcod {

namespace {

std::mutex g_mutex;
int g_allowed = 0;   // starts still allowed before the refusals begin
int g_refusals = 0;  // starts to refuse after those

/// Takes one refusal, if a test asked for some and its allowed starts are used up.
bool refused_for_tests() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_refusals == 0) return false;
  if (g_allowed > 0) {
    --g_allowed;
    return false;
  }
  --g_refusals;
  return true;
}

}  // namespace

std::optional<std::thread> try_start_thread(std::function<void()> job) {
  if (refused_for_tests()) return std::nullopt;
  try {
    return std::thread(std::move(job));
  } catch (const std::system_error&) {
    return std::nullopt;
  }
}

void refuse_thread_starts_for_tests(int count, int after) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_refusals = count;
  g_allowed = after;
}

}  // namespace dcod
