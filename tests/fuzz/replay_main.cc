// The plain build of a fuzz target: runs every file of the directories (or files) it is given
// through the target once, as an ordinary test. A crash or sanitizer report fails it; it
// prints how many inputs it ran.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_input.h"

namespace fs = std::filesystem;

namespace {

int run_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t ran = 0;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    if (fs::is_regular_file(argv[i], ec)) {
      run_file(argv[i]);
      ++ran;
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(argv[i], ec)) {
      if (!entry.is_regular_file()) continue;
      run_file(entry.path());
      ++ran;
    }
  }
  std::printf("%zu inputs ran\n", ran);
  return ran == 0 ? 1 : 0;  // an empty corpus tests nothing
}
