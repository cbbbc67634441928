#include "util/process.h"

#include <gtest/gtest.h>

namespace dcod {

using namespace std::chrono_literals;

TEST(RunCaptured, FeedsStdinAndKeepsTheStreamsApart) {
  auto r = run_captured({"sh", "-c", "cat; echo oops >&2; exit 3"}, "hello\n", 10s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->exit_status, 3);
  EXPECT_EQ(r->out, "hello\n");
  EXPECT_EQ(r->err, "oops\n");
  EXPECT_FALSE(r->timed_out);
}

TEST(RunCaptured, LargeOutputOnBothStreamsDoesNotDeadlock) {
  auto r = run_captured({"sh", "-c", "head -c 3000000 /dev/zero >&2; head -c 3000000 /dev/zero"},
                        "", 30s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->out.size(), 3000000u);
  EXPECT_EQ(r->err.size(), 3000000u);
}

TEST(RunCaptured, AHangingCommandIsKilledWithItsChildrenAtTheDeadline) {
  auto start = std::chrono::steady_clock::now();
  auto r = run_captured({"sh", "-c", "sleep 30 & sleep 30; echo never"}, "", 300ms);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->timed_out);
  EXPECT_EQ(r->out, "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST(RunCaptured, DeathBySignalIsReported) {
  auto r = run_captured({"sh", "-c", "kill -TERM $$"}, "", 10s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_status, 128 + 15);
}

TEST(RunCaptured, AMissingProgramIsAnError) {
  auto r = run_captured({"dcod-no-such-program"}, "", 10s);
  EXPECT_FALSE(r);
}

}  // namespace dcod
