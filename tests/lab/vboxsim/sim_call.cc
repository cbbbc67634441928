#include "sim_call.h"

#include <cctype>

namespace vboxsim {

void Call::error(const std::string& text, int status) {
  err += "VBoxManage: error: " + text + "\n";
  exit = status;
}

void Call::com_error(const std::string& text, const std::string& code, const std::string& component,
                     const std::string& interface, const std::string& context, int line,
                     const std::string& file) {
  error(text);
  err += "VBoxManage: error: Details: code " + code + ", component " + component + ", interface " +
         interface + ", callee nsISupports\n";
  err += "VBoxManage: error: Context: \"" + context + "\" at line " + std::to_string(line) +
         " of file " + file + "\n";
}

void Call::unknown_option(const std::string& option, const std::string& usage) {
  out +=
      "Oracle VirtualBox Command Line Management Interface Version 7.2.22_Debian\n"
      "Copyright (C) 2005-2026 Oracle and/or its affiliates\n\n";
  error("Unknown option: " + option);
  out += "Usage - " + usage + "\n";
  error("Unknown option: " + option);
}

void Call::progress() {
  err += "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n";
}

namespace {

/// True for text in a UUID's 8-4-4-4-12 hex form.
bool is_uuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (text[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace

Vm* machine_or_error(State& s, Call& c, const std::string& name, const std::string& context,
                     int line, const std::string& file) {
  if (Vm* vm = s.find(name)) return vm;
  c.com_error(is_uuid(name) ? "Could not find a registered machine with UUID {" + name + "}"
                            : "Could not find a registered machine named '" + name + "'",
              "VBOX_E_OBJECT_NOT_FOUND (0x80bb0001)", "VirtualBoxWrap", "IVirtualBox",
              "FindMachine(Bstr(" + context + ").raw(), machine.asOutParam())", line, file);
  return nullptr;
}

}  // namespace vboxsim
