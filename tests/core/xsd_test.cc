// Keeps schemas/scenario-1.xsd and the loader's grammar in step: every example must pass the
// XSD, and every corpus case must pass or fail it as its "xsd:" comment says (grammatical faults
// fail; cross-reference faults, which only code checks, pass).

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.h"

namespace dcod {

namespace {

test::CommandResult xmllint(const std::string& file) {
  return test::run_command({"xmllint", "--noout", "--nonet", "--schema",
                            test::source_path("schemas/scenario-1.xsd"), file});
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(test::source_path(dir))) {
    if (e.path().extension() == ".xml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST(Xsd, EveryExampleValidatesAgainstTheSchema) {
  DCOD_REQUIRE_PROGRAM("xmllint");
  auto examples = files_in("examples");
  ASSERT_GE(examples.size(), 3u);
  for (const std::string& file : examples) {
    test::CommandResult r = xmllint(file);
    EXPECT_EQ(r.exit_status, 0) << file << "\n" << r.err;
  }
}

TEST(Xsd, GrammaticalFaultsFailTheSchemaAndOthersPassIt) {
  DCOD_REQUIRE_PROGRAM("xmllint");
  std::size_t grammatical = 0;
  for (const std::string& file : files_in("tests/invalid")) {
    std::string text = test::read_file(file);
    bool should_fail = text.find("<!-- xsd: fail -->") != std::string::npos;
    ASSERT_TRUE(should_fail || text.find("<!-- xsd: pass -->") != std::string::npos) << file;
    grammatical += should_fail;
    test::CommandResult r = xmllint(file);
    if (should_fail) {
      EXPECT_NE(r.exit_status, 0) << file << " passed the XSD but its fault is grammatical";
    } else {
      EXPECT_EQ(r.exit_status, 0) << file << " fails the XSD:\n" << r.err;
    }
  }
  EXPECT_GE(grammatical, 20u);
}

}  // namespace dcod
