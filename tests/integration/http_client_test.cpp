// The HTTPS client against the TLS fake of the platforms: a burst of calls to one origin is
// queued at the client's bound on calls in flight, not sent all at once; every call is answered.
#include "madoguchi/webhook/http_client.hpp"
#include "fakes/fake_graph_api.hpp"
#include "support/server_under_test.hpp"
#include "support/test_tls.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace madoguchi::testing {
namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;

TEST(http_client, a_burst_waits_for_the_calls_in_flight_to_one_origin) {
  const test_certificate certificate = make_localhost_certificate();
  const auto dir = make_temp_dir();
  write_file(dir / "ca.pem", certificate.certificate_pem);
  fake_graph_api api(certificate);
  api.delay("/slow", 300ms);

  net::io_context io;
  webhook::client_options options;
  options.ca_file = (dir / "ca.pem").string();
  options.max_connections_per_origin = 2;
  webhook::http_client client(io.get_executor(), options);
  const boost::urls::url url("https://127.0.0.1:" + std::to_string(api.port()) + "/slow");
  std::vector<unsigned> statuses;
  for (int i = 0; i < 6; ++i) {
    net::co_spawn(
        io,
        [&]() -> net::awaitable<void> {
          const auto response = co_await client.post_json(url, "{}");
          statuses.push_back(response ? response->status : 0);
        },
        net::detached);
  }
  io.run();

  EXPECT_EQ(statuses, std::vector<unsigned>(6, 200u));
  std::vector<std::chrono::steady_clock::time_point> arrivals;
  for (const recorded_request& r : api.requests_to("/slow")) {
    arrivals.push_back(r.at);
  }
  ASSERT_EQ(arrivals.size(), 6u);
  std::sort(arrivals.begin(), arrivals.end());
  // Two at a time, each answered after 300 ms: the third cannot arrive before the first two were
  // answered, the fifth before the next two were.
  EXPECT_GE(arrivals[2] - arrivals[0], 250ms);
  EXPECT_GE(arrivals[4] - arrivals[0], 500ms);
}

}  // namespace
}  // namespace madoguchi::testing
