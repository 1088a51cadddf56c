// madoguchi's entry point: parse the command line, load the configuration, run the command.
#include "ask.hpp"
#include "backup.hpp"
#include "cli.hpp"
#include "config.hpp"
#include "eval.hpp"
#include "handovers.hpp"
#include "kb.hpp"
#include "madoguchi/telemetry/log.hpp"
#include "messenger_profile.hpp"
#include "serve.hpp"
#include "staff.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  using namespace madoguchi;
  const std::vector<std::string> args(argv + 1, argv + argc);
  const auto parsed = app::parse_cli(args);
  if (const auto* error = std::get_if<app::usage_error>(&parsed)) {
    std::cerr << "madoguchi: " << error->message << "\n";
    return 2;
  }
  const auto& options = std::get<app::cli_options>(parsed);
  if (options.command == "help") {
    std::cout << app::usage_text();
    return 0;
  }
  if (options.command == "version") {
    std::cout << "madoguchi " << MADOGUCHI_VERSION << "\n";
    return 0;
  }
  try {
    const app::app_config config =
        app::load_config(options.config, [](const char* name) { return std::getenv(name); });
    telemetry::level level = telemetry::level::info;
    telemetry::parse_log_level(config.log_level, level);
    telemetry::set_log_level(level);
    if (options.command == "ask") {
      // Lines by the thousand from a pipe: C++ streams not kept in step with C stdio read a
      // buffer at a time instead of a character.
      std::ios::sync_with_stdio(false);
      return app::run_ask(options, config, std::cin, std::cout);
    }
    if (options.command == "eval") {
      return app::run_eval(options, config, std::cout);
    }
    if (options.command == "kb") {
      return app::run_kb(options, config, std::cout, std::cerr);
    }
    if (options.command == "handovers") {
      return app::run_handovers(options, config, std::cout);
    }
    if (options.command == "staff") {
      return app::run_staff(options, config, std::cin, isatty(STDIN_FILENO) != 0, std::cout,
                            std::cerr);
    }
    if (options.command == "backup") {
      return app::run_backup(options, config, std::cout);
    }
    if (options.command == "messenger-profile") {
      return app::run_messenger_profile(options, config, std::cout, std::cerr);
    }
    return app::run_serve(config);
  } catch (const app::config_error& error) {
    std::cerr << "madoguchi: invalid configuration: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "madoguchi: " << error.what() << "\n";
    return 1;
  }
}
