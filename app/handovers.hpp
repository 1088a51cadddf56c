// File: handovers.hpp
//
// `madoguchi handovers`: the conversations handed over to staff, so that staff know which
// threads the bot has left to them (the Page Inbox and LINE Official Account Manager show the
// threads themselves).
#pragma once

#include "cli.hpp"
#include "config.hpp"

#include <iosfwd>

namespace madoguchi::app {

// Prints one line per conversation staff own (of options.tenant, or all tenants), most recent
// first, or with --json one JSON object per line. The person is shown by the last four
// characters of their platform id only. Returns 0. Throws std::runtime_error when the database
// is unusable.
int run_handovers(const cli_options& options, const app_config& config, std::ostream& out);

}  // namespace madoguchi::app
