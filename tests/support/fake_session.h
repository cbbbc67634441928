#pragma once

// An in-memory session for backend tests that need no root and no host: it records every text
// it is given and answers with what the test says, or runs the text with a real /bin/sh whose
// PATH starts with stand-ins for ip and bridge that log what they were asked.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "session/session.h"

namespace dcod::test {

/// What a FakeSession was given, shared with the test after the session moved into a backend.
struct SessionLog {
  std::vector<std::string> texts;
  int connects = 0;
};

/// A session that answers every text with `answer(text)`.
class FakeSession : public plugins::Session {
 public:
  using Answer = std::function<Expected<ProcessResult>(const std::string& text)>;
  FakeSession(std::shared_ptr<SessionLog> log, Answer answer)
      : m_log(std::move(log)), m_answer(std::move(answer)) {}

  Expected<ProcessResult> run(const std::string& text, std::chrono::milliseconds) override {
    m_log->texts.push_back(text);
    return m_answer(text);
  }
  const plugins::ShellDialect& dialect() const override { return plugins::posix_dialect(); }

 private:
  std::shared_ptr<SessionLog> m_log;
  Answer m_answer;
};

/// Stand-ins for `ip` and `bridge` in a directory of their own: each logs its arguments and the
/// lines it reads to `log`; `ip netns exec NS CMD...` runs CMD, and so does `nsenter --net=NS
/// CMD...` (logged as "nsenter --net=NS"). Returns the directory.
std::string fake_iproute(const std::string& log);

/// Runs `text` with /bin/sh, `bin` first on its PATH.
Expected<ProcessResult> run_with_tools(const std::string& text, const std::string& bin);

}  // namespace dcod::test
