// Tests of the route table (exact and prefix routes, 404 versus 405, query strings) and of the
// response helpers.
#include "madoguchi/webhook/http.hpp"

#include "madoguchi/telemetry/server_metrics.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <string>

namespace madoguchi::webhook {
namespace {

// A handler that says which route it is, in its body.
struct tagged_handler {
  int tag;
  net::awaitable<response> operator()(request) const {
    response res{http::status::ok, 11};
    res.body() = std::to_string(tag);
    co_return res;
  }
};

// The tag of the route that `m` found (running its handler with a `method` request), or 0 when
// none was.
int tag_of(const router::match& m, http::verb method = http::verb::get) {
  if (m.found == nullptr) {
    return 0;
  }
  net::io_context io;
  auto result = net::co_spawn(io, (*m.found)(request{method, "/", 11}), net::use_future);
  io.run();
  return std::stoi(result.get().body());
}

class router_test : public ::testing::Test {
 protected:
  void SetUp() override {
    routes_.add_prefix(http::verb::get, "/admin/", tagged_handler{1});
    routes_.add(http::verb::get, "/admin/api", tagged_handler{2});
    routes_.add_prefix(http::verb::get, "/admin/api/", tagged_handler{3});
    routes_.add(http::verb::get, "/webhook/messenger", tagged_handler{4});
    routes_.add(http::verb::post, "/webhook/messenger", tagged_handler{5});
    routes_.add(http::verb::get, "/healthz", tagged_handler{6});
  }
  router routes_;
};

TEST_F(router_test, exact_routes_match_only_their_path) {
  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/healthz")), 6);
  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/healthz/")), 0);
  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/health")), 0);
}

TEST_F(router_test, exact_beats_prefix_and_longer_prefix_beats_shorter) {
  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/admin/api")), 2);
  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/admin/index.html")), 1);
  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/admin/")), 1);
  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/admin/api/entries/1")), 3);
  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/admin")), 0);
}

TEST_F(router_test, method_selects_between_routes_of_one_path) {
  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/webhook/messenger")), 4);
  EXPECT_EQ(tag_of(routes_.find(http::verb::post, "/webhook/messenger")), 5);
}

TEST_F(router_test, unknown_path_is_404_and_wrong_method_is_405) {
  const auto missing = routes_.find(http::verb::get, "/nowhere");
  EXPECT_EQ(missing.found, nullptr);
  EXPECT_EQ(missing.failure, http::status::not_found);

  const auto wrong_method = routes_.find(http::verb::delete_, "/webhook/messenger");
  EXPECT_EQ(wrong_method.found, nullptr);
  EXPECT_EQ(wrong_method.failure, http::status::method_not_allowed);

  const auto wrong_method_prefix = routes_.find(http::verb::post, "/admin/api/entries");
  EXPECT_EQ(wrong_method_prefix.found, nullptr);
  EXPECT_EQ(wrong_method_prefix.failure, http::status::method_not_allowed);

  EXPECT_EQ(router{}.find(http::verb::get, "/").failure, http::status::not_found);
}

TEST_F(router_test, the_query_string_is_ignored) {
  EXPECT_EQ(tag_of(routes_.find(http::verb::get,
                                "/webhook/messenger?hub.mode=subscribe&hub.challenge=1")),
            4);
  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/healthz?")), 6);
  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/nowhere?/healthz")), 0);
}

// The router's counts are in the process-wide registry: each test compares before and after.
std::uint64_t requests(std::string_view route, std::string_view method, std::string_view status) {
  return telemetry::metrics().http_requests.with({route, method, status}).value();
}

std::uint64_t timed(std::string_view route) {
  return telemetry::metrics().http_request_duration.with({route}).read().cumulative.back();
}

TEST_F(router_test, requests_are_counted_by_route_pattern_never_by_path) {
  const std::uint64_t prefix_before = requests("/admin/api/*", "GET", "200");
  const std::uint64_t exact_before = requests("/webhook/messenger", "POST", "200");
  const std::uint64_t timed_before = timed("/admin/api/*");
  const std::uint64_t missing_before = requests("unmatched", "GET", "404");
  const std::uint64_t wrong_method_before = requests("unmatched", "DELETE", "405");

  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/admin/api/entries/1?token=secret")), 3);
  EXPECT_EQ(tag_of(routes_.find(http::verb::post, "/webhook/messenger"), http::verb::post), 5);
  EXPECT_EQ(tag_of(routes_.find(http::verb::get, "/nowhere/12345")), 0);
  EXPECT_EQ(tag_of(routes_.find(http::verb::delete_, "/webhook/messenger")), 0);

  EXPECT_EQ(requests("/admin/api/*", "GET", "200"), prefix_before + 1);
  EXPECT_EQ(requests("/webhook/messenger", "POST", "200"), exact_before + 1);
  EXPECT_EQ(timed("/admin/api/*"), timed_before + 1);
  EXPECT_EQ(requests("unmatched", "GET", "404"), missing_before + 1);
  EXPECT_EQ(requests("unmatched", "DELETE", "405"), wrong_method_before + 1);
  const std::string exposed = telemetry::process_registry().expose();
  EXPECT_EQ(exposed.find("/admin/api/entries"), std::string::npos);
  EXPECT_EQ(exposed.find("nowhere"), std::string::npos);
  EXPECT_EQ(exposed.find("secret"), std::string::npos);
}

TEST(router_metrics_test, a_handler_that_throws_is_counted_as_500) {
  router routes;
  routes.add(http::verb::get, "/boom", [](request) -> net::awaitable<response> {
    throw std::runtime_error("boom");
    co_return response{};
  });
  const std::uint64_t before = requests("/boom", "GET", "500");
  EXPECT_THROW(tag_of(routes.find(http::verb::get, "/boom")), std::runtime_error);
  EXPECT_EQ(requests("/boom", "GET", "500"), before + 1);
  EXPECT_EQ(timed("/boom"), 1u);
}

TEST(target_path_test, strips_the_query) {
  EXPECT_EQ(target_path("/webhook?hub.mode=subscribe"), "/webhook");
  EXPECT_EQ(target_path("/webhook"), "/webhook");
  EXPECT_EQ(target_path("/a?b?c"), "/a");
  EXPECT_EQ(target_path("?x"), "");
  EXPECT_EQ(target_path(""), "");
}

TEST(response_test, text_response_is_utf8_plain_text_with_safe_headers) {
  request req{http::verb::get, "/healthz", 11};
  req.keep_alive(true);
  const response res = text_response(req, http::status::ok, "準備完了");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.version(), 11u);
  EXPECT_EQ(res[http::field::content_type], "text/plain; charset=utf-8");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res[http::field::cache_control], "no-store");
  EXPECT_EQ(res[http::field::content_length], std::to_string(std::string("準備完了").size()));
  EXPECT_EQ(res.body(), "準備完了");
  EXPECT_TRUE(res.keep_alive());
}

TEST(response_test, keep_alive_and_version_are_copied_from_the_request) {
  request closing{http::verb::get, "/", 11};
  closing.keep_alive(false);
  EXPECT_FALSE(text_response(closing, http::status::not_found, "").keep_alive());

  request old{http::verb::get, "/", 10};
  const response res = text_response(old, http::status::forbidden, "forbidden");
  EXPECT_EQ(res.version(), 10u);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_EQ(res.result(), http::status::forbidden);
}

TEST(response_test, json_response_sets_a_json_content_type) {
  request req{http::verb::get, "/admin/api", 11};
  const response res = json_response(req, http::status::created, R"({"ok":true})");
  EXPECT_EQ(res.result(), http::status::created);
  EXPECT_EQ(res[http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res.body(), R"({"ok":true})");
}

}  // namespace
}  // namespace madoguchi::webhook
