#include "linux/batch_script.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "util/process.h"

namespace dcod::plugins {

namespace {

std::vector<core::ActionResult> run(const BatchScript& script) {
  auto r = run_captured({"/bin/sh", "-s"}, script.text(), std::chrono::seconds(20));
  EXPECT_TRUE(r);
  return script.results(r->out, "missing");
}

}  // namespace

TEST(BatchScript, EachActionSucceedsOrFailsOnItsOwnAndNamesTheFailingCommand) {
  BatchScript script;
  script.add(std::vector<std::string>{"true", "echo hello"});
  script.add(std::vector<std::string>{"true", "echo oops >&2; false", "echo never"});
  script.add(std::vector<std::string>{"echo after"});
  auto results = run(script);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok);
  EXPECT_FALSE(results[1].ok);
  EXPECT_NE(results[1].error.find("oops"), std::string::npos) << results[1].error;
  EXPECT_NE(results[1].error.find("from: echo oops >&2; false"), std::string::npos)
      << results[1].error;
  EXPECT_EQ(results[1].error.find("never"), std::string::npos);
  EXPECT_TRUE(results[2].ok) << "an action after a failed one still runs";
}

TEST(BatchScript, LinesOfOneToolShareOneCallAndFailuresAreAttributedByLine) {
  // A stand-in for iproute2's -batch: fails the lines that say "bad", as -force does.
  std::string tool =
      "sh -c 'n=0; while read l; do n=$((n+1)); case $l in bad*) echo \"Error: $l\" >&2; "
      "echo \"Command failed -:$n\" >&2; rc=1;; esac; done; exit ${rc:-0}' x";
  BatchScript script;
  script.add(BatchLine{tool, "good one"});
  script.add(BatchLine{tool, "bad two"});
  script.add(BatchLine{tool, "good three"});
  script.add(std::vector<std::string>{"true"});
  EXPECT_NE(script.text().find("-force -batch -"), std::string::npos);
  auto results = run(script);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0].ok);
  EXPECT_FALSE(results[1].ok);
  EXPECT_NE(results[1].error.find("Error: bad two"), std::string::npos) << results[1].error;
  EXPECT_TRUE(results[2].ok);
  EXPECT_TRUE(results[3].ok);
}

TEST(BatchScript, AScriptCutShortRunsNothing) {
  BatchScript script;
  script.add(std::vector<std::string>{"touch /tmp/dcod-batch-cut-marker"});
  script.add(std::vector<std::string>{"true"});
  std::string text = script.text();
  ::unlink("/tmp/dcod-batch-cut-marker");
  auto r =
      run_captured({"/bin/sh", "-s"}, text.substr(0, text.size() - 20), std::chrono::seconds(20));
  ASSERT_TRUE(r);
  EXPECT_NE(::access("/tmp/dcod-batch-cut-marker", F_OK), 0) << "a truncated script ran a command";
  auto results = script.results(r->out, "the script ended early");
  EXPECT_FALSE(results[0].ok);
  EXPECT_EQ(results[0].error, "the script ended early");
}

}  // namespace dcod::plugins
