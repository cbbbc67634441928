#pragma once

// A shell dialect: how the shell of a host is entered and spoken to (DESIGN §10). A session
// carries bytes and knows no shell's language; it asks the dialect how text reaches the shell
// (one resident shell taking text after text, or one command line per text) and where a reply
// ends. Backends ask it to turn a list of commands into what that shell runs and to read each
// command's exit status and output back: POSIX sh (posix_dialect.cc) and Windows' cmd.exe as
// Win32-OpenSSH runs it (cmd_dialect.cc).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "backend/host_backend.h"
#include "util/expected.h"
#include "util/process.h"

namespace dcod::plugins {

/// A command for a host's shell: a program and its arguments, rendered by the dialect.
struct ShellCommand {
  std::vector<std::string> argv;
  /// Set: it runs only if that earlier command of its batch ran and exited 0 (a chain of calls
  /// where each needs the one before).
  std::optional<std::size_t> after;
};

/// The language of one kind of host shell.
class ShellDialect {
 public:
  virtual ~ShellDialect() = default;
  /// Its name, as a kept session's keeper is told it ("posix").
  virtual std::string name() const = 0;

  // How text reaches the shell: what a session needs.

  /// True when one shell on the host takes text after text (POSIX: /bin/sh -s); else each text
  /// is the whole command line of its own exec request.
  virtual bool resident() const = 0;
  /// The exec request's command line: for a resident shell, the shell, which runs `first` before
  /// it waits for more when given and small enough to ride along (carries() says whether it
  /// did); else `first` itself, the text to run.
  virtual std::string start_command(const std::string* first) const = 0;
  /// True when start_command(&first) holds `first`, so that it need not be sent as input.
  virtual bool carries(const std::string& first) const = 0;
  /// `text` framed for a resident shell, its reply told apart from others by `nonce`.
  virtual std::string framed(const std::string& text, const std::string& nonce) const = 0;
  /// When both streams hold the end of the reply framed with `nonce`: cuts them to that reply
  /// and returns its exit status; nothing while more is to come.
  virtual std::optional<int> take_reply(std::string& out, std::string& err,
                                        const std::string& nonce) const = 0;
  /// True once the shell has begun the text framed with `nonce`.
  virtual bool began(const std::string& out, const std::string& nonce) const = 0;
  /// Drops what came before the reply to `nonce`: stray output of earlier texts' background jobs.
  virtual void drop_stray(std::string& out, const std::string& nonce) const = 0;
  /// The program that runs text on this machine, the text on its stdin.
  virtual std::vector<std::string> local_shell() const = 0;

  // Commands and their results: what a backend needs.

  /// Text that runs `commands` one after another, each whatever the last did, each framed so
  /// that its exit status and output come back on their own (`nonce` keeps a command's output
  /// from forging a frame); an error for an argument the dialect cannot render safely.
  virtual Expected<std::string> batch(const std::vector<ShellCommand>& commands,
                                      const std::string& nonce) const = 0;
  /// batch() cut into texts that each fit one command line of the shell (cmd.exe takes 8191
  /// characters), a chain of commands never cut; run one after another, their outputs joined
  /// are read by outcomes(). One text where the shell has no such limit.
  virtual Expected<std::vector<std::string>> texts(const std::vector<ShellCommand>& commands,
                                                   const std::string& nonce) const;
  /// Why `command` cannot be rendered safely (it is then never sent), or nothing.
  virtual std::optional<Error> refuses(const ShellCommand&) const { return std::nullopt; }
  /// One outcome per command of batch() from what it printed; a command whose frame is missing
  /// did not run.
  virtual std::vector<core::CommandOutcome> outcomes(const ProcessResult& printed,
                                                     std::size_t count,
                                                     const std::string& nonce) const = 0;

  // The host's shell checked on first contact.

  /// A text whose output tells whether the host's shell is this dialect's, or empty where no
  /// check is needed.
  virtual std::string probe() const { return ""; }
  /// From what probe() printed: the SSH user's home folder as the host writes paths, or why the
  /// host's shell cannot be spoken to with this dialect.
  virtual Expected<std::string> probed(const ProcessResult& printed) const;
};

/// A shell that runs each text as the whole command line of its own exec request (nothing
/// resident, no frame around a text): what a session needs of it, answered once.
class OneLineDialect : public ShellDialect {
 public:
  bool resident() const override { return false; }
  std::string start_command(const std::string* first) const override { return first ? *first : ""; }
  bool carries(const std::string&) const override { return true; }
  std::string framed(const std::string& text, const std::string&) const override { return text; }
  std::optional<int> take_reply(std::string&, std::string&, const std::string&) const override {
    return std::nullopt;
  }
  bool began(const std::string&, const std::string&) const override { return true; }
  void drop_stray(std::string&, const std::string&) const override {}
};

/// A fresh random nonce (32 hex digits) that no output will contain by chance.
std::string new_marker_nonce();

/// The POSIX sh dialect.
const ShellDialect& posix_dialect();
/// The cmd.exe dialect: each text one `cmd.exe /c` command line, as Win32-OpenSSH runs it.
const ShellDialect& cmd_dialect();
/// The dialect called `name`, or nullptr.
const ShellDialect* dialect_named(const std::string& name);

}  // namespace dcod::plugins
