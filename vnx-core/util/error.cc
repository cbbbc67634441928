#include "util/expected.h"

#include "util/printable.h"

namespace dcod {

Error with_code(Error error, ErrorCode code) {
  error.code = code;
  return error;
}

Error on_host(Error error, const std::string& host) {
  if (error.context.host.empty()) error.context.host = host;
  return error;
}

std::string describe(const Error& e) {
  std::string out;
  const ErrorContext& c = e.context;
  if (!c.file.empty()) {
    out += c.file;
    if (c.line) out += ":" + std::to_string(c.line) + ":" + std::to_string(c.column);
    out += ": ";
  }
  // A message that already starts with its host or object is not prefixed twice.
  auto starts_with = [&](const std::string& s) { return e.message.rfind(s, 0) == 0; };
  if (!c.host.empty() && !starts_with(c.host + ":") && !starts_with("host " + c.host))
    out += c.host + ": ";
  if (!c.object.empty() && !starts_with(c.object)) out += c.object + ": ";
  return printable(out + e.message);  // a message may quote what a host printed
}

std::string describe_with_hint(const Error& e) {
  std::string out = describe(e);
  if (!e.hint.empty()) out += "\n  hint: " + printable(e.hint);
  return out;
}

}  // namespace dcod
