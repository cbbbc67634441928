// Runs every scenario of tests/invalid through the loader and validator (in process) and through
// the dcod binary. Each file ends with comments that say what must be reported:
//   <!-- xsd: fail|pass -->            whether the fault is grammatical (see xsd_test.cc)
//   <!-- expect LINE:COL: MESSAGE -->  one per error, in file order; no other error may appear

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "placement/backend_fit.h"
#include "scenario_builder.h"
#include "segmentation/registry.h"
#include "test_support.h"
#include "validate/validator.h"

namespace dcod::core {

namespace {

struct Expected {
  std::string position;  // "LINE:COL"
  std::string message;
};

std::vector<std::string> corpus_files() {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(test::source_path("tests/invalid"))) {
    if (entry.path().extension() == ".xml") files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Expected> expectations(const std::string& text) {
  std::vector<Expected> out;
  static const std::regex line(R"(<!-- expect (\d+:\d+): (.*) -->)");
  for (std::sregex_iterator it(text.begin(), text.end(), line), end; it != end; ++it) {
    out.push_back({(*it)[1], (*it)[2]});
  }
  return out;
}

class InvalidCorpus : public ::testing::TestWithParam<std::string> {
 protected:
  std::string path() const { return test::source_path("tests/invalid/" + GetParam()); }
};

}  // namespace

TEST(InvalidCorpusSize, HoldsAtLeastFortyCasesAndSomeWithManyErrors) {
  std::size_t cases = 0, multi = 0;
  for (const std::string& f : corpus_files()) {
    ++cases;
    multi += expectations(test::read_file(test::source_path("tests/invalid/" + f))).size() > 1;
  }
  EXPECT_GE(cases, 40u);
  EXPECT_GE(multi, 3u);
}

TEST_P(InvalidCorpus, ReportsExactlyTheExpectedErrors) {
  std::vector<Expected> expected = expectations(test::read_file(path()));
  ASSERT_FALSE(expected.empty()) << "no <!-- expect ... --> line in " << GetParam();
  LoadResult r = load_valid_scenario(path(), test::builtin_backends());
  if (r.scenario) {
    // Valid as a file: then what the placement puts on a host must not fit its backend.
    seg::SegmenterRegistry segmenters;
    seg::register_builtin_segmenters(segmenters);
    auto placement = seg::segment(*r.scenario, segmenters);
    ASSERT_TRUE(placement) << placement.error().message;
    check_backend_fit(*r.scenario, *placement, test::builtin_backends(), r.diagnostics);
  }
  std::vector<std::string> actual;
  for (const Diagnostic& d : r.diagnostics.sorted()) {
    if (d.severity == Severity::error) actual.push_back(r.diagnostics.format(d));
  }
  ASSERT_EQ(actual.size(), expected.size()) << r.diagnostics.format_all();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    std::string prefix = r.diagnostics.file() + ":" + expected[i].position + ": ";
    EXPECT_EQ(actual[i].rfind(prefix, 0), 0u) << actual[i] << "\nexpected at " << prefix;
    EXPECT_TRUE(actual[i].ends_with(expected[i].message))
        << actual[i] << "\nexpected: " << expected[i].message;
  }
}

TEST_P(InvalidCorpus, CommandLineExitsTwoAndPrintsEveryError) {
  test::CommandResult run = test::run_dcod({"-f", path(), "--validate"});
  EXPECT_EQ(run.exit_status, 2) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
  for (const Expected& e : expectations(test::read_file(path()))) {
    EXPECT_NE(run.err.find(path() + ":" + e.position + ": "), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(e.message), std::string::npos) << run.err;
  }
  EXPECT_NE(run.err.find("nothing was touched"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Files, InvalidCorpus, ::testing::ValuesIn(corpus_files()),
                         [](const auto& info) {
                           std::string name = info.param.substr(0, info.param.size() - 4);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace dcod::core
