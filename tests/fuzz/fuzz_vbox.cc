// The VBoxManage output readers on any bytes: `list vms`, `showvminfo --machinereadable`,
// `getextradata` (one value and the list) and `guestproperty enumerate`. An error or a result,
// never a crash.

#include "fuzz_input.h"
#include "virtualbox/vbox_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dcod::plugins;
  std::string text = dcod::fuzz::as_text(data, size);
  (void)parse_list_vms(text);
  (void)parse_machine_readable(text);
  (void)parse_value(text);
  (void)parse_extradata_list(text);
  (void)parse_guest_properties(text);
  (void)output_lines(text);
  return 0;
}
