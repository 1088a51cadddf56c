// `madoguchi ask`: answer questions from the command line as the bot would.
#pragma once

#include "cli.hpp"
#include "config.hpp"

#include <iosfwd>

namespace madoguchi::app {

// Returns the process exit code: 0, or 2 for an unknown tenant.
int run_ask(const cli_options& options, const app_config& config, std::istream& in,
            std::ostream& out);

}  // namespace madoguchi::app
