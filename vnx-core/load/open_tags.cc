#include "load/open_tags.h"

namespace dcod::core {

namespace {

bool is_name_char(char c) {
  return c != '>' && c != '/' && c != ' ' && c != '\t' && c != '\n' && c != '\r';
}

/// Where the text after `from` contains `marker`, just past it; the end when it does not.
std::size_t past(std::string_view text, std::size_t from, std::string_view marker) {
  std::size_t at = text.find(marker, from);
  return at == std::string_view::npos ? text.size() : at + marker.size();
}

/// Just past the start tag at `at`, quoted values skipped; sets `empty` for "<x/>".
std::size_t past_start_tag(std::string_view text, std::size_t at, bool& empty) {
  char quote = 0;
  for (std::size_t i = at + 1; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      quote = c == quote ? 0 : quote;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      empty = text[i - 1] == '/';
      return i + 1;
    }
  }
  return text.size();
}

std::string name_at(std::string_view text, std::size_t from) {
  std::size_t end = from;
  while (end < text.size() && is_name_char(text[end])) ++end;
  return std::string(text.substr(from, end - from));
}

}  // namespace

std::vector<OpenTag> open_tags_before(std::string_view text, std::size_t end) {
  std::vector<OpenTag> open;
  std::size_t i = 0;
  end = std::min(end, text.size());
  while (i < end) {
    std::size_t lt = text.find('<', i);
    if (lt == std::string_view::npos || lt >= end) break;
    std::string_view rest = text.substr(lt);
    if (rest.substr(0, 4) == "<!--") {
      i = past(text, lt, "-->");
    } else if (rest.substr(0, 9) == "<![CDATA[") {
      i = past(text, lt, "]]>");
    } else if (rest.substr(0, 2) == "<?") {
      i = past(text, lt, "?>");
    } else if (rest.substr(0, 2) == "<!") {
      i = past(text, lt, ">");
    } else if (rest.substr(0, 2) == "</") {
      if (!open.empty()) open.pop_back();
      i = past(text, lt, ">");
    } else {
      bool empty = false;
      i = past_start_tag(text, lt, empty);
      if (!empty && i <= end) open.push_back({name_at(text, lt + 1), lt});
    }
  }
  return open;
}

std::optional<std::string> end_tag_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t at = text.rfind("</", offset);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t close = text.find('>', at);
  if (close != std::string_view::npos && close < offset) return std::nullopt;  // not in it
  return name_at(text, at + 2);
}

}  // namespace dcod::core
