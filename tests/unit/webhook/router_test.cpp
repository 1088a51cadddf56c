// Tests of the route table (exact and prefix routes, 404 versus 405, query strings) and of the
// response helpers.
#include "madoguchi/webhook/http.hpp"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi::webhook {
namespace {

// A handler that says which route it is; never called.
struct tagged_handler {
  int tag;
  net::awaitable<response> operator()(request) const { co_return response{}; }
};

int tag_of(const router::match& m) {
  if (m.found == nullptr) {
    return 0;
  }
  const auto* h = m.found->target<tagged_handler>();
  return h == nullptr ? -1 : h->tag;
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
