#pragma once

// Reads what VBoxManage prints (REFERENCE.md, and the recordings of the real 7.2 in
// ../shared/vbox/): `list vms`, `showvminfo --machinereadable`, `getextradata`, `guestproperty
// enumerate`. Tolerant where VBoxManage varies (quoted keys, escapes, repeated keys, keys it
// adds in later versions, CRLF line ends); an error names the command whose output is not what
// VBoxManage prints.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.h"

namespace dcod::plugins {

/// One line of `list vms`.
struct ListedVm {
  std::string name;  // "<inaccessible>" for a VM VirtualBox cannot read
  std::string uuid;
};

/// `list vms` / `list runningvms`: `"<name>" {<uuid>}` per line; the UUID is the last {...}.
Expected<std::vector<ListedVm>> parse_list_vms(std::string_view out);

/// `showvminfo VM --machinereadable`: key=value lines, keys and values unquoted or in double
/// quotes with \" \\ and \n escapes; the first of repeated keys wins; lines without '=' are
/// skipped (7.x prints " rec_screen0").
Expected<std::map<std::string, std::string>> parse_machine_readable(std::string_view out);

/// `getextradata VM KEY` or `guestproperty get VM KEY`: "Value: x", or nullopt for "No value
/// set!".
Expected<std::optional<std::string>> parse_value(std::string_view out);

/// `getextradata VM enumerate`: "Key: K, Value: V" lines.
Expected<std::map<std::string, std::string>> parse_extradata_list(std::string_view out);

/// `guestproperty enumerate VM`: "NAME = 'VALUE' @ TIME" lines (7.x), or "Name: N, value: V,
/// timestamp: T, flags: F" (--old-format, and 6.1).
Expected<std::map<std::string, std::string>> parse_guest_properties(std::string_view out);

/// The lines of `text`, without line ends (LF or CRLF).
std::vector<std::string_view> output_lines(std::string_view text);

}  // namespace dcod::plugins
