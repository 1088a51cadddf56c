// A blocking HTTP/1.1 call over loopback, for end-to-end tests of the server.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace madoguchi::testing {

struct http_result {
  unsigned status = 0;
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // every response header, as sent

  // The first value of header `name` (case-insensitive), or "" when there is none.
  std::string header(std::string_view name) const;
};

// Sends one request to 127.0.0.1:`port` and reads the response (10 s deadline). Throws on I/O
// failure.
http_result http_call(unsigned short port, const std::string& method, const std::string& target,
                      const std::string& body = {},
                      const std::map<std::string, std::string>& headers = {});

}  // namespace madoguchi::testing
