#include "load/vnx/vnx_unsupported.h"

namespace dcod::core {

void UnsupportedFeatures::found(const ElementReader& e, std::string_view feature, std::string what,
                                std::string instead) {
  auto it = m_uses.find(feature);
  if (it != m_uses.end()) {
    ++it->second.more;
    return;
  }
  m_uses.emplace(std::string(feature),
                 Use{e.where(), e.path(), std::move(what), std::move(instead), 0});
}

void UnsupportedFeatures::report(Diagnostics& diagnostics) const {
  for (const auto& [feature, use] : m_uses) {
    std::string message = use.what + " is not supported by dcod: " + use.instead;
    if (use.more > 0)
      message += " (" + std::to_string(use.more) + " more use" + (use.more == 1 ? "" : "s") +
                 " in the file)";
    diagnostics.warning(use.first, use.path, message);
  }
}

}  // namespace dcod::core
