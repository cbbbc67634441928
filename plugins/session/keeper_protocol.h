#pragma once

// The wire format between dcod and an SSH session keeper (kept_session.h) over a Unix socket:
// each message is one frame, a 4-byte big-endian length and that many bytes; inside, fields are
// a kind byte followed by length-prefixed strings and numbers. Requests: run a script (with its
// timeout) or close. Responses: the script's result, or why the session could not run it.

#include <sys/un.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "session/ssh_session.h"
#include "util/process.h"

namespace dcod::plugins {

/// The address of the keeper's Unix socket at `path`; nullopt when the path is too long.
std::optional<sockaddr_un> unix_address(const std::string& path);

/// What dcod asks of a keeper.
struct KeeperRequest {
  enum class Kind : std::uint8_t { run = 1, close = 2 };
  Kind kind = Kind::run;
  std::string script;
  std::chrono::milliseconds timeout{0};
};

/// What a keeper answers to a run request.
struct KeeperResponse {
  bool reached = false;  // false: the session could not run it (`error` says why)
  std::string error;
  std::string hint;
  ErrorCode code = ErrorCode::failed;
  ProcessResult result;
};

/// What a new keeper is told on its stdin (never its argv: the password may be in it).
struct KeeperConfig {
  SshEndpoint endpoint;
  SshOptions options;
  std::string socket;         // where to listen
  std::chrono::seconds idle;  // exit after this long without a request
  std::string dialect;        // the name of the host shell's dialect
};

/// Encodes a message as the bytes of one frame body.
std::string encode(const KeeperConfig& config);
std::string encode(const KeeperRequest& request);
std::string encode(const KeeperResponse& response);
/// Decodes a frame body; nothing when it is malformed.
std::optional<KeeperRequest> decode_request(const std::string& body);
std::optional<KeeperResponse> decode_response(const std::string& body);
std::optional<KeeperConfig> decode_config(const std::string& body);

/// Writes one frame; false when the peer is gone (never SIGPIPE on a socket).
bool write_frame(int fd, const std::string& body);
/// Reads one frame, waiting at most until `deadline`; nothing on EOF, error or timeout.
std::optional<std::string> read_frame(int fd, std::chrono::steady_clock::time_point deadline);

}  // namespace dcod::plugins
