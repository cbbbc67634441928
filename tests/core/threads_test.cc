// A thread the system refuses means fewer threads, never a crash or a lost job.
#include "util/threads.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "util/parallel.h"

namespace dcod {

namespace {

/// Undoes a test's refusals, also when the test fails.
struct Refusals {
  explicit Refusals(int count, int after = 0) { refuse_thread_starts_for_tests(count, after); }
  ~Refusals() { refuse_thread_starts_for_tests(0); }
};

}  // namespace

TEST(Threads, ARefusedStartReturnsNothingAndTheNextOneRuns) {
  Refusals refusals(1);
  EXPECT_FALSE(try_start_thread([] {}).has_value());
  std::atomic<bool> ran{false};
  std::optional<std::thread> t = try_start_thread([&] { ran = true; });
  ASSERT_TRUE(t.has_value());
  t->join();
  EXPECT_TRUE(ran);
}

TEST(Threads, ParallelForRunsEveryJobOnTheCallerWhenNoThreadStarts) {
  Refusals refusals(1000);
  std::set<std::thread::id> threads;
  std::vector<int> done(50, 0);
  parallel_for(done.size(), 8, [&](std::size_t i) {
    threads.insert(std::this_thread::get_id());
    ++done[i];
  });
  EXPECT_EQ(std::count(done.begin(), done.end(), 1), 50);
  EXPECT_EQ(threads, std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST(Threads, ParallelForGoesOnWithTheThreadsItGot) {
  Refusals refusals(1000, 2);  // two helpers start, the third is refused
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::atomic<int> done{0};
  parallel_for(40, 8, [&](std::size_t) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::lock_guard<std::mutex> lock(mutex);
    threads.insert(std::this_thread::get_id());
    ++done;
  });
  EXPECT_EQ(done, 40);
  EXPECT_LE(threads.size(), 3u) << "the caller and the two helpers that started";
  EXPECT_TRUE(threads.count(std::this_thread::get_id()));
}

TEST(Threads, AJobThatThrowsEndsOnlyThatJob) {
  std::atomic<int> done{0};
  parallel_for(10, 3, [&](std::size_t i) {
    if (i == 4) throw std::runtime_error("boom");
    ++done;
  });
  EXPECT_EQ(done, 9);
}

}  // namespace dcod
