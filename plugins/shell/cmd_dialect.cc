// The cmd.exe dialect, as Win32-OpenSSH runs a command: `"<shell>" /c "<text>"`, a new cmd.exe
// per text (no resident shell), cmd's /c rule stripping the outer quotes again. A batch frames
// each command the way the POSIX one does (shell/frames.h): `echo <tag> start`, the command,
// then its status through `call echo <tag> %^errorlevel%` — the caret keeps the first expansion,
// which covers the whole line before anything runs, from reading the error level, and `call`
// expands it again when it is its turn — and `<tag>` on stderr. A command that runs only after
// the one before it succeeded sits in that one's `if errorlevel` branch: `&&` is not used, as
// Wine's cmd.exe (the test rig's) runs what follows it even after a failure. Texts stay under
// cmd's 8191 characters; CRLF comes back as LF.

#include "shell/cmd.h"
#include "shell/frames.h"
#include "shell/shell_dialect.h"

namespace dcod::plugins {

namespace {

/// cmd.exe's longest command line, less the two quotes Win32-OpenSSH puts around a text.
constexpr std::size_t k_text_max = 8191 - 2;
/// Each text starts with this: UTF-8 output where the console's code page applies.
const std::string k_text_head = "chcp 65001 >nul 2>&1& ";

const std::string k_probe_word = "dcod-probe";

/// The end of a command's frame: its status on stdout, its tag on stderr.
std::string frame_end(const std::string& tag) {
  return "call echo " + tag + " %^errorlevel%& >&2 echo " + tag;
}

/// A command and its frame; `then`, when given, runs only after it exited 0.
std::string framed_command(const std::string& tag, const std::string& line,
                           const std::string* then) {
  std::string head = "echo " + tag + " start& " + line + " & ";
  if (!then) return head + frame_end(tag);
  return head + "if errorlevel 1 (" + frame_end(tag) + ") else if not errorlevel 0 (" +
         frame_end(tag) + ") else (echo " + tag + " 0& >&2 echo " + tag + "& " + *then + ")";
}

/// CRLF line ends as LF.
std::string without_cr(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

class CmdDialect : public OneLineDialect {
 public:
  std::string name() const override { return "cmd"; }
  /// cmd.exe does not run on the director.
  std::vector<std::string> local_shell() const override { return {}; }

  Expected<std::string> batch(const std::vector<ShellCommand>& commands,
                              const std::string& nonce) const override {
    auto chains = framed_chains(commands, nonce);
    if (!chains) return chains.error();
    std::string text = k_text_head;
    for (std::size_t c = 0; c < chains->size(); ++c) text += (c ? "& " : "") + (*chains)[c];
    return text;
  }

  Expected<std::vector<std::string>> texts(const std::vector<ShellCommand>& commands,
                                           const std::string& nonce) const override {
    auto chains = framed_chains(commands, nonce);
    if (!chains) return chains.error();
    std::vector<std::string> texts;
    std::string text;
    for (const std::string& chain : *chains) {
      if (k_text_head.size() + chain.size() > k_text_max)
        return Error{"a chain of commands takes " + std::to_string(chain.size()) +
                         " characters, more than cmd.exe's 8191",
                     "", ErrorCode::invalid};
      if (!text.empty() && text.size() + 2 + chain.size() > k_text_max) {
        texts.push_back(std::move(text));
        text.clear();
      }
      text += text.empty() ? k_text_head + chain : "& " + chain;
    }
    if (!text.empty()) texts.push_back(std::move(text));
    return texts;
  }

  std::optional<Error> refuses(const ShellCommand& command) const override {
    auto line = cmd_join(command.argv);
    if (!line) return line.error();
    return std::nullopt;
  }

  std::vector<core::CommandOutcome> outcomes(const ProcessResult& printed, std::size_t count,
                                             const std::string& nonce) const override {
    auto outcomes = framed_outcomes(without_cr(printed.out), without_cr(printed.err), count, nonce);
    return outcomes;
  }

  // Under cmd.exe: "dcod-probe Windows_NT !OS! C:\Users\name". PowerShell prints one word per
  // line and leaves %OS% alone; a POSIX shell leaves %OS% alone; cmd.exe with delayed expansion
  // on expands !OS! too.
  std::string probe() const override { return "echo " + k_probe_word + " %OS% !OS! %USERPROFILE%"; }

  Expected<std::string> probed(const ProcessResult& printed) const override {
    std::string out = without_cr(printed.out);
    std::size_t at = out.find(k_probe_word + " ");
    std::string line = at == std::string::npos ? "" : out.substr(at, out.find('\n', at) - at);
    const std::string cmd_line = k_probe_word + " Windows_NT !OS! ";
    if (line.rfind(k_probe_word + " Windows_NT Windows_NT ", 0) == 0)
      return Error{"cmd.exe on the host expands !variables! (delayed expansion is on)",
                   "dcod renders command lines for cmd.exe's defaults: remove the value "
                   "DelayedExpansion under HKCU\\Software\\Microsoft\\Command Processor (and "
                   "HKLM\\Software\\Microsoft\\Command Processor) for the SSH user, or set it to 0",
                   ErrorCode::failed};
    if (line.rfind(cmd_line, 0) != 0 || line.size() == cmd_line.size())
      return Error{"the host's SSH server does not run commands with cmd.exe (it answered '" +
                       first_line(out) + "' where cmd.exe prints '" + cmd_line + "<profile>')",
                   "dcod speaks cmd.exe to Windows hosts: set the registry value "
                   "HKLM\\SOFTWARE\\OpenSSH\\DefaultShell to C:\\Windows\\System32\\cmd.exe, or "
                   "delete it (cmd.exe is OpenSSH's default), then run dcod again",
                   ErrorCode::failed};
    std::string home = line.substr(cmd_line.size());
    while (!home.empty() && home.back() == ' ') home.pop_back();
    return home;
  }

 private:
  static std::string first_line(const std::string& out) {
    std::string line = out.substr(0, out.find('\n'));
    return line.size() > 80 ? line.substr(0, 80) + "..." : line;
  }

  /// Each chain of `commands` (a command and those that run only after the one before it)
  /// framed as one piece of cmd.exe text.
  static Expected<std::vector<std::string>> framed_chains(const std::vector<ShellCommand>& commands,
                                                          const std::string& nonce) {
    std::vector<std::string> lines;
    for (std::size_t k = 0; k < commands.size(); ++k) {
      const auto& after = commands[k].after;
      if (after && *after + 1 != k)
        return Error{"cmd.exe runs a command of a batch only after the one right before it", "",
                     ErrorCode::invalid};
      auto line = cmd_join(commands[k].argv);
      if (!line) return line.error();
      lines.push_back(std::move(*line));
    }
    std::vector<std::string> chains;
    // Built from the back: each command's frame holds the chain that continues after it.
    std::string chain;
    for (std::size_t k = commands.size(); k-- > 0;) {
      bool continued = k + 1 < commands.size() && commands[k + 1].after;
      chain = framed_command(command_tag(nonce, k), lines[k], continued ? &chain : nullptr);
      if (!commands[k].after) {
        chains.insert(chains.begin(), std::move(chain));
        chain.clear();
      }
    }
    return chains;
  }
};

}  // namespace

const ShellDialect& cmd_dialect() {
  static const CmdDialect dialect;
  return dialect;
}

}  // namespace dcod::plugins
