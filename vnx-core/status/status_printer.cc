#include <set>

#include "plan/plan_text.h"
#include "status/status.h"
#include "util/printable.h"
#include "util/words.h"

namespace dcod::core {

std::string describe_action(const Plan& plan, const Action& a) {
  std::string line = plan.place_of(a) + ": " + op_verb(a.op) + " " + a.summary;
  return a.change.empty() ? line : line + ": " + a.change;
}

StatusPrinter::StatusPrinter(std::FILE* out, bool smart, bool quiet)
    : m_out(out), m_smart(smart), m_quiet(quiet) {}

namespace {

const char* const k_red = "\x1b[1;31m";
const char* const k_green = "\x1b[32m";

/// "3 hosts and the director": where an action of the report succeeded.
std::string where_done(const Plan& plan, const ApplyReport& r) {
  std::set<std::string> hosts;
  bool director = false;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    if (!r.attempted[i] || !r.results[i].ok) continue;
    const Action& a = plan.actions[i];
    if (a.host == plan.director() && a.lives_on.empty())
      director = true;
    else
      hosts.insert(plan.place_of(a));
  }
  if (hosts.empty()) return director ? "the director" : "no host";
  return counted(hosts.size(), "host", "hosts") + (director ? " and the director" : "");
}

/// True when the action waits for the end point of a host that failed for good (refused, a
/// shell it cannot speak to): running again will not make that end point known.
bool waits_in_vain(const Action& a, const ApplyReport& r) {
  if (a.waits_for.empty()) return false;
  for (const Error& e : r.failed_hosts) {
    if (e.context.host == a.waits_for && !e.retryable()) return true;
  }
  return false;
}

}  // namespace

std::string done_line(const Plan& plan, const ApplyReport& r) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", static_cast<double>(r.duration.count()) / 1000.0);
  std::string done;
  for (auto [n, verb] : {std::pair{r.created, "created"}, std::pair{r.changed, "changed"},
                         std::pair{r.deleted, "deleted"}}) {
    if (n) done += (done.empty() ? "" : ", ") + std::string(verb) + " " + std::to_string(n);
  }
  if (done.empty() && !r.failed && !r.skipped)
    return "nothing to change on " + counted(r.hosts, "host", "hosts") + " in " + seconds + " s";
  if (done.empty()) return "nothing done in " + std::string(seconds) + " s";
  return done + " on " + where_done(plan, r) + " in " + seconds + " s";
}

std::string StatusPrinter::painted(const std::string& text, const char* colour) const {
  if (!m_smart || !colour || !*colour) return text;
  return colour + text + "\x1b[0m";
}

void StatusPrinter::end_status_line() {
  if (m_line_open) std::fputc('\n', m_out);
  m_line_open = false;
}

void StatusPrinter::action_finished(const Plan& plan, std::size_t action,
                                    const ActionResult& result, std::size_t finished,
                                    std::size_t total) {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_quiet && result.ok) return;
  std::string line = "[" + std::to_string(finished) + "/" + std::to_string(total) + "] " +
                     describe_action(plan, plan.actions[action]);
  if (!result.ok) {
    end_status_line();
    // A failure no retry mends comes from what the scenario asks: name its element.
    std::string where = result.retryable ? "" : place_prefix(plan, plan.actions[action]);
    std::fprintf(m_out, "%s %s\n%s%s\n", line.c_str(), painted("FAILED", k_red).c_str(),
                 where.c_str(), printable(result.error).c_str());
    flush();
    return;
  }
  // Tens of thousands of actions in a wide lab: the output is flushed (and the terminal's line
  // redrawn) at most every k_progress_every, and for the last action.
  const bool due = finished == total || Clock::now() - m_flushed >= k_progress_every;
  if (m_smart) {
    if (!due) return;
    std::fprintf(m_out, "\r%s\x1b[K", line.c_str());
    m_line_open = true;
  } else {
    std::fprintf(m_out, "%s\n", line.c_str());
  }
  if (due) flush();
}

void StatusPrinter::flush() {
  std::fflush(m_out);
  m_flushed = Clock::now();
}

void StatusPrinter::note(const std::string& line) {
  std::lock_guard<std::mutex> lock(m_mutex);
  end_status_line();
  std::fprintf(m_out, "%s\n", printable(line).c_str());
  flush();
}

void StatusPrinter::summary(const Plan& plan, const ApplyReport& r) {
  std::lock_guard<std::mutex> lock(m_mutex);
  end_status_line();
  const bool trouble = r.failed || r.skipped || !r.failed_hosts.empty();
  if (!m_quiet || trouble)
    std::fprintf(m_out, "%s\n", painted(done_line(plan, r), trouble ? "" : k_green).c_str());
  if (trouble) {
    std::fprintf(m_out, "%s: %s failed, %zu skipped", painted("FAILED", k_red).c_str(),
                 counted(r.failed, "action", "actions").c_str(), r.skipped);
    if (!r.failed_hosts.empty())
      std::fprintf(m_out, ", %s not worked on",
                   counted(r.failed_hosts.size(), "host", "hosts").c_str());
    std::fprintf(m_out, "\n");
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
      if (!r.attempted[i] || r.results[i].ok) continue;
      std::string where = r.results[i].retryable ? "" : place_prefix(plan, plan.actions[i]);
      std::fprintf(m_out, "  %s%s\n", where.c_str(),
                   describe_action(plan, plan.actions[i]).c_str());
      std::string error = printable(r.results[i].error);  // it may quote what a host printed
      for (std::size_t at = 0; at < error.size();) {
        std::size_t end = error.find('\n', at);
        std::fprintf(m_out, "      %s\n", error.substr(at, end - at).c_str());
        at = end == std::string::npos ? error.size() : end + 1;
      }
    }
    // Running again helps only where a failure may pass (a host away, a timeout, a lock, an end
    // point not known yet); otherwise the errors above say what to change.
    bool again = false;
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
      if (!r.attempted[i] || r.results[i].ok || !r.results[i].retryable) continue;
      again |= !waits_in_vain(plan.actions[i], r);
    }
    for (const Error& e : r.failed_hosts) {
      std::fprintf(m_out, "  %s\n", describe(e).c_str());
      if (!e.hint.empty()) std::fprintf(m_out, "      hint: %s\n", printable(e.hint).c_str());
      again |= e.retryable();
    }
    std::fprintf(m_out, "%s\n",
                 again ? "run the same command again to finish the job"
                       : "running again fails the same way: change what the errors above name");
  }
  flush();
}

}  // namespace dcod::core
