// `madoguchi staff add|passwd|list|disable|enable`.
#include "staff.hpp"

#include "japan_time.hpp"
#include "knowledge_base.hpp"
#include "madoguchi/admin/password.hpp"
#include "madoguchi/admin/staff_accounts.hpp"

#include <termios.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <istream>
#include <ostream>

namespace madoguchi::app {
namespace {

constexpr std::string_view actor = "cli:staff";

std::int64_t now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

// Turns the terminal's echo off while it lives, so a typed password is not shown.
class echo_off {
 public:
  echo_off() {
    if (tcgetattr(STDIN_FILENO, &saved_) == 0) {
      termios quiet = saved_;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
  }
  ~echo_off() {
    if (active_) {
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
    }
  }
  echo_off(const echo_off&) = delete;
  echo_off& operator=(const echo_off&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

std::optional<std::string> read_line(std::istream& in) {
  std::string line;
  if (!std::getline(in, line)) {
    return std::nullopt;
  }
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();  // a file written on Windows
  }
  return line;
}

// The new password for `username`, or nullopt after saying on `err` what went wrong.
std::optional<std::string> read_new_password(std::istream& in, bool terminal,
                                             const std::string& username, std::ostream& err) {
  std::optional<std::string> password;
  if (!terminal) {
    password = read_line(in);
    if (!password) {
      err << "madoguchi: no password on standard input; give it as the first line, for example: "
             "madoguchi staff ... < password.txt\n";
      return std::nullopt;
    }
  } else {
    const echo_off quiet;
    err << "New password for " << username << ": " << std::flush;
    password = read_line(in);
    err << "\nThe same password again: " << std::flush;
    const std::optional<std::string> again = read_line(in);
    err << "\n";
    if (!password || password != again) {
      err << "madoguchi: the two passwords differ; nothing was changed. Run the command again\n";
      return std::nullopt;
    }
  }
  if (const auto problem = admin::password_problem(*password)) {
    err << "madoguchi: " << problem->english << " Nothing was changed; run the command again\n";
    return std::nullopt;
  }
  return password;
}

store::audit_record audit_row(std::string_view action, const std::string& username) {
  store::audit_record row;
  row.actor = actor;
  row.action = action;
  row.target = username;
  return row;
}

int no_such_account(const std::string& username, std::ostream& err) {
  err << "madoguchi: there is no staff account '" << username
      << "'; see the accounts with: madoguchi staff list\n";
  return 1;
}

int add(const cli_options& options, store::database& db, std::istream& in, bool terminal,
        std::ostream& out, std::ostream& err) {
  if (const auto problem = admin::username_problem(options.username)) {
    err << "madoguchi: " << problem->english << "\n";
    return 2;
  }
  const std::vector<knowledge::tenant> known = db.knowledge().tenants();
  for (const std::string& tenant : options.tenants) {
    if (std::none_of(known.begin(), known.end(),
                     [&](const knowledge::tenant& t) { return t.id == tenant; })) {
      err << "madoguchi: unknown tenant '" << tenant
          << "'; the tenants are: " << tenant_list(db.knowledge()) << "\n";
      return 2;
    }
  }
  // Asked before the password, so nobody types one for nothing.
  if (db.staff().find(options.username)) {
    err << "madoguchi: the staff account '" << options.username
        << "' exists; choose another username, or set its password with: madoguchi staff "
           "passwd "
        << options.username << "\n";
    return 1;
  }
  const auto password = read_new_password(in, terminal, options.username, err);
  if (!password) {
    return 2;
  }
  store::staff_account account;
  account.username = options.username;
  account.password_hash = admin::hash_password(*password);
  account.role = *store::parse_staff_role(options.role);  // parse_cli allows only the two
  account.tenants = options.tenants;
  const bool added = admin::add_account(db, account, audit_row("staff.add", account.username));
  if (!added) {  // taken meanwhile, by the web page
    err << "madoguchi: the staff account '" << options.username
        << "' exists; choose another username\n";
    return 1;
  }
  out << "added " << options.role << " " << account.username;
  if (!account.tenants.empty()) {
    std::string tenants;
    for (const std::string& t : account.tenants) {
      tenants += (tenants.empty() ? "" : ", ") + t;
    }
    out << " for " << tenants;
  }
  out << "; they can sign in at /admin/\n";
  return 0;
}

int passwd(const cli_options& options, store::database& db, std::istream& in, bool terminal,
           std::ostream& out, std::ostream& err) {
  if (!db.staff().find(options.username)) {
    return no_such_account(options.username, err);
  }
  const auto password = read_new_password(in, terminal, options.username, err);
  if (!password) {
    return 2;
  }
  const bool changed = admin::set_password(db, options.username, admin::hash_password(*password),
                                           audit_row("staff.password", options.username))
                           .has_value();
  if (!changed) {
    return no_such_account(options.username, err);
  }
  out << "set a new password for " << options.username << "; their sessions were ended\n";
  return 0;
}

int disable(const cli_options& options, store::database& db, std::ostream& out, std::ostream& err) {
  const bool found =
      admin::disable_account(db, options.username, audit_row("staff.disable", options.username))
          .has_value();
  if (!found) {
    return no_such_account(options.username, err);
  }
  out << "disabled " << options.username << "; their sessions were ended\n";
  return 0;
}

int enable(const cli_options& options, store::database& db, std::ostream& out, std::ostream& err) {
  const bool found =
      admin::enable_account(db, options.username, audit_row("staff.enable", options.username))
          .has_value();
  if (!found) {
    return no_such_account(options.username, err);
  }
  out << "enabled " << options.username << "; they can sign in with their password\n";
  return 0;
}

int list(const cli_options& options, store::database& db, std::ostream& out) {
  const auto accounts = db.staff().list();
  const std::int64_t now = now_seconds();
  for (const store::staff_account& account : accounts) {
    const bool locked = account.locked_until > now;
    if (options.json) {
      nlohmann::json row = admin::account_json(account);
      row["locked_until_jst"] =
          locked ? nlohmann::json(japan_time(account.locked_until)) : nlohmann::json(nullptr);
      out << row.dump() << "\n";
      continue;
    }
    std::string tenants;
    for (const std::string& t : account.tenants) {
      tenants += (tenants.empty() ? "" : ",") + t;
    }
    if (account.role == store::staff_role::admin) {
      tenants = "(every tenant)";
    }
    out << account.username << "\t" << store::to_string(account.role) << "\t" << tenants << "\t"
        << (account.disabled ? "disabled"
            : locked         ? "locked until " + japan_time(account.locked_until) + " JST"
                             : "active")
        << "\n";
  }
  if (accounts.empty() && !options.json) {
    out << "no staff accounts; add the first admin with: madoguchi staff add USER --role admin\n";
  }
  return 0;
}

}  // namespace

int run_staff(const cli_options& options, const app_config& config, std::istream& in,
              bool in_is_terminal, std::ostream& out, std::ostream& err) {
  const std::unique_ptr<store::database> db = open_database(config);
  if (options.staff_action == "add") {
    return add(options, *db, in, in_is_terminal, out, err);
  }
  if (options.staff_action == "passwd") {
    return passwd(options, *db, in, in_is_terminal, out, err);
  }
  if (options.staff_action == "disable") {
    return disable(options, *db, out, err);
  }
  if (options.staff_action == "enable") {
    return enable(options, *db, out, err);
  }
  return list(options, *db, out);
}

}  // namespace madoguchi::app
