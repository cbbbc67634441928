// The shell dialects' readers of what a host printed back (markers, exit statuses, the
// probe's answer), POSIX and cmd.exe alike, on any bytes. The first byte says how many commands
// the batch had (0-15); the rest is cut at the first NUL into stdout and stderr. Every outcome
// asked for comes back, and the readers never crash.

#include <cstdlib>

#include "fuzz_input.h"
#include "shell/shell_dialect.h"

namespace {

void read_back(const dcod::plugins::ShellDialect& dialect, const dcod::ProcessResult& printed,
               std::size_t count) {
  auto outcomes = dialect.outcomes(printed, count, "f00d");
  if (outcomes.size() != count) std::abort();
  (void)dialect.probed(printed);
  std::string out = printed.out, err = printed.err;
  (void)dialect.take_reply(out, err, "f00d");
  (void)dialect.began(printed.out, "f00d");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t count = data[0] & 0x0f;
  std::vector<std::string> part = dcod::fuzz::parts_of(dcod::fuzz::as_text(data + 1, size - 1), 2);
  dcod::ProcessResult printed{0, part[0], part[1], false};
  read_back(dcod::plugins::posix_dialect(), printed, count);
  read_back(dcod::plugins::cmd_dialect(), printed, count);
  return 0;
}
