// The cmd.exe dialect: its renderings and frames read without Windows, then held to a real
// cmd.exe (Wine's, tests/lab/wine_prefix.h) started as Win32-OpenSSH starts it, with a Windows
// program printing the argv its C runtime parsed: every argument arrives exactly, or the
// dialect refuses it.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "shell/cmd.h"
#include "shell/shell_dialect.h"
#include "test_support.h"
#include "wine_prefix.h"

namespace dcod::plugins {

namespace {

const ShellDialect& cmd = cmd_dialect();

/// What the argv printer prints for `args`: one [hex] line each.
std::string printed_args(const std::vector<std::string>& args) {
  std::string out;
  const char* hex = "0123456789abcdef";
  for (const std::string& a : args) {
    out += '[';
    for (unsigned char c : a) out += std::string{hex[c >> 4], hex[c & 0xF]};
    out += "]\n";
  }
  return out;
}

/// A command running the argv printer with `args`.
ShellCommand printer(std::vector<std::string> args) {
  args.insert(args.begin(),
              test::WinePrefix::windows_path(test::WinePrefix::program("argv_printer")));
  return ShellCommand{args, std::nullopt};
}

/// Pieces arguments are made of: everything cmd.exe or the C runtime treat specially, paths,
/// variables that exist, and characters outside ASCII.
const std::vector<std::string> k_pieces = {"a",
                                           "Z9",
                                           " ",
                                           "  ",
                                           "\t",
                                           "\"",
                                           "\\",
                                           "\\\\",
                                           "\\\"",
                                           "\"\"",
                                           "^",
                                           "^^",
                                           "%",
                                           "%%",
                                           "%OS%",
                                           "%PATH%",
                                           "%^OS%",
                                           "!OS!",
                                           "!",
                                           "&",
                                           "&&",
                                           "|",
                                           "||",
                                           "<",
                                           ">",
                                           ">&2",
                                           "(",
                                           ")",
                                           "'",
                                           "=",
                                           ",",
                                           ";",
                                           "@",
                                           "*",
                                           "?",
                                           "~",
                                           "#",
                                           "$",
                                           "`",
                                           "{",
                                           "}",
                                           "[",
                                           "]",
                                           "é",
                                           "日本",
                                           "ü",
                                           "€",
                                           "-",
                                           "C:\\Program Files\\Oracle\\VirtualBox\\",
                                           "Intel(R) Ethernet Connection I219-V",
                                           "x.ova",
                                           "/",
                                           ":",
                                           "--nic1",
                                           "dcod-x"};

/// A random argument of up to six pieces (empty ones too).
std::string random_arg(std::mt19937& random) {
  std::uniform_int_distribution<int> count(0, 6);
  std::uniform_int_distribution<std::size_t> piece(0, k_pieces.size() - 1);
  std::string arg;
  for (int n = count(random); n > 0; --n) arg += k_pieces[piece(random)];
  return arg;
}

}  // namespace

TEST(CmdQuote, PlainWordsGoAsTheyAreOthersInQuotedRuns) {
  EXPECT_EQ(*cmd_quote("showvminfo"), "showvminfo");
  EXPECT_EQ(*cmd_quote("C:\\dir\\x.exe"), "C:\\dir\\x.exe");
  EXPECT_EQ(*cmd_quote(""), "\"\"");
  EXPECT_EQ(*cmd_quote("a b"), "\"a b\"");
  EXPECT_EQ(*cmd_quote("C:\\dir with space\\"), "\"C:\\dir with space\\\\\"")
      << "backslashes before the closing quote are doubled";
  EXPECT_EQ(*cmd_quote("50%"), "\"50\"%\"\"") << "a quote right after every %";
  EXPECT_EQ(*cmd_quote("%OS%"), "%\"OS\"%\"\"");
  EXPECT_EQ(*cmd_quote("Intel(R) I219-V & co"), "\"Intel(R) I219-V & co\"");
}

TEST(CmdQuote, WhatCmdWouldChangeIsRefusedNamingTheValue) {
  auto newline = cmd_quote("a\nb");
  ASSERT_FALSE(newline);
  EXPECT_EQ(newline.error().message,
            "cannot hand 'a\\nb' to a Windows program: it holds a line break");
  EXPECT_FALSE(cmd_quote("a\rb"));
  auto control = cmd_quote(std::string("a\x01", 2));
  ASSERT_FALSE(control);
  EXPECT_NE(control.error().message.find("'a\\x01'"), std::string::npos);
  auto invalid = cmd_quote("caf\xe9");
  ASSERT_FALSE(invalid);
  EXPECT_NE(invalid.error().message.find("'caf\\xe9'"), std::string::npos);
  EXPECT_NE(invalid.error().message.find("not valid UTF-8"), std::string::npos);
  EXPECT_TRUE(cmd_quote("café")) << "valid UTF-8 is fine";
  auto quote = cmd_quote("a\"b");
  ASSERT_FALSE(quote);
  EXPECT_EQ(quote.error().message,
            "cannot hand 'a\"b' to a Windows program: it holds a double quote, which no Windows "
            "path or name can");
  auto program = cmd_join({"C:\\50%\\VBoxManage.exe", "list"});
  ASSERT_FALSE(program);
  EXPECT_NE(program.error().message.find("C:\\50%\\VBoxManage.exe"), std::string::npos);
}

TEST(CmdDialect, BatchesAreCutUnderCmdsLimitWithoutCuttingAChain) {
  std::vector<ShellCommand> commands;
  for (int k = 0; k < 300; ++k) {
    ShellCommand c{{"C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe", "showvminfo",
                    "dcod-vm" + std::to_string(k), "--machinereadable"},
                   std::nullopt};
    if (k % 3 != 0) c.after = commands.size() - 1;
    commands.push_back(c);
  }
  const std::string nonce = new_marker_nonce();
  auto texts = cmd.texts(commands, nonce);
  ASSERT_TRUE(texts) << texts.error().message;
  EXPECT_GT(texts->size(), 4u);
  std::size_t seen = 0;
  for (const std::string& text : *texts) {
    EXPECT_LE(text.size() + 2, 8191u);
    // A text begins with a chain's first command (k % 3 == 0).
    std::size_t first = text.find(nonce + ".");
    ASSERT_NE(first, std::string::npos);
    EXPECT_EQ(std::stoul(text.substr(first + nonce.size() + 1)) % 3, 0u);
    for (std::size_t at = text.find(" start&"); at != std::string::npos;
         at = text.find(" start&", at + 1))
      ++seen;
  }
  EXPECT_EQ(seen, commands.size());
  auto loose = cmd.texts({{{"a"}, std::nullopt}, {{"b"}, std::nullopt}, {{"c"}, 0}}, nonce);
  EXPECT_FALSE(loose) << "only the command right before can be waited for";
}

TEST(CmdDialect, OutcomesAreReadFromCrlfOutput) {
  const std::string n = "dcod-0123", t0 = n + ".0", t1 = n + ".1", t2 = n + ".2";
  ProcessResult printed;
  printed.out = t0 + " start\r\nline one\r\nline two\r\n" + t0 + " 0\r\n" + t1 + " start\r\n" + t1 +
                " -1073741819 \r\n";
  printed.err = "warning\r\n" + t0 + "\r\n" + "VBoxManage.exe: error: x\r\n" + t1 + "\r\n";
  auto o = cmd.outcomes(printed, 3, n);
  ASSERT_EQ(o.size(), 3u);
  EXPECT_TRUE(o[0].ran);
  EXPECT_EQ(o[0].exit_status, 0);
  EXPECT_EQ(o[0].out, "line one\nline two\n");
  EXPECT_EQ(o[0].err, "warning\n");
  EXPECT_EQ(o[1].exit_status, -1073741819) << "an NTSTATUS as an error level";
  EXPECT_EQ(o[1].err, "VBoxManage.exe: error: x\n");
  EXPECT_FALSE(o[2].ran);
}

TEST(CmdDialect, TheProbeTellsCmdFromOtherShells) {
  ProcessResult r;
  r.out = "dcod-probe Windows_NT !OS! C:\\Users\\Jane Doe\r\n";
  auto home = cmd.probed(r);
  ASSERT_TRUE(home) << home.error().message;
  EXPECT_EQ(*home, "C:\\Users\\Jane Doe");
  r.out = "dcod-probe\r\n%OS%\r\n!OS!\r\n%USERPROFILE%\r\n";  // PowerShell's echo
  auto powershell = cmd.probed(r);
  ASSERT_FALSE(powershell);
  EXPECT_NE(powershell.error().message.find("does not run commands with cmd.exe"),
            std::string::npos);
  EXPECT_NE(powershell.error().hint.find("HKLM\\SOFTWARE\\OpenSSH\\DefaultShell"),
            std::string::npos);
  r.out = "dcod-probe %OS% !OS! %USERPROFILE%\n";  // a POSIX shell
  EXPECT_FALSE(cmd.probed(r));
  r.out = "dcod-probe Windows_NT Windows_NT C:\\Users\\x\r\n";
  auto delayed = cmd.probed(r);
  ASSERT_FALSE(delayed);
  EXPECT_NE(delayed.error().message.find("delayed expansion"), std::string::npos);
}

TEST(CmdDialectOnWine, TheProbeFindsCmdAndTheProfile) {
  test::WinePrefix wine(test::temp_dir() + "/wine-probe");
  DCOD_REQUIRE_WINE(wine);
  test::CommandResult r = wine.cmd(cmd.probe());
  ProcessResult printed{r.exit_status, r.out, r.err};
  auto home = cmd.probed(printed);
  ASSERT_TRUE(home) << home.error().message << "\n" << r.out << r.err;
  EXPECT_EQ(*home, "C:\\users\\root");
}

namespace {

/// One command run through cmd.exe under Wine on its own, as the dialect renders it.
core::CommandOutcome run_alone(test::WinePrefix& wine, const ShellDialect& dialect,
                               const ShellCommand& command) {
  const std::string nonce = new_marker_nonce();
  auto texts = dialect.texts({command}, nonce);
  if (!texts) return {};
  ProcessResult printed;
  for (const std::string& text : *texts) {
    test::CommandResult r = wine.cmd(text);
    printed.out += r.out;
    printed.err += r.err;
  }
  return dialect.outcomes(printed, 1, nonce).at(0);
}

}  // namespace

TEST(CmdDialectOnWine, ArgumentsArriveExactlyOrAreRefused) {
  test::WinePrefix wine(test::temp_dir() + "/wine-argv");
  DCOD_REQUIRE_WINE(wine);
  std::vector<std::vector<std::string>> cases = {{""},
                                                 {"\\"},
                                                 {"a\\"},
                                                 {"a\\\\"},
                                                 {"a b\\"},
                                                 {"%"},
                                                 {"%%"},
                                                 {"50%"},
                                                 {"%OS%"},
                                                 {"%PATH%x"},
                                                 {"%^OS%"},
                                                 {"^"},
                                                 {"a^"},
                                                 {"&"},
                                                 {"x&y"},
                                                 {"(", ")"},
                                                 {"Intel(R) Ethernet Connection I219-V"},
                                                 {"C:\\Program Files\\"},
                                                 {"!OS!"},
                                                 {"日本語 é"},
                                                 {"a", "", "b"},
                                                 {"c\\\\", "d^e", "f^g", "x&y"}};
  std::mt19937 random(20261201);
  std::size_t refused = 0;
  while (cases.size() < 400) {
    std::vector<std::string> args;
    for (int n = std::uniform_int_distribution<int>(1, 4)(random); n > 0; --n)
      args.push_back(random_arg(random));
    args.insert(args.begin(), "x");
    auto line = cmd_join(args);
    if (line) {
      cases.push_back(std::vector<std::string>(args.begin() + 1, args.end()));
      continue;
    }
    ++refused;  // only for a quote, and the message names the argument
    EXPECT_NE(line.error().message.find("double quote"), std::string::npos) << line.error().message;
  }
  std::vector<ShellCommand> commands;
  for (const auto& args : cases) commands.push_back(printer(args));
  const std::string nonce = new_marker_nonce();
  auto texts = cmd.texts(commands, nonce);
  ASSERT_TRUE(texts) << texts.error().message;
  ProcessResult printed;
  for (const std::string& text : *texts) {
    test::CommandResult r = wine.cmd(text);
    printed.out += r.out;
    printed.err += r.err;
  }
  auto outcomes = cmd.outcomes(printed, commands.size(), nonce);
  // Wine now and then fails to start a program on a busy machine, and cmd.exe says 9009 (not
  // recognised): such a command is run again alone, up to twice. The test is of the arguments.
  for (std::size_t k = 0; k < outcomes.size(); ++k) {
    for (int again = 0; again < 2 && outcomes[k].ran && outcomes[k].exit_status == 9009; ++again)
      outcomes[k] = run_alone(wine, cmd, commands[k]);
  }
  std::size_t differ = 0;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    ASSERT_TRUE(outcomes[k].ran) << "command " << k << " (" << *cmd_join(commands[k].argv)
                                 << ") did not run; cmd.exe printed\n"
                                 << printed.out.substr(0, 3000) << printed.err.substr(0, 2000);
    EXPECT_EQ(outcomes[k].exit_status, 0);
    if (outcomes[k].out == printed_args(cases[k])) continue;
    ++differ;
    std::string shown;
    for (const std::string& a : cases[k]) shown += "<" + a + "> ";
    ADD_FAILURE() << "arguments " << shown << "arrived as\n"
                  << outcomes[k].out << "rendered as " << *cmd_join(commands[k].argv);
  }
  EXPECT_EQ(differ, 0u) << "of " << cases.size() << " argument vectors in " << texts->size()
                        << " texts";
  EXPECT_GT(refused, 0u) << "some random vectors held a quote";
}

TEST(CmdDialectOnWine, AChainStopsAtItsFirstFailureAndOthersGoOn) {
  test::WinePrefix wine(test::temp_dir() + "/wine-chain");
  DCOD_REQUIRE_WINE(wine);
  std::vector<ShellCommand> commands = {printer({"one"}), printer({"--exit=3", "two"}),
                                        printer({"three"}), printer({"--exit=-5"}),
                                        printer({"five"})};
  commands[1].after = 0;
  commands[2].after = 1;
  commands[4].after = 3;
  const std::string nonce = new_marker_nonce();
  auto texts = cmd.texts(commands, nonce);
  ASSERT_TRUE(texts);
  ASSERT_EQ(texts->size(), 1u);
  test::CommandResult r = wine.cmd(texts->front());
  auto o = cmd.outcomes(ProcessResult{r.exit_status, r.out, r.err}, commands.size(), nonce);
  EXPECT_TRUE(o[0].ran);
  EXPECT_EQ(o[0].exit_status, 0);
  EXPECT_EQ(o[0].out, printed_args({"one"}));
  EXPECT_TRUE(o[1].ran);
  EXPECT_EQ(o[1].exit_status, 3);
  EXPECT_FALSE(o[2].ran) << "it waited for a command that failed";
  EXPECT_TRUE(o[3].ran) << "a chain of its own";
  EXPECT_EQ(o[3].exit_status, -5);
  EXPECT_FALSE(o[4].ran) << "a negative error level is a failure too";
}

}  // namespace dcod::plugins
