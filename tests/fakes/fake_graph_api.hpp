// A fake of the Graph API's Send endpoint over real TLS on loopback: it records every request
// and answers each with a Send API success body.
#pragma once

#include "../support/test_tls.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace madoguchi::testing {

struct recorded_request {
  std::string method;
  std::string target;  // path and query, e.g. /v21.0/me/messages?access_token=…
  std::string body;
};

class fake_graph_api {
 public:
  // Listens on 127.0.0.1 (a free port) with `certificate`.
  explicit fake_graph_api(const test_certificate& certificate);
  ~fake_graph_api();

  unsigned short port() const;

  // A copy of the requests received so far. Thread-safe.
  std::vector<recorded_request> requests() const;

  // Waits until at least `count` requests arrived; false on timeout.
  bool wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace madoguchi::testing
