#include "status/status.h"

namespace dcod::core {

std::string describe_action(const Plan& plan, const Action& a) {
  return plan.host_names[a.host] + ": " + op_verb(a.op) + " " + a.summary;
}

StatusPrinter::StatusPrinter(std::FILE* out, bool smart) : m_out(out), m_smart(smart) {}

void StatusPrinter::end_status_line() {
  if (m_line_open) std::fputc('\n', m_out);
  m_line_open = false;
}

void StatusPrinter::action_finished(const Plan& plan, std::size_t action,
                                    const ActionResult& result, std::size_t finished,
                                    std::size_t total) {
  std::lock_guard<std::mutex> lock(m_mutex);
  std::string line = "[" + std::to_string(finished) + "/" + std::to_string(total) + "] " +
                     describe_action(plan, plan.actions[action]);
  if (!result.ok) {
    end_status_line();
    std::fprintf(m_out, "%s FAILED\n%s\n", line.c_str(), result.error.c_str());
  } else if (m_smart) {
    std::fprintf(m_out, "\r%s\x1b[K", line.c_str());
    m_line_open = true;
  } else {
    std::fprintf(m_out, "%s\n", line.c_str());
  }
  std::fflush(m_out);
}

void StatusPrinter::note(const std::string& line) {
  std::lock_guard<std::mutex> lock(m_mutex);
  end_status_line();
  std::fprintf(m_out, "%s\n", line.c_str());
  std::fflush(m_out);
}

void StatusPrinter::summary(const Plan& plan, const ApplyReport& r) {
  std::lock_guard<std::mutex> lock(m_mutex);
  end_status_line();
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", static_cast<double>(r.duration.count()) / 1000.0);
  std::fprintf(m_out, "created %zu, changed %zu, deleted %zu on %zu hosts in %s s\n", r.created,
               r.changed, r.deleted, r.hosts, seconds);
  if (r.failed || r.skipped || !r.failed_hosts.empty()) {
    std::fprintf(m_out, "FAILED: %zu actions failed, %zu skipped", r.failed, r.skipped);
    if (!r.failed_hosts.empty())
      std::fprintf(m_out, ", %zu hosts not worked on", r.failed_hosts.size());
    std::fprintf(m_out, "\n");
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
      if (!r.attempted[i] || r.results[i].ok) continue;
      std::fprintf(m_out, "  %s\n", describe_action(plan, plan.actions[i]).c_str());
      std::string error = r.results[i].error;
      for (std::size_t at = 0; at < error.size();) {
        std::size_t end = error.find('\n', at);
        std::fprintf(m_out, "      %s\n", error.substr(at, end - at).c_str());
        at = end == std::string::npos ? error.size() : end + 1;
      }
    }
    bool again = r.failed || r.skipped;  // the next run finishes what failed or was skipped
    for (const Error& e : r.failed_hosts) {
      std::fprintf(m_out, "  %s\n", describe(e).c_str());
      if (!e.hint.empty()) std::fprintf(m_out, "      hint: %s\n", e.hint.c_str());
      again |= e.retryable();
    }
    if (again) std::fprintf(m_out, "run the same command again to finish the job\n");
  }
  std::fflush(m_out);
}

}  // namespace dcod::core
