// Carrying out a batch of actions on a VirtualBox host: what must be read first (markers, slot
// records, snapshots) in one round trip, every action's VBoxManage calls in one more, then the
// proxy VM's part (bridges, tunnels, entries, the slot NICs as bridge ports) in one round trip
// inside the proxy.

#include "linux/batch_script.h"
#include "linux/proxy_configurator.h"
#include "virtualbox/vbox_observation.h"
#include "virtualbox/vbox_steps.h"
#include "virtualbox/virtualbox_host.h"

namespace dcod::plugins {

using core::ActionOp;
using core::ObjectKind;

namespace {

/// A failure the run's own view explains and that leaves the goal met: a VM found running
/// stopped meanwhile, one to remove is gone already.
bool harmless(const VBoxCall& call, const VBoxReply& reply) {
  const std::string& cmd = call.args[0];
  if (cmd == "controlvm" && call.args.size() > 2 && call.args[2] == "poweroff")
    return reply.err.find("is not currently running") != std::string::npos;
  if (cmd == "unregistervm")
    return reply.err.find("Could not find a registered machine") != std::string::npos;
  return false;
}

/// "" when every call of the action's chains succeeded, else what failed.
std::string host_failure(const std::vector<VBoxChain>& chains,
                         const std::vector<std::vector<VBoxReply>>& replies, std::size_t first,
                         const VBoxPlatform& platform) {
  for (std::size_t c = 0; c < chains.size(); ++c) {
    for (std::size_t k = 0; k < chains[c].size(); ++k) {
      const VBoxReply& r = replies[first + c][k];
      if (!failed(r, platform) || harmless(chains[c][k], r)) continue;
      return call_text(chains[c][k]) + ": " + failure_text(r, platform);
    }
  }
  return "";
}

std::vector<core::ActionResult> all_failed(std::size_t n, const Error& e) {
  return std::vector<core::ActionResult>(n, core::ActionResult::failure(e));
}

}  // namespace

std::vector<core::ActionResult> VirtualBoxHost::run(const core::Plan& plan,
                                                    const std::vector<std::size_t>& batch) {
  std::lock_guard<std::recursive_mutex> lock(m_mutex);
  auto v = view();
  if (!v) return all_failed(batch.size(), v.error());
  const HostView& seen = **v;
  FactsRequest need =
      VBoxSteps::facts_needed(plan, batch, seen, m_spec.host, m_spec.scenario, m_made);
  VBoxFacts facts;
  auto chains = facts_chains(need);
  if (!chains.empty()) {
    auto replies = m_driver.run(chains, "read before changes");
    if (!replies) return all_failed(batch.size(), replies.error());
    auto read = read_facts(need, *replies, *m_spec.platform);
    if (!read) return all_failed(batch.size(), where(read.error()));
    facts = std::move(*read);
  }
  auto uploads = upload_images(plan, batch);
  std::map<std::string, std::string> upload_errors;
  for (const auto& [ova, e] : m_upload_errors) upload_errors[ova] = describe(e);
  VBoxSteps steps({m_spec.scenario, m_spec.host, seen, facts, uploads, m_made, m_taken,
                   upload_errors, m_promisc_set});
  std::vector<VBoxWork> work;
  std::vector<VBoxChain> all;
  std::vector<std::size_t> first;
  for (std::size_t index : batch) {
    work.push_back(steps.work(plan.actions[index]));
    first.push_back(all.size());
    all.insert(all.end(), work.back().chains.begin(), work.back().chains.end());
  }
  m_made = steps.made();
  m_taken = steps.taken();
  std::vector<std::vector<VBoxReply>> replies;
  if (!all.empty()) {
    auto ran = m_driver.run(all, "apply");
    if (!ran) return all_failed(batch.size(), ran.error());
    replies = std::move(*ran);
  }
  std::vector<core::ActionResult> results(batch.size(), {true, ""});
  for (std::size_t k = 0; k < batch.size(); ++k) {
    if (!work[k].refused.empty()) {
      results[k] = {false, describe(where(Error{work[k].refused, "", ErrorCode::refused}))};
      continue;
    }
    std::string failure = host_failure(work[k].chains, replies, first[k], *m_spec.platform);
    if (!failure.empty()) results[k] = {false, describe(where(Error{failure}))};
  }
  run_in_proxy(plan, batch, work, results);
  return results;
}

void VirtualBoxHost::run_in_proxy(const core::Plan& plan, const std::vector<std::size_t>& batch,
                                  const std::vector<VBoxWork>& work,
                                  std::vector<core::ActionResult>& results) {
  ProxyConfigurator proxy("", m_spec.scenario, m_spec.global.udp_port);
  BatchScript script;
  std::vector<std::size_t> inside;  // indices into batch
  for (std::size_t k = 0; k < batch.size(); ++k) {
    const core::Action& a = plan.actions[batch[k]];
    if (!results[k].ok || !ProxyConfigurator::handles(a.kind)) continue;
    std::vector<Step> steps = proxy.steps(a);
    if (a.kind == ObjectKind::bridge && a.op != ActionOp::remove) {
      auto mac = mac_of_vbox(work[k].proxy_mac);
      if (mac) steps.push_back(proxy.port_step(*mac, a.target.vtep));
    }
    script.add(std::move(steps));
    inside.push_back(k);
  }
  if (inside.empty()) return;
  auto session = proxy_session();
  Expected<ProcessResult> result = session ? run_on(**session, script.text(), "apply in proxy")
                                           : Expected<ProcessResult>(session.error());
  if (!result) {
    for (std::size_t k : inside) results[k] = core::ActionResult::failure(result.error());
    return;
  }
  auto done = script.results(result->out, "the script in the proxy VM ended early: " + result->err);
  for (std::size_t i = 0; i < inside.size(); ++i) results[inside[i]] = done[i];
}

std::map<std::string, std::string> VirtualBoxHost::upload_images(
    const core::Plan& plan, const std::vector<std::size_t>& batch) {
  std::map<std::string, std::string> uploads;
  for (std::size_t index : batch) {
    const core::Action& a = plan.actions[index];
    if (a.kind != ObjectKind::vm || a.op != ActionOp::create || !a.target.vm.image) continue;
    const std::string& ova = a.target.vm.image->ova;
    if (ova.empty() || uploads.count(ova)) continue;
    auto remote = upload(ova);
    if (remote)
      uploads[ova] = *remote;
    else
      m_upload_errors[ova] = remote.error();
  }
  return uploads;
}

}  // namespace dcod::plugins
