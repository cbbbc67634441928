// --show in every format, no host contacted.

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.h"
#include "util/json.h"

namespace dcod {

TEST(Show, DotIsTheDefaultAndGraphvizAcceptsIt) {
  DCOD_REQUIRE_PROGRAM("dot");
  std::string out = test::temp_dir() + "/desk.dot";
  test::CommandResult r = test::run_dcod({"--show", "-o", out});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  std::string dot = test::read_file(out);
  EXPECT_EQ(dot.rfind("graph \"desk\" {", 0), 0u);
  EXPECT_EQ(test::run_command({"dot", "-Tcanon", "-o", "/dev/null", out}).exit_status, 0);
}

TEST(Show, GraphmlIsWellFormed) {
  DCOD_REQUIRE_PROGRAM("xmllint");
  std::string out = test::temp_dir() + "/desk.graphml";
  ASSERT_EQ(test::run_dcod({"--show", "--format", "graphml", "-o", out}).exit_status, 0);
  test::CommandResult lint = test::run_command({"xmllint", "--noout", out});
  EXPECT_EQ(lint.exit_status, 0) << lint.err;
}

TEST(Show, JsonParsesAndHasTheTunnels) {
  test::CommandResult r = test::run_dcod({"--show", "--format", "json"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto json = parse_json(r.out);
  ASSERT_TRUE(json) << r.out;
  int tunnels = 0;
  for (const auto& e : (*json)["edges"]) tunnels += e["kind"] == "tunnel";
  EXPECT_EQ(tunnels, 6);  // 3 host pairs x 2 VNIs
}

TEST(Show, SvgAndPngAreRenderedByGraphviz) {
  DCOD_REQUIRE_PROGRAM("dot");
  std::string svg = test::temp_dir() + "/desk.svg";
  std::string png = test::temp_dir() + "/desk.png";
  ASSERT_EQ(test::run_dcod({"--show", "--format", "svg", "-o", svg}).exit_status, 0);
  ASSERT_EQ(test::run_dcod({"--show", "--format", "png", "-o", png}).exit_status, 0);
  EXPECT_NE(test::read_file(svg).find("<svg"), std::string::npos);
  EXPECT_EQ(test::read_file(png).substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  test::CommandResult to_stdout = test::run_dcod({"--show", "--format", "svg"});
  EXPECT_NE(to_stdout.out.find("<svg"), std::string::npos);
}

TEST(Show, TheOutputFilesExtensionChoosesTheFormatAndMustAgreeWithFormat) {
  DCOD_REQUIRE_PROGRAM("dot");
  std::string svg = test::temp_dir() + "/by-name.svg";
  std::string png = test::temp_dir() + "/by-name.PNG";
  std::string json = test::temp_dir() + "/by-name.json";
  ASSERT_EQ(test::run_dcod({"--show", "-o", svg}).exit_status, 0);
  ASSERT_EQ(test::run_dcod({"--show", "-o", png}).exit_status, 0);
  ASSERT_EQ(test::run_dcod({"--show", "-o", json}).exit_status, 0);
  EXPECT_NE(test::read_file(svg).find("<svg"), std::string::npos);
  EXPECT_EQ(test::read_file(png).substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_TRUE(parse_json(test::read_file(json)));
  std::string other = test::temp_dir() + "/by-name.gv";
  ASSERT_EQ(test::run_dcod({"--show", "-o", other}).exit_status, 0);
  EXPECT_EQ(test::read_file(other).rfind("graph \"desk\" {", 0), 0u) << ".gv is DOT";
  std::string mismatch = test::temp_dir() + "/mismatch.png";
  test::CommandResult r = test::run_dcod({"--show", "--format", "dot", "-o", mismatch});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(r.err,
            "dcod: --format dot does not match -o " + mismatch +
                ", which names png\n  hint: drop --format (the extension decides), or name the "
                "file for dot\n");
  EXPECT_FALSE(std::filesystem::exists(mismatch)) << "nothing written";
}

TEST(Show, MissingGraphvizIsNamedClearly) {
  std::string empty_path = test::temp_dir() + "/no-programs";
  test::run_command({"mkdir", "-p", empty_path});
  test::CommandResult r = test::run_dcod({"--show", "--format", "svg"}, {"PATH=" + empty_path});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("needs Graphviz's 'dot' program, which is not on PATH"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("apt-get install graphviz"), std::string::npos);
}

}  // namespace dcod
