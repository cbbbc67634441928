#pragma once

// `dcod --netns-batch`: the tool dcod's scripts on a simulated host (this machine) give the lines
// for inside its VMs. Each line is `NAMESPACE IP-LINE`; one process carries out the lines of every
// VM of a stage through rtnetlink, where `nsenter ... ip -batch` would start two processes per VM.
// Its input and output are those of `ip -force -batch -`: every line is tried, and a failed one is
// told as "Command failed -:N", so the batch script reads it as iproute2's.

#include <iosfwd>
#include <string>
#include <string_view>

namespace dcod::plugins {

/// The command-line flag that makes dcod this tool (followed by `-force -batch -`).
inline constexpr std::string_view k_netns_batch_flag = "--netns-batch";

/// The tool as a batch script names it: this very dcod executable with the flag.
std::string netns_batch_tool();
/// Carries out every line of `in`, each in its namespace (/run/netns/NAMESPACE), on a thread of
/// its own (the caller's namespace never changes); prints failures to `out` as iproute2 does.
/// Returns 0, or 1 when some line failed.
int run_netns_batch(std::istream& in, std::ostream& out);

}  // namespace dcod::plugins
