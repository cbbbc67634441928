#include "virtualbox/vbox_call.h"

#include "virtualbox/vbox_parse.h"

namespace dcod::plugins {

namespace {

/// The text after the error prefix a line starts with, or nullptr-like empty when none.
bool error_line(std::string_view line, const VBoxPlatform& platform, std::string_view& text) {
  for (const std::string& prefix : platform.error_prefixes) {
    if (line.rfind(prefix, 0) == 0) {
      text = line.substr(prefix.size());
      while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
      return true;
    }
  }
  return false;
}

}  // namespace

VBoxCall read_call(std::vector<std::string> args) {
  return {std::move(args), false};
}

VBoxCall change_call(std::vector<std::string> args) {
  return {std::move(args), true};
}

bool failed(const VBoxReply& reply, const VBoxPlatform& platform) {
  if (!reply.ran || reply.exit_status != 0) return true;
  std::string_view text;
  for (std::string_view line : output_lines(reply.err)) {
    if (error_line(line, platform, text)) return true;
  }
  return false;
}

bool lock_error(const VBoxReply& reply) {
  static const char* const signs[] = {
      "is already locked for a session", "is already locked by a session",
      "already has a lock request pending", "was unlocked unexpectedly while attempting to share",
      "Failed to create the VirtualBox object"};
  for (const char* sign : signs) {
    if (reply.err.find(sign) != std::string::npos) return true;
  }
  return false;
}

std::string failure_text(const VBoxReply& reply, const VBoxPlatform& platform) {
  if (!reply.refused.empty()) return reply.refused;
  if (!reply.ran) return "it did not run";
  if (reply.exit_status == 124 || reply.exit_status == 137) return "it timed out";
  std::string text;
  std::string_view line_text;
  for (std::string_view line : output_lines(reply.err)) {
    if (!error_line(line, platform, line_text)) continue;
    if (line_text.rfind("Details:", 0) == 0 || line_text.rfind("Context:", 0) == 0) continue;
    if (!text.empty()) text += "; ";
    text += line_text;
  }
  return text.empty() ? "exit status " + std::to_string(reply.exit_status) : text;
}

std::string call_text(const VBoxCall& call) {
  std::string text = "VBoxManage";
  for (const std::string& a : call.args) text += " " + a;
  return text;
}

}  // namespace dcod::plugins
