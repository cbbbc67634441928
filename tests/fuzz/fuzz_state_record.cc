// The state record reader on any bytes (the file may be truncated, damaged or someone else's):
// a record or an error, never a crash.

#include "fuzz_input.h"
#include "state/state_record.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto record = dcod::core::parse_state_record(dcod::fuzz::as_text(data, size), "fuzz");
  if (record) {
    for (const auto& host : record->hosts) (void)dcod::core::host_of_record(host);
  }
  return 0;
}
