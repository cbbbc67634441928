#include "session/keeper_protocol.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "util/process.h"

namespace dcod::plugins {

TEST(KeeperProtocol, MessagesSurviveTheirEncoding) {
  KeeperRequest request{KeeperRequest::Kind::run, std::string("echo 'a'\n\0b", 11),
                        std::chrono::milliseconds(1234)};
  auto back = decode_request(encode(request));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, KeeperRequest::Kind::run);
  EXPECT_EQ(back->script, request.script);
  EXPECT_EQ(back->timeout.count(), 1234);

  KeeperResponse response;
  response.reached = true;
  response.code = ErrorCode::timed_out;
  response.result = {-1, std::string(70000, 'x'), "err", true};
  auto answer = decode_response(encode(response));
  ASSERT_TRUE(answer);
  EXPECT_TRUE(answer->reached);
  EXPECT_EQ(answer->code, ErrorCode::timed_out);
  EXPECT_EQ(answer->result.exit_status, -1);
  EXPECT_EQ(answer->result.out, response.result.out);
  EXPECT_EQ(answer->result.err, "err");
  EXPECT_TRUE(answer->result.timed_out);

  KeeperConfig config{
      {"hv1", "198.18.0.1", 2222, "root", "/k", "pw"}, {}, "/s", std::chrono::seconds(60), "posix"};
  config.options.known_hosts = "/kh";
  config.options.accept_new_host_keys = true;
  auto told = decode_config(encode(config));
  ASSERT_TRUE(told);
  EXPECT_EQ(told->endpoint.address, "198.18.0.1");
  EXPECT_EQ(told->endpoint.port, 2222);
  EXPECT_EQ(told->endpoint.password, "pw");
  EXPECT_EQ(told->options.known_hosts, "/kh");
  EXPECT_TRUE(told->options.accept_new_host_keys);
  EXPECT_EQ(told->socket, "/s");
  EXPECT_EQ(told->idle.count(), 60);
  EXPECT_EQ(told->dialect, "posix");
}

TEST(KeeperProtocol, EveryErrorCodeCrossesAndNoneBeyond) {
  for (std::uint32_t c = 0; c <= static_cast<std::uint32_t>(k_last_error_code); ++c) {
    KeeperResponse response;
    response.code = static_cast<ErrorCode>(c);
    auto answer = decode_response(encode(response));
    ASSERT_TRUE(answer) << "code " << c;
    EXPECT_EQ(answer->code, response.code);
  }
  KeeperResponse beyond;
  beyond.code = static_cast<ErrorCode>(static_cast<std::uint32_t>(k_last_error_code) + 1);
  EXPECT_FALSE(decode_response(encode(beyond)));
  EXPECT_EQ(k_last_error_code, ErrorCode::garbled) << "a new code moves k_last_error_code";
}

TEST(KeeperProtocol, TruncatedOrUnknownMessagesAreRefused) {
  std::string body = encode(KeeperRequest{KeeperRequest::Kind::run, "true", {}});
  EXPECT_FALSE(decode_request(body.substr(0, body.size() - 1)));
  std::string unknown_kind = body;
  unknown_kind[0] = 9;
  EXPECT_FALSE(decode_request(unknown_kind));
  EXPECT_FALSE(decode_request(""));
  EXPECT_FALSE(decode_response("\x01"));
  // Found by fuzzing: an empty config body read past its end and threw out_of_range.
  EXPECT_FALSE(decode_config(""));
  EXPECT_FALSE(decode_response(""));
  for (std::size_t n = 0; n < 12; ++n) EXPECT_FALSE(decode_config(std::string(n, '\xff')));
}

TEST(KeeperProtocol, FramesCrossAPipeAndAClosedPipeEndsTheRead) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_TRUE(write_frame(fds[1], "hello"));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  EXPECT_EQ(read_frame(fds[0], deadline).value_or(""), "hello");
  ::close(fds[1]);
  EXPECT_FALSE(read_frame(fds[0], deadline));
  ::close(fds[0]);
}

TEST(KeeperProtocol, TheLargestAnswerASessionReadsCrossesInOneFrame) {
  KeeperResponse response;
  response.reached = true;
  response.result.out.assign(k_max_captured_output - 10, 'x');  // just within what is read
  response.result.err = "0123456789";
  const std::string body = encode(response);
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  std::thread writer([&] { EXPECT_TRUE(write_frame(fds[1], body)); });
  auto got = read_frame(fds[0], std::chrono::steady_clock::now() + std::chrono::seconds(60));
  writer.join();
  ::close(fds[0]);
  ::close(fds[1]);
  ASSERT_TRUE(got) << "a keeper's answer of " << body.size() << " bytes was refused";
  auto answer = decode_response(*got);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->result.out.size(), response.result.out.size());
}

}  // namespace dcod::plugins
