// File: load_generator.cpp
//
// Open-loop, constant-rate load on `madoguchi serve` (reliability matrix row 33): request i is
// due at t0 + i/rate whether or not earlier ones have been answered, and its latency counts from
// that scheduled time to the last byte of the response. A stalled server therefore shows up as
// latency rather than as a lower request rate (no coordinated omission, unlike a closed loop such
// as wrk). A benchmark for notes, never a test: it reports, it asserts nothing.
//
//   load_generator --port P --secret S --rate 200 --seconds 60 [--connections 64]
//                  [--max-connections 250] [--page-id ID] [--server-pid PID] [--run ID]
//                  [--senders N] [--timeout-seconds 30] [--label TEXT]
//   load_generator --fake-graph-port P        (P may be 0: the port is printed)
//
// Every request is a signed Messenger webhook POST to /webhook/messenger with a unique mid. The
// senders rotate so that each sends fewer than 10 messages a minute (the flood guard's burst).
// Keep-alive connections are pooled; when none is free at a request's scheduled time another is
// opened, up to --max-connections (the server's per-address cap is 256), beyond which requests
// wait for a free connection (counted as cap_hits; the wait is part of their latency).
//
// Once a second a line on stderr gives that second's counts and latencies, the open connections
// and, with --server-pid, the server's open descriptors and RSS; at the end a summary on stderr
// and one JSON line on stdout.
//
// --fake-graph-port runs a stand-in for the Graph API instead: every request is answered 200
// {"recipient_id":"x","message_id":"m"} over plain HTTP on 127.0.0.1, until SIGTERM or SIGINT,
// when it prints what it received as one JSON line on stdout.
#include "load_stats.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using json = nlohmann::json;
using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;
using madoguchi::bench::cpu_times;
using madoguchi::bench::latency_set;
using madoguchi::bench::process_sample;
using madoguchi::bench::process_watch;

constexpr auto use_nothrow = net::as_tuple(net::use_awaitable);

constexpr std::string_view webhook_target = "/webhook/messenger";
constexpr std::string_view signature_header = "X-Hub-Signature-256";
constexpr std::string_view json_type = "application/json";
constexpr std::string_view fake_reply = R"({"recipient_id":"x","message_id":"m"})";

// Questions a resident of Osaka might ask; the default knowledge base answers all of them but
// one, which gets a choice of two entries.
constexpr std::string_view questions[] = {
    "セミナーの申し込み方法を教えてください",
    "開催日はいつですか",
    "子どもが知らない人からDMを受け取りました",  // a clarifying question (a choice)
    "知らない人からDMが来て会おうと言われました",
    "行政職員向けの情報リテラシーセミナーについて教えてください",
    "SNS出前授業を申し込みたい",
    "会場はどこですか",
    "オンラインで参加できますか",
};

struct options {
  unsigned short port = 0;
  std::string secret;
  double rate = 50;
  double seconds = 10;
  std::size_t connections = 64;
  std::size_t max_connections = 250;
  std::string page_id = "1111111111";
  int server_pid = 0;
  std::uint64_t run = 0;
  std::uint64_t senders = 0;  // 0: max(500, rate * 60 / 8)
  std::chrono::milliseconds timeout{30'000};
  std::chrono::milliseconds idle_discard{5'000};  // the server closes idle ones after 15 s
  std::string label;
  std::optional<unsigned short> fake_graph_port;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "load_generator: " << problem << "\n"
            << "usage: load_generator --port P --secret S [--rate R] [--seconds T]\n"
               "         [--connections N] [--max-connections M] [--page-id ID]\n"
               "         [--server-pid PID] [--run ID] [--senders N] [--timeout-seconds T]\n"
               "         [--idle-discard-ms MS] [--label TEXT]\n"
               "       load_generator --fake-graph-port P\n";
  std::exit(2);
}

options parse_options(int argc, char** argv) {
  options opt;
  opt.run = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count()) %
            1'000'000;
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    if (i + 1 >= argc) {
      usage("missing value for " + name);
    }
    const std::string value = argv[++i];
    try {
      if (name == "--port") {
        opt.port = static_cast<unsigned short>(std::stoul(value));
      } else if (name == "--secret") {
        opt.secret = value;
      } else if (name == "--rate") {
        opt.rate = std::stod(value);
      } else if (name == "--seconds") {
        opt.seconds = std::stod(value);
      } else if (name == "--connections") {
        opt.connections = std::stoul(value);
      } else if (name == "--max-connections") {
        opt.max_connections = std::stoul(value);
      } else if (name == "--page-id") {
        opt.page_id = value;
      } else if (name == "--server-pid") {
        opt.server_pid = std::stoi(value);
      } else if (name == "--run") {
        opt.run = std::stoull(value) % 1'000'000;
      } else if (name == "--senders") {
        opt.senders = std::stoull(value);
      } else if (name == "--timeout-seconds") {
        opt.timeout = std::chrono::milliseconds(static_cast<long>(std::stod(value) * 1000));
      } else if (name == "--idle-discard-ms") {
        opt.idle_discard = std::chrono::milliseconds(std::stol(value));
      } else if (name == "--label") {
        opt.label = value;
      } else if (name == "--fake-graph-port") {
        opt.fake_graph_port = static_cast<unsigned short>(std::stoul(value));
      } else {
        usage("unknown option " + name);
      }
    } catch (const std::exception&) {
      usage("bad value for " + name + ": " + value);
    }
  }
  if (opt.fake_graph_port) {
    return opt;
  }
  if (opt.port == 0 || opt.secret.empty()) {
    usage("--port and --secret are required");
  }
  if (!(opt.rate > 0) || !(opt.seconds > 0) || opt.max_connections == 0) {
    usage("--rate, --seconds and --max-connections must be positive");
  }
  opt.connections = std::min(opt.connections, opt.max_connections);
  if (opt.senders == 0) {
    opt.senders =
        std::max<std::uint64_t>(500, static_cast<std::uint64_t>(std::ceil(opt.rate * 60.0 / 8.0)));
  }
  return opt;
}

std::string meta_signature(const std::string& secret, const std::string& body) {
  static constexpr char hex[] = "0123456789abcdef";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  std::string out = "sha256=";
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xF]);
  }
  return out;
}

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double ms_between(clock_type::time_point from, clock_type::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// ---------------------------------------------------------------------------------------------
// The load generator.

struct connection {
  explicit connection(const net::any_io_executor& executor) : stream(executor) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool connected = false;
  clock_type::time_point last_used = clock_type::now();
};

struct due_request {
  std::uint64_t index = 0;
  clock_type::time_point scheduled;
};

struct counts {
  std::uint64_t sent = 0;  // requests that fell due (issued into the pool)
  std::uint64_t completed = 0;
  std::uint64_t ok = 0;
  std::map<unsigned, std::uint64_t> non_2xx;
  std::uint64_t io_errors = 0;
  std::map<std::string, std::uint64_t> io_error_kinds;
  latency_set latency;

  void clear() { *this = counts{}; }
};

json counts_json(counts& c) {
  json non_2xx = json::object();
  for (const auto& [status, n] : c.non_2xx) {
    non_2xx[std::to_string(status)] = n;
  }
  json kinds = json::object();
  for (const auto& [kind, n] : c.io_error_kinds) {
    kinds[kind] = n;
  }
  return {{"sent", c.sent},
          {"completed", c.completed},
          {"ok_2xx", c.ok},
          {"non_2xx", non_2xx},
          {"io_errors", c.io_errors},
          {"io_error_kinds", kinds},
          {"latency_ms", c.latency.summary_json()}};
}

class generator {
 public:
  explicit generator(options opt)
      : opt_(std::move(opt)),
        endpoint_(net::ip::make_address("127.0.0.1"), opt_.port),
        watch_(opt_.server_pid) {}

  net::awaitable<void> run() {
    const auto executor = co_await net::this_coro::executor;
    watch_.sample();  // start: before any connection of ours
    co_await preconnect();
    total_ = static_cast<std::uint64_t>(std::llround(opt_.rate * opt_.seconds));
    t0_ = clock_type::now() + 50ms;
    last_cpus_ = cpu_times::read();
    run_cpus_ = last_cpus_;
    last_server_ticks_ = watch_.sample().cpu_ticks;
    net::co_spawn(executor, report_every_second(), net::detached);
    co_await schedule();
    // Drain: wait for what is still in flight, at most the request timeout.
    net::steady_timer timer(executor);
    const auto drain_deadline = clock_type::now() + opt_.timeout + 1s;
    while ((in_flight_ > 0 || !backlog_.empty()) && clock_type::now() < drain_deadline) {
      timer.expires_after(10ms);
      co_await timer.async_wait(use_nothrow);
    }
    finished_ = clock_type::now();
    run_busy_ = cpu_times::read().busy_percent_since(run_cpus_);
    done_ = true;
    // What is still unanswered now is abandoned (reported as "unfinished"): the counts are taken
    // before closing its connections makes it fail.
    unfinished_ = in_flight_;
    final_counts_ = total_counts_;
    for (const std::weak_ptr<connection>& weak : all_) {
      if (const auto c = weak.lock()) {
        beast::error_code ignored;
        c->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        c->stream.close();
      }
    }
    idle_.clear();
    all_.clear();
    // The server's count at the end: once it has closed our connections too.
    timer.expires_after(1s);
    co_await timer.async_wait(use_nothrow);
    watch_.sample();
    watch_.mark_end();
    print_summary();
  }

  void stop() { stopping_ = true; }

 private:
  std::shared_ptr<connection> new_connection(const net::any_io_executor& executor) {
    auto c = std::make_shared<connection>(executor);
    std::erase_if(all_, [](const std::weak_ptr<connection>& w) { return w.expired(); });
    all_.push_back(c);
    return c;
  }

  net::awaitable<void> preconnect() {
    const auto executor = co_await net::this_coro::executor;
    for (std::size_t i = 0; i < opt_.connections; ++i) {
      auto c = new_connection(executor);
      c->stream.expires_after(opt_.timeout);
      auto [error] = co_await c->stream.async_connect(endpoint_, use_nothrow);
      if (error) {
        std::cerr << "load_generator: cannot connect to " << endpoint_ << ": " << error.message()
                  << "\n";
        continue;
      }
      c->connected = true;
      c->last_used = clock_type::now();
      ++opened_;
      ++open_;
      idle_.push_back(std::move(c));
    }
    peak_open_ = open_;
  }

  net::awaitable<void> schedule() {
    const auto executor = co_await net::this_coro::executor;
    net::steady_timer timer(executor);
    for (std::uint64_t i = 0; i < total_ && !stopping_; ++i) {
      const auto at = t0_ + std::chrono::duration_cast<clock_type::duration>(
                                std::chrono::duration<double>(static_cast<double>(i) / opt_.rate));
      if (at > clock_type::now()) {
        timer.expires_at(at);
        co_await timer.async_wait(use_nothrow);
      }
      max_schedule_lag_ms_ = std::max(max_schedule_lag_ms_, ms_between(at, clock_type::now()));
      dispatch(executor, due_request{i, at});
    }
    scheduled_end_ = clock_type::now();
  }

  void dispatch(const net::any_io_executor& executor, due_request request) {
    ++second_.sent;
    ++total_counts_.sent;
    ++in_flight_;
    std::shared_ptr<connection> c = take_idle();
    if (!c && open_ < opt_.max_connections) {
      c = new_connection(executor);
      ++open_;
      peak_open_ = std::max(peak_open_, open_);
    }
    if (!c) {
      ++cap_hits_;
      backlog_.push_back(request);
      peak_backlog_ = std::max(peak_backlog_, backlog_.size());
      return;
    }
    net::co_spawn(executor, work(std::move(c), request), net::detached);
  }

  // The most recently used idle connection (LIFO keeps few of them hot); ones idle so long that
  // the server may be closing them are closed here rather than used.
  std::shared_ptr<connection> take_idle() {
    while (!idle_.empty()) {
      std::shared_ptr<connection> c = std::move(idle_.back());
      idle_.pop_back();
      if (clock_type::now() - c->last_used < opt_.idle_discard) {
        return c;
      }
      beast::error_code ignored;
      c->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
      c->stream.close();
      --open_;
      ++idle_discarded_;
    }
    return nullptr;
  }

  net::awaitable<void> work(std::shared_ptr<connection> c, due_request request) {
    const auto executor = co_await net::this_coro::executor;
    for (;;) {
      const bool reusable = co_await exchange(*c, request);
      --in_flight_;
      if (!reusable) {
        beast::error_code ignored;
        c->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        c->stream.close();
        c.reset();
        --open_;
      }
      if (backlog_.empty() || done_) {
        if (c) {
          c->last_used = clock_type::now();
          idle_.push_back(std::move(c));
        }
        co_return;
      }
      request = backlog_.front();
      backlog_.pop_front();
      if (!c) {
        c = new_connection(executor);
        ++open_;
        peak_open_ = std::max(peak_open_, open_);
      }
    }
  }

  void io_error(std::string_view stage, const beast::error_code& error) {
    const std::string kind = std::string(stage) + ": " + error.message();
    for (counts* c : {&second_, &total_counts_}) {
      ++c->completed;
      ++c->io_errors;
      ++c->io_error_kinds[kind];
    }
  }

  std::string body_for(std::uint64_t index) const {
    const std::uint64_t sender =
        7'000'000'000'000ULL + opt_.run * 1'000'000ULL + index % opt_.senders;
    const std::string now = std::to_string(wall_ms());
    const std::string_view question = questions[index % std::size(questions)];
    std::string body;
    body.reserve(320);
    body += R"({"object":"page","entry":[{"id":")";
    body += opt_.page_id;
    body += R"(","time":)";
    body += now;
    body += R"(,"messaging":[{"sender":{"id":")";
    body += std::to_string(sender);
    body += R"("},"recipient":{"id":")";
    body += opt_.page_id;
    body += R"("},"timestamp":)";
    body += now;
    body += R"(,"message":{"mid":"m_load_)";
    body += std::to_string(opt_.run);
    body += '_';
    body += std::to_string(index);
    body += R"(","text":")";
    body += question;
    body += R"("}}]}]})";
    return body;
  }

  // One request on `c`; whether the connection can carry another.
  net::awaitable<bool> exchange(connection& c, const due_request& request) {
    c.stream.expires_after(opt_.timeout);
    if (!c.connected) {
      auto [error] = co_await c.stream.async_connect(endpoint_, use_nothrow);
      if (error) {
        io_error("connect", error);
        co_return false;
      }
      c.connected = true;
      ++opened_;
    }
    http::request<http::string_body> req{http::verb::post, webhook_target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, json_type);
    req.body() = body_for(request.index);
    req.set(signature_header, meta_signature(opt_.secret, req.body()));
    req.keep_alive(true);
    req.prepare_payload();
    auto [write_error, written] = co_await http::async_write(c.stream, req, use_nothrow);
    if (write_error) {
      io_error("write", write_error);
      co_return false;
    }
    http::response<http::string_body> res;
    auto [read_error, read] = co_await http::async_read(c.stream, c.buffer, res, use_nothrow);
    if (read_error) {
      io_error("read", read_error);
      co_return false;
    }
    const double latency = ms_between(request.scheduled, clock_type::now());
    const unsigned status = res.result_int();
    for (counts* n : {&second_, &total_counts_}) {
      ++n->completed;
      if (status >= 200 && status < 300) {
        ++n->ok;
      } else {
        ++n->non_2xx[status];
      }
      n->latency.add(latency);
    }
    co_return res.keep_alive();
  }

  net::awaitable<void> report_every_second() {
    const auto executor = co_await net::this_coro::executor;
    net::steady_timer timer(executor);
    auto next = t0_ + 1s;
    for (int second = 1; !done_; ++second, next += 1s) {
      timer.expires_at(next);
      co_await timer.async_wait(use_nothrow);
      if (done_) {
        break;
      }
      const process_sample sample = watch_.sample();
      const cpu_times cpus = cpu_times::read();
      const std::vector<double> busy = cpus.busy_percent_since(last_cpus_);
      last_cpus_ = cpus;
      char line[512];
      const json l = second_.latency.summary_json();
      std::snprintf(
          line, sizeof line,
          "%s t=%3ds sent=%llu 2xx=%llu non2xx=%llu ioerr=%llu | ms p50=%.1f p90=%.1f "
          "p99=%.1f p99.9=%.1f max=%.1f | conns open=%zu backlog=%zu inflight=%llu",
          opt_.label.c_str(), second, static_cast<unsigned long long>(second_.sent),
          static_cast<unsigned long long>(second_.ok),
          static_cast<unsigned long long>(second_.completed - second_.ok - second_.io_errors),
          static_cast<unsigned long long>(second_.io_errors), l.value("p50", 0.0),
          l.value("p90", 0.0), l.value("p99", 0.0), l.value("p99_9", 0.0), l.value("max", 0.0),
          open_, backlog_.size(), static_cast<unsigned long long>(in_flight_));
      std::cerr << line;
      if (sample.valid) {
        std::cerr << " | server fd=" << sample.fds << " rss=" << sample.rss_kb / 1024.0 << "MB cpu="
                  << std::lround(100.0 *
                                 static_cast<double>(sample.cpu_ticks - last_server_ticks_) /
                                 static_cast<double>(sysconf(_SC_CLK_TCK)))
                  << "%";
        last_server_ticks_ = sample.cpu_ticks;
      }
      std::cerr << " | cpus busy%";
      for (const double b : busy) {
        std::cerr << " " << std::lround(b);
      }
      for (const auto& [status, n] : second_.non_2xx) {
        std::cerr << " [" << status << "]x" << n;
      }
      std::cerr << "\n";
      second_.clear();
    }
  }

  void print_summary() {
    json summary = {
        {"label", opt_.label},
        {"rate", opt_.rate},
        {"seconds", opt_.seconds},
        {"run", opt_.run},
        {"senders", opt_.senders},
        {"scheduled", total_},
        {"achieved_rate",
         final_counts_.sent / std::max(1e-9, ms_between(t0_, scheduled_end_) / 1000.0)},
        {"max_schedule_lag_ms", max_schedule_lag_ms_},
        {"drain_ms", ms_between(scheduled_end_, finished_)},
        {"unfinished", unfinished_},
        {"cpus_busy_percent", run_busy_},  // the whole machine's, during the run and drain
        {"connections",
         {{"initial", opt_.connections},
          {"cap", opt_.max_connections},
          {"opened", opened_},
          {"peak_open", peak_open_},
          {"cap_hits", cap_hits_},
          {"peak_backlog", peak_backlog_},
          {"idle_discarded", idle_discarded_}}},
    };
    summary.update(counts_json(final_counts_));
    if (watch_.valid()) {
      summary["server"] = watch_.summary_json();
    }
    const json& l = summary["latency_ms"];
    std::cerr << "== " << opt_.label << " rate=" << opt_.rate << "/s for " << opt_.seconds
              << " s: sent=" << final_counts_.sent << " 2xx=" << final_counts_.ok
              << " non2xx=" << summary["non_2xx"].dump() << " ioerr=" << final_counts_.io_errors
              << " unfinished=" << unfinished_ << " " << summary["io_error_kinds"].dump() << "\n"
              << "   ack latency ms: p50=" << l.value("p50", 0.0) << " p90=" << l.value("p90", 0.0)
              << " p99=" << l.value("p99", 0.0) << " p99.9=" << l.value("p99_9", 0.0)
              << " max=" << l.value("max", 0.0) << "\n"
              << "   connections: " << summary["connections"].dump() << "\n";
    if (watch_.valid()) {
      std::cerr << "   server: " << summary["server"].dump() << "\n";
    }
    std::cerr << "   cpus busy % (whole machine): " << summary["cpus_busy_percent"].dump() << "\n";
    std::cout << summary.dump() << std::endl;
  }

  options opt_;
  tcp::endpoint endpoint_;
  process_watch watch_;
  std::vector<std::shared_ptr<connection>> idle_;
  std::deque<due_request> backlog_;
  std::uint64_t total_ = 0;
  clock_type::time_point t0_;
  clock_type::time_point scheduled_end_;
  clock_type::time_point finished_;
  counts second_;
  counts total_counts_;
  std::size_t open_ = 0;
  std::size_t peak_open_ = 0;
  std::uint64_t opened_ = 0;
  std::uint64_t cap_hits_ = 0;
  std::size_t peak_backlog_ = 0;
  std::uint64_t idle_discarded_ = 0;
  std::uint64_t in_flight_ = 0;
  std::uint64_t unfinished_ = 0;
  counts final_counts_;
  std::vector<std::weak_ptr<connection>> all_;
  double max_schedule_lag_ms_ = 0;
  cpu_times last_cpus_;
  cpu_times run_cpus_;
  std::vector<double> run_busy_;
  std::int64_t last_server_ticks_ = 0;
  bool stopping_ = false;
  bool done_ = false;
};

// ---------------------------------------------------------------------------------------------
// The fake Graph API.

struct fake_counts {
  std::uint64_t connections = 0;
  std::uint64_t requests = 0;
  std::map<std::string, std::uint64_t> by_path;
};

net::awaitable<void> fake_session(tcp::socket socket, std::shared_ptr<fake_counts> seen) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    stream.expires_after(60s);
    http::request<http::string_body> req;
    auto [read_error, read] = co_await http::async_read(stream, buffer, req, use_nothrow);
    if (read_error) {
      break;
    }
    ++seen->requests;
    // "/v21.0/me/messages?…" counts as "/me/messages".
    std::string path(req.target().substr(0, req.target().find('?')));
    if (const std::size_t after_version = path.find('/', 1);
        path.starts_with("/v") && after_version != std::string::npos) {
      path.erase(0, after_version);
    }
    ++seen->by_path[path];
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::content_type, json_type);
    res.keep_alive(req.keep_alive());
    res.body() = std::string(fake_reply);
    res.prepare_payload();
    auto [write_error, written] = co_await http::async_write(stream, res, use_nothrow);
    if (write_error || !res.keep_alive()) {
      break;
    }
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

net::awaitable<void> fake_accept(tcp::acceptor& acceptor, std::shared_ptr<fake_counts> seen) {
  const auto executor = co_await net::this_coro::executor;
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(use_nothrow);
    if (error) {
      if (error == net::error::operation_aborted) {
        co_return;
      }
      continue;
    }
    ++seen->connections;
    net::co_spawn(executor, fake_session(std::move(socket), seen), net::detached);
  }
}

int run_fake_graph(unsigned short port) {
  net::io_context io(1);
  tcp::acceptor acceptor(io, {net::ip::make_address("127.0.0.1"), port});
  auto seen = std::make_shared<fake_counts>();
  std::cout
      << json{{"event", "fake_graph_listening"}, {"port", acceptor.local_endpoint().port()}}.dump()
      << std::endl;
  net::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](const beast::error_code&, int) {
    json by_path = json::object();
    for (const auto& [path, n] : seen->by_path) {
      by_path[path] = n;
    }
    std::cout << json{{"event", "fake_graph_stopped"},
                      {"connections", seen->connections},
                      {"requests", seen->requests},
                      {"by_path", by_path}}
                     .dump()
              << std::endl;
    io.stop();
  });
  net::co_spawn(io, fake_accept(acceptor, seen), net::detached);
  io.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const options opt = parse_options(argc, argv);
  if (opt.fake_graph_port) {
    return run_fake_graph(*opt.fake_graph_port);
  }
  net::io_context io(1);
  generator load(opt);
  net::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](const beast::error_code& error, int) {
    if (!error) {
      load.stop();
    }
  });
  net::co_spawn(io, load.run(), [&](const std::exception_ptr& failure) {
    io.stop();  // requests still unanswered after the drain are abandoned
    if (failure) {
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        std::cerr << "load_generator: " << e.what() << "\n";
      }
    }
  });
  io.run();
  return 0;
}
