#include "virtualbox/vbox_driver.h"

#include <thread>

namespace dcod::plugins {

VBoxDriver::VBoxDriver(const VBoxPlatform& platform, std::string vboxmanage, RunText run,
                       std::chrono::seconds call_limit)
    : m_platform(platform),
      m_vboxmanage(std::move(vboxmanage)),
      m_run(std::move(run)),
      m_call_limit(call_limit) {}

Expected<std::vector<std::vector<VBoxReply>>> VBoxDriver::run(const std::vector<VBoxChain>& chains,
                                                              const char* what) {
  std::vector<std::vector<VBoxReply>> replies;
  std::vector<Resume> todo;
  for (std::size_t c = 0; c < chains.size(); ++c) {
    replies.emplace_back(chains[c].size());
    if (!chains[c].empty()) todo.push_back({c, 0});
  }
  auto pause = k_first_pause;
  for (int attempt = 1; !todo.empty(); ++attempt) {
    auto ran = run_once(chains, todo, replies, what);
    if (!ran) return ran.error();
    std::vector<Resume> again;
    for (const Resume& r : todo) {
      const std::vector<VBoxReply>& got = replies[r.chain];
      for (std::size_t k = r.from; k < got.size(); ++k) {
        if (!failed(got[k], m_platform)) continue;
        if (got[k].ran && lock_error(got[k]) && attempt < k_tries) again.push_back({r.chain, k});
        break;
      }
    }
    todo = std::move(again);
    if (todo.empty()) break;
    std::this_thread::sleep_for(pause);
    pause *= 2;
  }
  return replies;
}

Expected<bool> VBoxDriver::run_once(const std::vector<VBoxChain>& chains,
                                    const std::vector<Resume>& todo,
                                    std::vector<std::vector<VBoxReply>>& replies,
                                    const char* what) {
  const ShellDialect& dialect = *m_platform.dialect;
  std::vector<ShellCommand> commands;
  std::vector<std::pair<std::size_t, std::size_t>> origin;  // per command: chain, call
  for (const Resume& r : todo) {
    for (std::size_t k = r.from; k < chains[r.chain].size(); ++k) {
      ShellCommand c = m_platform.command(m_vboxmanage, chains[r.chain][k].args, m_call_limit);
      if (auto why = dialect.refuses(c)) {  // it, and what waits for it, stay unsent
        replies[r.chain][k].refused = why->message;
        break;
      }
      if (k > r.from) c.after = commands.size() - 1;
      commands.push_back(std::move(c));
      origin.emplace_back(r.chain, k);
    }
  }
  if (commands.empty()) return true;
  const std::string nonce = new_marker_nonce();
  auto texts = dialect.texts(commands, nonce);
  if (!texts) return texts.error();
  ProcessResult printed;  // of every text, one after another
  for (const std::string& text : *texts) {
    auto part = m_run(text, what);
    if (!part) return part.error();
    printed.out += part->out;
    printed.err += part->err;
  }
  auto outcomes = dialect.outcomes(printed, commands.size(), nonce);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    auto [chain, call] = origin[i];
    VBoxReply& reply = replies[chain][call];
    reply = VBoxReply{outcomes[i].ran, outcomes[i].exit_status, std::move(outcomes[i].out),
                      std::move(outcomes[i].err), ""};
    if (!reply.ran) continue;
    ++m_calls;
    if (chains[chain][call].mutating) ++m_mutating;
  }
  return true;
}

}  // namespace dcod::plugins
