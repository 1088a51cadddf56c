// `madoguchi eval`: score the bot on a file of labelled questions.
#pragma once

#include "cli.hpp"
#include "config.hpp"

#include <iosfwd>

namespace madoguchi::app {

// Prints the report to `out`. Returns the process exit code: 0, 1 when the file cannot be read,
// 2 when it is malformed (every bad line is named on stderr).
int run_eval(const cli_options& options, const app_config& config, std::ostream& out);

}  // namespace madoguchi::app
