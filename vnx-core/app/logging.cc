#include "app/logging.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace dcod::app {

void set_up_logging(const CliOptions& options) {
  std::vector<spdlog::sink_ptr> sinks;
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
      options.no_color ? spdlog::color_mode::never : spdlog::color_mode::automatic);
  console->set_level(options.verbose ? spdlog::level::debug
                     : options.quiet ? spdlog::level::warn
                                     : spdlog::level::info);
  sinks.push_back(console);
  if (!options.log_file.empty()) {
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.log_file);
    file->set_level(spdlog::level::debug);
    sinks.push_back(file);
  }
  for (const char* name : {"app", "core", "seg", "ssh", "backend"}) {
    spdlog::drop(name);
    auto logger = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::debug);
    logger->set_pattern(options.verbose ? "%^[%H:%M:%S.%e] [%n] %l: %v%$" : "%^[%n] %l: %v%$");
    spdlog::register_logger(logger);
  }
}

spdlog::logger& subsystem_logger(const char* name) {
  std::shared_ptr<spdlog::logger> logger = spdlog::get(name);
  return logger ? *logger : *spdlog::default_logger_raw();
}

}  // namespace dcod::app
