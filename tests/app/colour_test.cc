// Colour: on a terminal only, and never with --no-color or NO_COLOR (https://no-color.org).

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "app/cli_options.h"
#include "status/status.h"

namespace dcod {

namespace {

Expected<app::CliOptions> parse(std::vector<std::string> words) {
  words.insert(words.begin(), "dcod");
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  return app::parse_command_line(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST(Colour, NoColorInTheEnvironmentActsAsTheOption) {
  ::unsetenv("NO_COLOR");
  EXPECT_FALSE(parse({"--create"})->no_color);
  EXPECT_TRUE(parse({"--create", "--no-color"})->no_color);
  ::setenv("NO_COLOR", "1", 1);
  EXPECT_TRUE(parse({"--create"})->no_color);
  ::setenv("NO_COLOR", "", 1);
  EXPECT_FALSE(parse({"--create"})->no_color) << "an empty NO_COLOR does not count";
  ::unsetenv("NO_COLOR");
}

TEST(Colour, ATerminalSeesFailuresInRedAndPlainOutputNone) {
  core::Plan plan;
  plan.host_names = {"h0", "director"};
  core::ApplyReport r;
  r.failed = 1;
  for (bool terminal : {true, false}) {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&buffer, &size);
    core::StatusPrinter printer(out, terminal);
    printer.summary(plan, r);
    std::fclose(out);
    std::string text(buffer, size);
    std::free(buffer);
    EXPECT_EQ(text.find("\x1b[1;31mFAILED\x1b[0m: 1 action failed") != std::string::npos, terminal)
        << text;
    if (!terminal) {
      EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    }
  }
}

}  // namespace dcod
