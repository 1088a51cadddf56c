// A fake of the platforms' send APIs (Graph API, LINE Messaging API) over real TLS on loopback:
// it records every request and answers each with a success body, or with the response a test
// set for its path.
#pragma once

#include "../support/test_tls.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::testing {

struct recorded_request {
  std::string method;
  std::string target;  // path and query, e.g. /v21.0/me/messages?access_token=…
  std::string body;
  std::map<std::string, std::string> headers;  // as sent, e.g. Authorization, X-Line-Retry-Key
  unsigned answered = 0;                       // the status the fake answered with
  std::chrono::steady_clock::time_point at;    // when it arrived
};

class fake_graph_api {
 public:
  // Listens on 127.0.0.1 (a free port) with `certificate`.
  explicit fake_graph_api(const test_certificate& certificate);
  ~fake_graph_api();

  unsigned short port() const;

  // A copy of the requests received so far. Thread-safe.
  std::vector<recorded_request> requests() const;

  // From now on, requests whose path contains `path_part` get `status` and `body` (the first
  // matching rule wins). Thread-safe.
  void respond(std::string path_part, unsigned status, std::string body,
               std::map<std::string, std::string> headers = {});

  // From now on, requests whose path contains `path_part` succeed only after `delay`: a slow
  // upstream. Thread-safe.
  void delay(std::string path_part, std::chrono::milliseconds delay);

  // From now on, requests whose path contains `path_part` are read and recorded (answered 0) but
  // never answered: an upstream that accepts and then hangs. Thread-safe.
  void hang(std::string path_part);

  // Forgets every rule set by respond(), delay() and hang(): from now on every request succeeds.
  // Thread-safe.
  void recover();

  // From now on behaves like LINE with X-Line-Retry-Key: a request whose key was already
  // accepted gets 409 and is not delivered again. Thread-safe.
  void accept_each_retry_key_once();

  // The requests so far whose path contains `path_part`. Thread-safe.
  std::vector<recorded_request> requests_to(std::string_view path_part) const;

  // Waits until at least `count` requests arrived; false on timeout.
  bool wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace madoguchi::testing
