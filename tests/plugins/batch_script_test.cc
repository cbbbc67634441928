#include "linux/batch_script.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "util/process.h"

namespace dcod::plugins {

namespace {

std::vector<core::ActionResult> run(const BatchScript& script) {
  auto r = run_captured({"/bin/sh", "-s"}, script.text(), std::chrono::seconds(20));
  EXPECT_TRUE(r);
  return script.results(r->out, "missing");
}

std::vector<Step> shell(const std::vector<std::string>& commands) {
  std::vector<Step> steps;
  for (const std::string& c : commands) steps.push_back(shell_step(c));
  return steps;
}

/// A stand-in for an iproute2 tool in -force -batch mode, named `name`: it logs "call NAME"
/// and every line it reads to `log`, and fails the lines that start with "bad" as iproute2 does.
/// Empty lines count but do nothing, as in iproute2.
std::string fake_tool(const std::string& name, const std::string& log) {
  return "sh -c 'echo call $0 >> " + log +
         "; n=0; while read l; do n=$((n+1)); [ -z \"$l\" ] && continue; echo \"$l\" >> " + log +
         "; case $l in bad*) echo \"Error: $l\" >&2; echo \"Command failed -:$n\" >&2; rc=1;; "
         "esac; done; exit ${rc:-0}' " +
         name;
}

/// A fresh log file for the fake tools, and its text afterwards.
struct Log {
  std::string path = "/tmp/dcod-batch-test-" + std::to_string(::getpid()) + ".log";
  Log() { ::unlink(path.c_str()); }
  ~Log() { ::unlink(path.c_str()); }
  std::string text() const {
    std::ifstream in(path);
    std::stringstream all;
    all << in.rdbuf();
    return all.str();
  }
};

}  // namespace

TEST(BatchScript, EachActionSucceedsOrFailsOnItsOwnAndNamesTheFailingCommand) {
  BatchScript script;
  script.add(shell({"true", "echo hello"}));
  script.add(shell({"true", "echo oops >&2; false", "echo never"}));
  script.add(shell({"echo after"}));
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
  Log log;
  std::string tool = fake_tool("a", log.path);
  BatchScript script;
  script.add({tool_step(tool, "good one"), tool_step(tool, "good two")});
  script.add({tool_step(tool, "bad three")});
  script.add({tool_step(tool, "good four")});
  script.add(shell({"true"}));
  EXPECT_NE(script.text().find("-force -batch -"), std::string::npos);
  auto results = run(script);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0].ok) << results[0].error;
  EXPECT_FALSE(results[1].ok);
  EXPECT_NE(results[1].error.find("Error: bad three"), std::string::npos) << results[1].error;
  EXPECT_NE(results[1].error.find("from: " + tool + " bad three"), std::string::npos);
  EXPECT_TRUE(results[2].ok) << results[2].error;
  EXPECT_TRUE(results[3].ok);
  EXPECT_EQ(log.text(), "call a\ngood one\ngood two\nbad three\ngood four\n");
}

TEST(BatchScript, AnActionsPartsRunInOrderStageByStageOneCallPerToolAStage) {
  Log log;
  std::string a = fake_tool("a", log.path), b = fake_tool("b", log.path);
  BatchScript script;
  script.add({tool_step(a, "x1"), shell_step("echo x2 >> " + log.path), tool_step(a, "x3")});
  script.add({tool_step(b, "y1"), tool_step(a, "y2")});
  script.add({tool_step(a, "z1")});
  auto results = run(script);
  for (const auto& r : results) EXPECT_TRUE(r.ok) << r.error;
  // Stage 1: x1 and z1 in one call of a, y1 in b; stage 2: x2, then y2 in a; stage 3: x3.
  EXPECT_EQ(log.text(), "call a\nx1\nz1\ncall b\ny1\nx2\ncall a\ny2\ncall a\nx3\n");
}

TEST(BatchScript, AFailedStepStopsTheRestOfItsActionAndNothingElse) {
  Log log;
  std::string a = fake_tool("a", log.path);
  BatchScript script;
  script.add({checked(tool_step(a, "bad add0")), tool_step(a, "claim0")});
  script.add({checked(tool_step(a, "good add1")), tool_step(a, "claim1")});
  script.add({tool_step(a, "bad other2"), shell_step("echo shell2 >> " + log.path)});
  script.add({shell_step("false"), tool_step(a, "after-shell3")});
  script.add({checked(tool_step(a, "good add4")), tool_step(a, "bad claim4")});
  auto results = run(script);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_NE(results[0].error.find("from: " + a + " bad add0"), std::string::npos)
      << results[0].error;
  EXPECT_TRUE(results[1].ok) << results[1].error;
  EXPECT_NE(results[2].error.find("bad other2"), std::string::npos) << results[2].error;
  EXPECT_NE(results[3].error.find("from: false"), std::string::npos) << results[3].error;
  // The skipped actions' lines are blank in the second call, so line 4 is still action 4's.
  EXPECT_NE(results[4].error.find("from: " + a + " bad claim4"), std::string::npos)
      << results[4].error;
  EXPECT_EQ(log.text(),
            "call a\nbad add0\ngood add1\nbad other2\ngood add4\ncall a\nclaim1\nbad claim4\n");
}

TEST(BatchScript, ACallWhoseActionsAllFailedBeforeIsNotMade) {
  Log log;
  std::string a = fake_tool("a", log.path), b = fake_tool("b", log.path);
  BatchScript script;
  script.add({checked(tool_step(a, "bad one")), tool_step(b, "never")});
  script.add({tool_step(a, "bad two"), tool_step(b, "never either")});
  auto results = run(script);
  EXPECT_FALSE(results[0].ok);
  EXPECT_FALSE(results[1].ok);
  EXPECT_EQ(log.text(), "call a\nbad one\nbad two\n");
}

TEST(BatchScript, AToolStoppingWithoutNamingALineFailsEveryLineOfTheCall) {
  BatchScript script;
  std::string dying = "sh -c 'read l; echo died >&2; exit 1' d";
  script.add({tool_step(dying, "one"), shell_step("echo later")});
  script.add({tool_step(dying, "two")});
  auto results = run(script);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[0].ok);
  EXPECT_EQ(results[0].error.find("later"), std::string::npos) << "its later part did not run";
  EXPECT_FALSE(results[1].ok);
  EXPECT_NE(results[1].error.find("died"), std::string::npos) << results[1].error;
}

TEST(BatchScript, APartThatNeverReportedFailsItsActionWithTheFallback) {
  Log log;
  std::string a = fake_tool("a", log.path), b = fake_tool("b", log.path);
  BatchScript script;
  script.add({tool_step(a, "first"), shell_step("kill -9 $$")});  // the script dies here
  script.add({tool_step(a, "second"), tool_step(b, "never")});
  script.add({tool_step(a, "third")});
  auto results = run(script);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].error, "missing");
  EXPECT_EQ(results[1].error, "missing") << "its first part ran, its second never did";
  EXPECT_TRUE(results[2].ok) << results[2].error;
  EXPECT_EQ(log.text().find("never"), std::string::npos);
}

TEST(BatchScript, AnActionWithoutStepsSucceeds) {
  BatchScript script;
  script.add({});
  script.add(shell({"true"}));
  auto results = run(script);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].ok);
  EXPECT_TRUE(results[1].ok);
}

TEST(BatchScript, AScriptCutShortRunsNothing) {
  BatchScript script;
  script.add(shell({"touch /tmp/dcod-batch-cut-marker"}));
  script.add(shell({"true"}));
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

TEST(BatchScript, OnlyPlainWordsGoIntoBatchLinesUnquoted) {
  EXPECT_TRUE(batch_safe("dcod:desk:blue"));
  EXPECT_TRUE(batch_safe("dcod.desk.vm.a1"));
  EXPECT_TRUE(batch_safe("fd00::1/64"));
  EXPECT_FALSE(batch_safe(""));
  EXPECT_FALSE(batch_safe("a b"));
  EXPECT_FALSE(batch_safe("a#b"));
  EXPECT_FALSE(batch_safe("'a"));
  EXPECT_FALSE(batch_safe("\"a"));
}

}  // namespace dcod::plugins
