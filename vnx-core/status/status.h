#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "apply/action_runner.h"
#include "plan/action.h"
#include "util/expected.h"

namespace dcod::core {

/// What an apply did, for the summary and the exit status.
struct ApplyReport {
  std::vector<ActionResult> results;  // per action of the plan
  std::vector<bool> attempted;        // false: skipped because a dependency failed
  std::size_t created = 0, changed = 0, deleted = 0;
  std::size_t failed = 0, skipped = 0;
  std::vector<Error> failed_hosts;  // hosts not observed, refused, or whose end point failed
  std::size_t hosts = 0;
  std::chrono::milliseconds duration{0};

  bool ok() const { return failed == 0 && skipped == 0 && failed_hosts.empty(); }
};

/// Progress and results as the user sees them (ninja's Status): every line goes through here.
class Status {
 public:
  virtual ~Status() = default;
  /// One action ended; `finished` of `total` are done.
  virtual void action_finished(const Plan& plan, std::size_t action, const ActionResult& result,
                               std::size_t finished, std::size_t total) = 0;
  /// A line that is not about one action (a host that cannot be reached, say).
  virtual void note(const std::string& line) = 0;
  /// The closing summary.
  virtual void summary(const Plan& plan, const ApplyReport& report) = 0;
};

/// Prints "[n/m] host: create vm a7" on one self-overwriting line on a terminal, plain lines
/// otherwise, failures always in full, then what happened: "created 12, deleted 3 on 3 hosts in
/// 1.4 s" (only counts that are not 0, only hosts where something was done), or "nothing to
/// change on 3 hosts". Quiet: failures only.
class StatusPrinter : public Status {
 public:
  /// Writes to `out`; `smart` selects the one-line terminal display and colour (off with
  /// --no-color or NO_COLOR); `quiet` keeps progress and the summary of a run that went well to
  /// itself.
  StatusPrinter(std::FILE* out, bool smart, bool quiet = false);
  void action_finished(const Plan& plan, std::size_t action, const ActionResult& result,
                       std::size_t finished, std::size_t total) override;
  void note(const std::string& line) override;
  void summary(const Plan& plan, const ApplyReport& report) override;

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds k_progress_every{50};

  void end_status_line();
  void flush();
  /// `text` in `colour` (an ANSI sequence) on a terminal, else as it is.
  std::string painted(const std::string& text, const char* colour) const;

  std::mutex m_mutex;
  std::FILE* m_out;
  bool m_smart;
  bool m_quiet;
  bool m_line_open = false;
  Clock::time_point m_flushed{};  // when the output was last flushed
};

/// "created 3, changed 1 on 2 hosts and the director in 1.4 s", or "nothing to change on 3
/// hosts in 0.0 s": what the report says was done, and where.
std::string done_line(const Plan& plan, const ApplyReport& report);

/// "create vm a1", as progress lines and failures name an action.
std::string describe_action(const Plan& plan, const Action& action);

}  // namespace dcod::core
