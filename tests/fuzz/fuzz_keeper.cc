// The keeper protocol's decoders on any frame body: a request, a response or a config, or
// nothing, never a crash; what decodes encodes back to a body that decodes the same.

#include <cstdlib>

#include "fuzz_input.h"
#include "session/keeper_protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dcod::plugins;
  std::string body = dcod::fuzz::as_text(data, size);
  if (auto request = decode_request(body)) {
    auto again = decode_request(encode(*request));
    if (!again || again->script != request->script || again->timeout != request->timeout)
      std::abort();
  }
  if (auto response = decode_response(body)) {
    auto again = decode_response(encode(*response));
    if (!again || again->result.out != response->result.out || again->error != response->error)
      std::abort();
  }
  (void)decode_config(body);
  return 0;
}
