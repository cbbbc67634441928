#pragma once

// What parse_records must return, read the slow way: from parse_json's whole document. The
// tests and the fuzz target hold the one-pass reader to it.

#include "util/json.h"

namespace dcod::testing {

/// The records of `text` as parse_records defines them, from parse_json's document.
inline Expected<std::vector<JsonRecord>> records_by_document(std::string_view text,
                                                             const std::vector<std::string>& keys,
                                                             const JsonLimits& limits = {}) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::vector<JsonRecord>{};
  auto document = parse_json(text, limits);
  if (!document) return document.error();
  if (!document->is_array()) return Error{"not a JSON array", ""};
  std::vector<JsonRecord> out;
  for (const Json& element : *document) {
    if (!element.is_object()) continue;
    JsonRecord record{std::vector<std::vector<std::string>>(keys.size())};
    for (std::size_t k = 0; k < keys.size(); ++k) {
      auto member = element.find(keys[k]);
      if (member == element.end()) continue;
      if (member->is_string()) record.members[k].push_back(member->get<std::string>());
      if (!member->is_array()) continue;
      for (const Json& flag : *member) {
        if (flag.is_string()) record.members[k].push_back(flag.get<std::string>());
      }
    }
    out.push_back(std::move(record));
  }
  return out;
}

/// True when both readers agree on `text`: both refuse it, or both read the same records.
inline bool records_agree(std::string_view text, const std::vector<std::string>& keys,
                          const JsonLimits& limits = {}) {
  auto fast = parse_records(text, keys, limits);
  auto slow = records_by_document(text, keys, limits);
  if (!fast || !slow) return !fast && !slow;
  if (fast->size() != slow->size()) return false;
  for (std::size_t r = 0; r < fast->size(); ++r) {
    if ((*fast)[r].members != (*slow)[r].members) return false;
  }
  return true;
}

}  // namespace dcod::testing
