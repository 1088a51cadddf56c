#include "server_under_test.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <thread>

namespace madoguchi::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string hmac_sha256(const std::string& secret, const std::string& body) {
  unsigned char digest[32];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace

fs::path make_temp_dir() {
  std::random_device random;
  const fs::path dir = fs::temp_directory_path() / ("madoguchi-e2e-" + std::to_string(random()));
  fs::create_directories(dir);
  return dir;
}

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream(path) << content;
}

std::string meta_signature(const std::string& secret, const std::string& body) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "sha256=";
  for (const unsigned char byte : hmac_sha256(secret, body)) {
    out.push_back(hex[byte >> 4]);
    out.push_back(hex[byte & 0xF]);
  }
  return out;
}

std::string line_signature(const std::string& secret, const std::string& body) {
  const std::string digest = hmac_sha256(secret, body);
  unsigned char encoded[64];
  const int length = EVP_EncodeBlock(encoded, reinterpret_cast<const unsigned char*>(digest.data()),
                                     static_cast<int>(digest.size()));
  return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(length));
}

std::string line_text_event_body(const std::string& id, const std::string& reply_token,
                                 std::int64_t timestamp_ms, const std::string& text) {
  const nlohmann::json event = {{"type", "message"},
                                {"mode", "active"},
                                {"timestamp", timestamp_ms},
                                {"source", {{"type", "user"}, {"userId", "U" + id}}},
                                {"webhookEventId", id},
                                {"deliveryContext", {{"isRedelivery", false}}},
                                {"replyToken", reply_token},
                                {"message", {{"id", "4" + id}, {"type", "text"}, {"text", text}}}};
  return nlohmann::json{{"destination", "Ubot"}, {"events", nlohmann::json::array({event})}}.dump();
}

std::string line_only_config(const std::filesystem::path& ca_file, unsigned short line_port) {
  return std::string("[server]\nlisten = \"127.0.0.1:0\"\n") +
         "[storage]\nsqlite = \"var/madoguchi.db\"\n" + "[meta]\nca_file = \"" + ca_file.string() +
         "\"\n" + "[line]\napi_base = \"https://localhost:" + std::to_string(line_port) + "\"\n" +
         "[[tenants]]\nid = \"osaka-pref\"\nname = \"大阪府\"\n";
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

std::int64_t count_rows(const fs::path& database, const std::string& table,
                        const std::string& where) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  const std::string sql = "SELECT count(*) FROM " + table + " WHERE " + where;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
  std::int64_t count = -1;
  if (statement != nullptr && sqlite3_step(statement) == SQLITE_ROW) {
    count = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return count;
}

server_under_test::server_under_test(const fs::path& dir, const std::string& config,
                                     const std::map<std::string, std::string>& environment)
    : dir_(dir), environment_(environment) {
  write_file(dir / "madoguchi.toml", config);
  process_ = std::make_unique<child_process>(
      MADOGUCHI_BINARY, std::vector<std::string>{"serve", "--config", "madoguchi.toml"},
      environment, dir);
  const std::string line = process_->wait_for_log_line(
      [](const std::string& l) { return l.find("\"event\":\"listening\"") != std::string::npos; },
      30s);
  if (line.empty()) {
    throw std::runtime_error("the server did not start; its log:\n" + process_->log());
  }
  const std::string address = nlohmann::json::parse(line)["address"];
  port_ = static_cast<unsigned short>(std::stoi(address.substr(address.rfind(':') + 1)));
}

void server_under_test::stop_and_check() {
  EXPECT_EQ(process_->stop(), 0) << process_->log();
  check_exit();
}

void server_under_test::wait_and_check() {
  EXPECT_EQ(process_->wait(std::chrono::seconds(10)), 0) << process_->log();
  check_exit();
}

void server_under_test::check_exit() const {
  const std::string log = process_->log();
  EXPECT_EQ(log.find("Sanitizer"), std::string::npos) << log;
  EXPECT_EQ(log.find("runtime error:"), std::string::npos) << log;
  check_log();
}

void server_under_test::crash() {
  process_->kill_now();
  check_log();
}

void server_under_test::check_log() const {
  std::vector<std::string> never = {"sha256=", "Bearer ", "access_token", "hub.verify_token",
                                    "PSID-",   "IGSID-",  "reply-token-"};
  for (const auto& [name, value] : environment_) {
    for (const char* secret_word : {"SECRET", "TOKEN", "PASSWORD", "KEY"}) {
      if (name.find(secret_word) != std::string::npos && value.size() >= 6) {
        never.push_back(value);
      }
    }
  }
  never.insert(never.end(), forbidden_.begin(), forbidden_.end());
  const std::string log = process_->log();
  for (const std::string& text : never) {
    const std::size_t at = log.find(text);
    EXPECT_EQ(at, std::string::npos)
        << "the server's log shows \"" << text << "\":\n"
        << log.substr(log.rfind('\n', at) + 1, log.find('\n', at) - log.rfind('\n', at));
  }
}

}  // namespace madoguchi::testing
