// File: messenger_profile.hpp
//
// `madoguchi messenger-profile --tenant ID [--dry-run]`: sets the tenant's Page's Get Started
// button, greeting and persistent menu through the Messenger Profile API (platforms.md §1.10),
// with the body of webhook/messenger_profile.hpp.
#pragma once

#include "cli.hpp"
#include "config.hpp"

#include <iosfwd>

namespace madoguchi::app {

// --dry-run: prints the body (pretty JSON) to `out` and sends nothing (exit 0). Otherwise POSTs it
// to {graph_api_base}/me/messenger_profile with the tenant's page token and prints one line to
// `out` (exit 0); a refusal (Meta's message and code) or an I/O failure (what failed) goes to
// `err` (exit 1). An unknown tenant or a missing page token: `err`, exit 2. Neither the token nor
// the URL carrying it is ever printed. Throws std::runtime_error when [meta] ca_file cannot be
// loaded.
int run_messenger_profile(const cli_options& options, const app_config& config, std::ostream& out,
                          std::ostream& err);

}  // namespace madoguchi::app
