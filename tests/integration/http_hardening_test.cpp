// The HTTP server against hostile clients, over loopback with raw sockets (reliability.md, test
// matrix rows 7–11 and graceful shutdown): size limits, slow-drip clients, connection floods,
// smuggling and malformed requests, SIGTERM with a request in flight. The server runs with a 2 s
// request deadline and small connection caps so that each case takes seconds.
//
// Linux routes all of 127.0.0.0/8 to the loopback interface: binding a client socket to
// 127.0.0.N lets one test play several remote addresses.
#include "support/http_call.hpp"
#include "support/server_under_test.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace madoguchi::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

constexpr const char* app_secret = "hardening-app-secret-77d0";
constexpr const char* page_id = "1111111111";
constexpr auto request_deadline = 2s;  // request_timeout_seconds below
constexpr std::size_t per_address_cap = 60;
constexpr std::size_t total_cap = 100;

std::string config(unsigned request_timeout_seconds, std::size_t max_connections = total_cap) {
  return "[server]\nlisten = \"127.0.0.1:0\"\nrequest_timeout_seconds = " +
         std::to_string(request_timeout_seconds) +
         "\nmax_connections = " + std::to_string(max_connections) +
         "\nmax_connections_per_address = " + std::to_string(per_address_cap) +
         "\n[storage]\nsqlite = \"var/madoguchi.db\"\n"
         "[[tenants]]\nid = \"osaka-pref\"\nmessenger_page_id = \"" +
         page_id + "\"\n";
}

const std::map<std::string, std::string> environment = {
    {"MADOGUCHI_META_APP_SECRET", app_secret},
    {"MADOGUCHI_META_VERIFY_TOKEN", "hardening-verify-token"}};

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// A non-blocking client socket; every operation waits at most its timeout (poll).
class raw_socket {
 public:
  raw_socket(const std::string& source, unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
      throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    }
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0 ||
        (::connect(fd_, reinterpret_cast<const sockaddr*>(&remote), sizeof remote) != 0 &&
         errno != EINPROGRESS) ||
        !wait_for(POLLOUT, 2s) || socket_error() != 0) {
      const int error = errno;
      ::close(fd_);
      fd_ = -1;
      throw std::runtime_error(std::string("connect: ") + std::strerror(error));
    }
  }
  ~raw_socket() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  raw_socket(raw_socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  raw_socket& operator=(raw_socket&&) = delete;

  // False when the server closed or reset the connection, or did not take the bytes in 5 s.
  bool send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent > 0) {
        data.remove_prefix(static_cast<std::size_t>(sent));
      } else if (errno != EAGAIN || !wait_for(POLLOUT, 5s)) {
        return false;
      }
    }
    return true;
  }

  struct reading {
    std::string data;
    bool closed = false;  // end of stream or reset before the timeout
  };

  // Reads until the server closes the connection or `timeout` passes.
  reading read_until_closed(std::chrono::milliseconds timeout) { return read(timeout, {}); }

  // Reads until `marker` arrives, the server closes, or `timeout` passes.
  reading read_until(std::string_view marker, std::chrono::milliseconds timeout) {
    return read(timeout, marker);
  }

  // True when the server has closed the connection, without waiting (consumes pending bytes).
  bool closed_now() { return read(0ms, {}).closed; }

 private:
  reading read(std::chrono::milliseconds timeout, std::string_view marker) {
    reading result;
    const auto deadline = clock_type::now() + timeout;
    for (;;) {
      char buffer[16384];
      const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
      if (got > 0) {
        result.data.append(buffer, static_cast<std::size_t>(got));
        if (!marker.empty() && result.data.find(marker) != std::string::npos) {
          return result;
        }
        continue;
      }
      if (got == 0 || errno != EAGAIN) {
        result.closed = true;
        return result;
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
      if (left <= 0ms || !wait_for(POLLIN, left)) {
        return result;
      }
    }
  }

  bool wait_for(short events, std::chrono::milliseconds timeout) const {
    pollfd p{fd_, events, 0};
    return ::poll(&p, 1, static_cast<int>(timeout.count())) > 0;
  }

  int socket_error() const {
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
    errno = error;
    return error;
  }

  int fd_ = -1;
};

// The status code of the first response in `data`, 0 when there is none.
unsigned status_of(const std::string& data) {
  if (data.rfind("HTTP/1.1 ", 0) != 0 || data.size() < 12) {
    return 0;
  }
  return static_cast<unsigned>(std::stoi(data.substr(9, 3)));
}

bool has_header(const std::string& data, std::string_view line) {
  const std::string head = data.substr(0, data.find("\r\n\r\n") + 2);
  return head.find("\r\n" + std::string(line) + "\r\n") != std::string::npos;
}

// The pid of the server running in `dir` (the only process with that working directory).
pid_t pid_in(const fs::path& dir) {
  const fs::path wanted = fs::canonical(dir);
  for (const fs::directory_entry& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (!std::all_of(name.begin(), name.end(), ::isdigit)) {
      continue;
    }
    std::error_code ec;
    if (fs::read_symlink(entry.path() / "cwd", ec) == wanted) {
      return static_cast<pid_t>(std::stoi(name));
    }
  }
  return -1;
}

// How many log lines of `event` the server has written.
std::size_t log_lines(const child_process& process, std::string_view event) {
  const std::string log = process.log();
  const std::string key = "\"event\":\"" + std::string(event) + "\"";
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = log.find(key, at)) != std::string::npos; ++at) {
    ++lines;
  }
  return lines;
}

std::size_t open_fds(pid_t pid) {
  std::error_code ec;
  const fs::directory_iterator fds("/proc/" + std::to_string(pid) + "/fd", ec);
  return ec ? 0 : static_cast<std::size_t>(std::distance(fds, fs::directory_iterator{}));
}

std::string signed_message_body(const std::string& mid) {
  return nlohmann::json{{"object", "page"},
                        {"entry",
                         {{{"id", page_id},
                           {"time", now_ms()},
                           {"messaging",
                            {{{"sender", {{"id", "2222222222"}}},
                              {"recipient", {{"id", page_id}}},
                              {"timestamp", now_ms()},
                              {"message", {{"mid", mid}, {"text", "セミナーの申し込み方法"}}}}}}}}}}
      .dump();
}

std::string webhook_request_head(const std::string& body, std::size_t content_length) {
  return "POST /webhook/messenger HTTP/1.1\r\nHost: 127.0.0.1\r\n"
         "Content-Type: application/json\r\nX-Hub-Signature-256: " +
         meta_signature(app_secret, body) +
         "\r\nContent-Length: " + std::to_string(content_length) + "\r\n\r\n";
}

// One server for every case but shutdown: each case uses its own client addresses and closes its
// sockets, so the connection counts start from zero.
class http_hardening : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(make_temp_dir());
    server_ = new server_under_test(*dir_, config(2), environment);
    pid_ = pid_in(*dir_);
    // The descriptors the server holds at rest (database, dictionary, listener, event fds).
    baseline_fds_ = open_fds(pid_);
  }

  static void TearDownTestSuite() {
    server_->stop_and_check();
    delete server_;
    fs::remove_all(*dir_);
    delete dir_;
  }

  void TearDown() override {
    // The server releases a closed connection at once; wait until it has.
    EXPECT_TRUE(eventually([] { return open_fds(pid_) <= baseline_fds(); }, 3s))
        << open_fds(pid_) << " descriptors open, " << baseline_fds() << " at rest";
  }

  static unsigned short port() { return server_->port(); }

  static std::size_t baseline_fds() { return baseline_fds_; }

  // Sends `request` on a new connection from `source` and reads until the server closes it.
  static raw_socket::reading exchange(const std::string& request,
                                      const std::string& source = "127.0.0.1") {
    raw_socket client(source, port());
    EXPECT_TRUE(client.send(request));
    return client.read_until_closed(5s);
  }

  static fs::path* dir_;
  static server_under_test* server_;
  static pid_t pid_;
  static std::size_t baseline_fds_;
};

fs::path* http_hardening::dir_ = nullptr;
server_under_test* http_hardening::server_ = nullptr;
pid_t http_hardening::pid_ = -1;
std::size_t http_hardening::baseline_fds_ = 0;

TEST_F(http_hardening, finds_the_server_process) {
  ASSERT_GT(pid_, 0);
  EXPECT_GT(baseline_fds(), 0u);
}

// Row 7: the header section is limited to 8 KiB (request line and final CRLF included).
TEST_F(http_hardening, header_over_8_KiB_is_431_and_closed) {
  const auto request_of_size = [](std::size_t size) {
    const std::string start =
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Pad: ";
    return start + std::string(size - start.size() - 4, 'a') + "\r\n\r\n";
  };
  const raw_socket::reading at_limit = exchange(request_of_size(8192));
  EXPECT_EQ(status_of(at_limit.data), 200u) << at_limit.data;

  const raw_socket::reading over = exchange(request_of_size(8193));
  EXPECT_EQ(status_of(over.data), 431u) << over.data;
  EXPECT_TRUE(has_header(over.data, "Connection: close")) << over.data;
  EXPECT_TRUE(has_header(over.data, "Content-Type: text/plain; charset=utf-8")) << over.data;
  EXPECT_TRUE(over.closed);
}

// Row 7: the body is limited to 1 MiB; the 413 arrives although the client sends the whole body.
TEST_F(http_hardening, body_over_1_MiB_is_413_and_closed) {
  const auto post_of_size = [](std::size_t size) {
    return "POST /webhook/messenger HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
           "Content-Type: application/json\r\nContent-Length: " +
           std::to_string(size) + "\r\n\r\n" + std::string(size, ' ');
  };
  const raw_socket::reading at_limit = exchange(post_of_size(1024 * 1024));
  EXPECT_EQ(status_of(at_limit.data), 401u) << at_limit.data;  // read whole: unsigned

  const raw_socket::reading over = exchange(post_of_size(1024 * 1024 + 1));
  EXPECT_EQ(status_of(over.data), 413u) << over.data;
  EXPECT_TRUE(has_header(over.data, "Connection: close")) << over.data;
  EXPECT_TRUE(over.closed);
}

// Row 8: slowloris. Headers trickling in at 1 byte per 200 ms do not extend the absolute
// deadline; meanwhile other clients are served at once.
TEST_F(http_hardening, slowloris_connections_are_closed_at_the_deadline) {
  const std::string drip =
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(100, 'z');
  constexpr std::size_t count = 50;
  std::vector<raw_socket> slow;
  std::vector<std::optional<double>> closed_after(count);
  const auto start = clock_type::now();
  for (std::size_t i = 0; i < count; ++i) {
    slow.emplace_back("127.0.0.2", port());
  }
  double normal_seconds = -1;
  for (std::size_t sent = 0; seconds_since(start) < 4.0; ++sent) {
    for (std::size_t i = 0; i < count; ++i) {
      if (!closed_after[i] && (slow[i].closed_now() || !slow[i].send(drip.substr(sent, 1)))) {
        closed_after[i] = seconds_since(start);
      }
    }
    if (normal_seconds < 0 && seconds_since(start) > 1.0) {
      const auto before = clock_type::now();
      EXPECT_EQ(http_call(port(), "GET", "/healthz").status, 200u);
      normal_seconds = seconds_since(before);
    }
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_GE(normal_seconds, 0);
  EXPECT_LT(normal_seconds, 0.5) << "a normal client waited during the slowloris";
  double first = 1e9;
  double last = 0;
  for (std::size_t i = 0; i < count; ++i) {
    ASSERT_TRUE(closed_after[i]) << "slow connection " << i << " still open after 4 s";
    first = std::min(first, *closed_after[i]);
    last = std::max(last, *closed_after[i]);
  }
  const double deadline = std::chrono::duration<double>(request_deadline).count();
  EXPECT_GE(first, deadline - 0.1);
  EXPECT_LE(last, deadline + 0.8);
  std::printf(
      "slowloris: %zu connections closed %.2f–%.2f s after connecting; normal client %.0f ms\n",
      count, first, last, normal_seconds * 1000);
}

// Row 9: a body that stops arriving is cut at the deadline, unanswered and never handled.
TEST_F(http_hardening, slow_body_is_closed_at_the_deadline_without_handling) {
  const std::string body = signed_message_body("m_slow_body");
  raw_socket client("127.0.0.3", port());
  const auto start = clock_type::now();
  ASSERT_TRUE(client.send(webhook_request_head(body, 1000) + body.substr(0, 10)));
  const raw_socket::reading reading = client.read_until_closed(5s);
  const double closed_after = seconds_since(start);
  EXPECT_TRUE(reading.closed);
  EXPECT_EQ(reading.data, "") << "a timeout is closed without a response";
  EXPECT_GE(closed_after, 1.9);
  EXPECT_LE(closed_after, 2.8);
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal"), 0);
  std::printf("slow body: closed %.2f s after connecting\n", closed_after);
}

// Row 10: beyond the per-address cap new connections are closed (503 when the socket takes
// it); those already open keep working, other addresses are served, descriptors stay bounded.
TEST_F(http_hardening, flood_beyond_the_per_address_cap_is_refused) {
  constexpr std::size_t attempts = 100;
  std::vector<raw_socket> flood;
  for (std::size_t i = 0; i < attempts; ++i) {
    flood.emplace_back("127.0.0.4", port());
  }
  std::this_thread::sleep_for(300ms);
  const std::size_t fds_during = open_fds(pid_);
  std::vector<raw_socket*> open;
  std::size_t with_503 = 0;
  for (raw_socket& socket : flood) {
    const raw_socket::reading reading = socket.read_until_closed(0ms);
    if (!reading.closed) {
      open.push_back(&socket);
      continue;
    }
    if (status_of(reading.data) == 503) {
      ++with_503;
      EXPECT_TRUE(has_header(reading.data, "Retry-After: 1")) << reading.data;
      EXPECT_TRUE(has_header(reading.data, "Connection: close")) << reading.data;
    }
  }
  EXPECT_EQ(open.size(), per_address_cap);
  EXPECT_LE(fds_during, baseline_fds() + per_address_cap + 2);
  EXPECT_EQ(http_call(port(), "GET", "/healthz").status, 200u) << "another address is served";
  std::size_t served = 0;
  for (raw_socket* socket : open) {
    ASSERT_TRUE(socket->send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    served += status_of(socket->read_until("ok\n", 2s).data) == 200 ? 1 : 0;
  }
  EXPECT_EQ(served, per_address_cap);
  EXPECT_EQ(log_lines(server_->process(), "connections_refused"), 1u)
      << "one line, not one a socket";
  std::printf(
      "per-address flood: %zu of %zu admitted, %zu refused with a 503; %zu fds (%zu at rest)\n",
      open.size(), attempts, with_503, fds_during, baseline_fds());
}

// Row 10: the total cap holds across addresses.
TEST_F(http_hardening, flood_beyond_the_total_cap_is_refused) {
  std::vector<raw_socket> flood;
  for (const char* source : {"127.0.0.5", "127.0.0.6"}) {
    for (std::size_t i = 0; i < per_address_cap; ++i) {
      flood.emplace_back(source, port());
    }
  }
  std::this_thread::sleep_for(300ms);
  const std::size_t fds_during = open_fds(pid_);
  const std::size_t still_open = static_cast<std::size_t>(
      std::count_if(flood.begin(), flood.end(), [](raw_socket& s) { return !s.closed_now(); }));
  EXPECT_EQ(still_open, total_cap);
  EXPECT_LE(fds_during, baseline_fds() + total_cap + 2);
  std::printf("total flood: %zu of %zu admitted; %zu fds (%zu at rest)\n", still_open, flood.size(),
              fds_during, baseline_fds());
}

// Row 11: request smuggling and malformed HTTP are 400 and closed; nothing reaches a handler.
TEST_F(http_hardening, smuggling_and_malformed_requests_are_400_and_closed) {
  const std::string post = "POST /webhook/messenger HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  const std::vector<std::pair<std::string, std::string>> vectors = {
      {"CL then TE", post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"TE then CL", post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"},
      {"two different CL", post + "Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde"},
      {"two equal CL", post + "Content-Length: 4\r\nContent-Length: 4\r\n\r\nabcd"},
      {"CL list", post + "Content-Length: 4, 4\r\n\r\nabcd"},
      {"TE not chunked", post + "Transfer-Encoding: gzip\r\n\r\nabcd"},
      {"TE twice",
       post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"bad chunk size", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"},
      {"garbage request line", "GARBAGE\r\n\r\n"},
      {"bad version", "GET /healthz HTTP/1.x\r\nHost: 127.0.0.1\r\n\r\n"},
      {"HTTP/2.0 in text", "GET /healthz HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n"},
      {"no Host", "GET /healthz HTTP/1.1\r\n\r\n"},
      {"two Hosts", "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"},
      {"underscore in a name",
       "GET /healthz HTTP/1.1\r\nHost: a\r\nX_Hub_Signature_256: x\r\n\r\n"},
      {"space before colon", "GET /healthz HTTP/1.1\r\nHost : a\r\n\r\n"},
      {"bare LF", "GET /healthz HTTP/1.1\nHost: a\n\n"},
  };
  for (const auto& [name, request] : vectors) {
    const raw_socket::reading reading = exchange(request, "127.0.0.7");
    EXPECT_EQ(status_of(reading.data), 400u) << name << ":\n" << reading.data;
    EXPECT_TRUE(has_header(reading.data, "Connection: close")) << name;
    EXPECT_TRUE(reading.closed) << name;
  }
  // A method the route table does not serve on a known path.
  const raw_socket::reading brew =
      exchange("BREW /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(brew.data), 405u) << brew.data;
  EXPECT_TRUE(has_header(brew.data, "Content-Type: text/plain; charset=utf-8")) << brew.data;
  EXPECT_EQ(count_rows(server_->database(), "inbound_journal"), 0);
}

// Graceful shutdown: on SIGTERM the server stops accepting, closes idle keep-alive connections
// at once, answers the request in flight (its body still arriving), and exits 0.
TEST(http_shutdown, sigterm_finishes_the_request_in_flight_and_refuses_new_connections) {
  const fs::path dir = make_temp_dir();
  server_under_test server(dir, config(10), environment);
  const pid_t pid = pid_in(dir);
  ASSERT_GT(pid, 0);

  raw_socket idle("127.0.0.1", server.port());
  ASSERT_TRUE(idle.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  ASSERT_EQ(status_of(idle.read_until("ok\n", 2s).data), 200u);

  const std::string body = signed_message_body("m_in_flight");
  raw_socket in_flight("127.0.0.1", server.port());
  ASSERT_TRUE(in_flight.send(webhook_request_head(body, body.size()) + body.substr(0, 20)));
  std::this_thread::sleep_for(200ms);

  const auto signalled = clock_type::now();
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  EXPECT_TRUE(idle.read_until_closed(1s).closed) << "an idle keep-alive connection stays open";
  const double idle_closed = seconds_since(signalled);
  EXPECT_TRUE(eventually(
      [&] {
        try {
          raw_socket("127.0.0.1", server.port());
          return false;
        } catch (const std::runtime_error&) {
          return true;
        }
      },
      2s))
      << "new connections are still accepted";

  std::this_thread::sleep_for(500ms);
  ASSERT_TRUE(in_flight.send(body.substr(20)));
  const raw_socket::reading answer = in_flight.read_until_closed(5s);
  EXPECT_EQ(status_of(answer.data), 200u) << answer.data;
  EXPECT_TRUE(has_header(answer.data, "Connection: close")) << answer.data;
  EXPECT_TRUE(answer.closed);
  EXPECT_EQ(count_rows(server.database(), "inbound_journal"), 1);

  server.wait_and_check();  // it exits by itself, with status 0
  const std::string log = server.process().log();
  EXPECT_NE(log.find("\"event\":\"http_drained\""), std::string::npos) << log;
  std::printf("shutdown: idle connection closed %.0f ms after SIGTERM; exited after %.2f s\n",
              idle_closed * 1000, seconds_since(signalled));
  fs::remove_all(dir);
}

// Out of file descriptors (EMFILE) the listener pauses and retries instead of spinning or
// dying, logs it once (not once per attempt), and serves again as soon as descriptors are free.
TEST(http_descriptors, the_listener_survives_running_out_of_file_descriptors) {
#ifdef MADOGUCHI_SANITIZED_SERVER
  GTEST_SKIP() << "under ASan the server has no descriptors to spare at a 48-descriptor limit; "
                  "the Release pass runs this test";
#endif
  const fs::path dir = make_temp_dir();
  // The child inherits the limit; the caps are above it, so accept() itself fails.
  rlimit saved{};
  ::getrlimit(RLIMIT_NOFILE, &saved);
  rlimit low = saved;
  low.rlim_cur = 48;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  std::optional<server_under_test> server;
  try {
    server.emplace(dir, config(10, 1000), environment);
  } catch (...) {
    ::setrlimit(RLIMIT_NOFILE, &saved);
    throw;
  }
  ::setrlimit(RLIMIT_NOFILE, &saved);

  std::vector<raw_socket> flood;
  for (const char* source : {"127.0.0.8", "127.0.0.9"}) {
    for (std::size_t i = 0; i < 40; ++i) {
      flood.emplace_back(source, server->port());
    }
  }
  EXPECT_FALSE(server->process()
                   .wait_for_log_line(
                       [](const std::string& line) {
                         return line.find("\"event\":\"accept_failed\"") != std::string::npos;
                       },
                       2s)
                   .empty())
      << "the flood did not exhaust the descriptors";
  std::this_thread::sleep_for(1s);  // about 10 more failed attempts
  flood.clear();

  // Served again once the closed flood connections are gone.
  const auto before = clock_type::now();
  EXPECT_TRUE(eventually(
      [&] {
        try {
          return http_call(server->port(), "GET", "/healthz").status == 200u;
        } catch (const std::exception&) {
          return false;
        }
      },
      5s))
      << server->process().log();
  const double recovered = seconds_since(before);
  const std::size_t lines = log_lines(server->process(), "accept_failed");
  EXPECT_EQ(lines, 1u) << server->process().log();
  server->stop_and_check();
  std::printf("EMFILE: served again %.0f ms after the flood closed; %zu accept_failed line(s)\n",
              recovered * 1000, lines);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace madoguchi::testing
