// The POSIX sh dialect. A resident `/bin/sh -s` runs text after text, each in a subshell with
// stdin from /dev/null, bracketed by markers carrying a random nonce: a start marker on stdout
// (what came before it is stray output of an earlier text's background jobs) and end markers on
// both streams, the one on stdout with the exit status. A batch of commands frames each command
// the same way inside one text, numbered.

#include <cctype>

#include "shell/frames.h"
#include "shell/posix.h"
#include "shell/shell_dialect.h"

namespace dcod::plugins {

namespace {

/// Framed texts up to this size travel in the exec request (Linux takes at most 128 KiB in one
/// argument, and the login shell gets the command as one).
constexpr std::size_t k_inline_text_max = 64 * 1024;

std::string start_marker(const std::string& nonce) {
  return nonce + " start\n";
}

/// The exit status in "<digits>", or nullopt when they are not 1 to 3 digits.
std::optional<int> status_in(const std::string& digits) {
  if (digits.empty() || digits.size() > 3) return std::nullopt;
  for (char c : digits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return std::stoi(digits);
}

/// The status of "<tag> <status>\n" at the end of `out`; where the marker begins in `at`.
std::optional<int> end_status(const std::string& out, const std::string& tag, std::size_t& at) {
  if (out.empty() || out.back() != '\n') return std::nullopt;
  at = out.rfind(tag + " ");
  if (at == std::string::npos) return std::nullopt;
  return status_in(out.substr(at + tag.size() + 1, out.size() - at - tag.size() - 2));
}

class PosixDialect : public ShellDialect {
 public:
  std::string name() const override { return "posix"; }
  bool resident() const override { return true; }

  // The user's login shell parses the exec request's command, so it must take POSIX quoting
  // (sh, bash, dash, ksh, zsh).
  std::string start_command(const std::string* first) const override {
    if (!first || !carries(*first)) return "exec /bin/sh -s";
    return "exec /bin/sh -c " + sh_quote(*first + "exec /bin/sh -s\n");
  }
  bool carries(const std::string& first) const override {
    return first.size() <= k_inline_text_max;
  }

  std::string framed(const std::string& text, const std::string& nonce) const override {
    const std::string quoted = "'" + nonce + "'";  // letters, digits and a dash
    // `:` first: a subshell must hold a command, and a text may be empty or only comments.
    std::string framed = "printf '%s start\\n' " + quoted + "\n(\n:\n" + text;
    if (!text.empty() && text.back() != '\n') framed += '\n';
    return framed + ") </dev/null\nprintf '%s %d\\n' " + quoted + " \"$?\"\nprintf '%s\\n' " +
           quoted + " >&2\n";
  }

  std::optional<int> take_reply(std::string& out, std::string& err,
                                const std::string& nonce) const override {
    const std::string err_marker = nonce + "\n";  // checked first: it is cheap, and written last
    if (err.size() < err_marker.size() ||
        err.compare(err.size() - err_marker.size(), err_marker.size(), err_marker) != 0)
      return std::nullopt;
    std::size_t end = 0;
    auto status = end_status(out, nonce, end);
    if (!status) return std::nullopt;
    err.resize(err.size() - err_marker.size());
    out.resize(end);
    drop_stray(out, nonce);
    return status;
  }

  bool began(const std::string& out, const std::string& nonce) const override {
    return out.find(start_marker(nonce)) != std::string::npos;
  }

  void drop_stray(std::string& out, const std::string& nonce) const override {
    std::size_t start = out.find(start_marker(nonce));
    if (start != std::string::npos) out.erase(0, start + start_marker(nonce).size());
  }

  std::vector<std::string> local_shell() const override { return {"/bin/sh", "-s"}; }

  Expected<std::string> batch(const std::vector<ShellCommand>& commands,
                              const std::string& nonce) const override {
    std::string text;
    for (std::size_t k = 0; k < commands.size(); ++k) {
      const std::string tag = "'" + command_tag(nonce, k) + "'", status = "s" + std::to_string(k);
      const auto& after = commands[k].after;
      if (after && *after >= k)
        return Error{"a command of a batch can only wait for an earlier one"};
      std::string body = "printf '%s start\\n' " + tag + "\n( " + sh_join(commands[k].argv) +
                         " ) </dev/null\n" + status + "=$?\nprintf '%s %d\\n' " + tag + " \"$" +
                         status + "\"\nprintf '%s\\n' " + tag + " >&2\n";
      if (after)
        body = "if [ \"${s" + std::to_string(*after) + ":-1}\" = 0 ]; then\n" + body + "fi\n";
      text += body;
    }
    return text;
  }

  std::vector<core::CommandOutcome> outcomes(const ProcessResult& printed, std::size_t count,
                                             const std::string& nonce) const override {
    return framed_outcomes(printed.out, printed.err, count, nonce);
  }
};

}  // namespace

const ShellDialect& posix_dialect() {
  static const PosixDialect dialect;
  return dialect;
}

}  // namespace dcod::plugins
