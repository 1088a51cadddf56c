// File: kb.hpp
//
// `madoguchi kb import` and `madoguchi kb export`: a tenant's knowledge base to and from the CSV
// file staff keep their FAQ list in (knowledge/csv.hpp), and out as JSON.
#pragma once

#include "cli.hpp"
#include "config.hpp"

#include <iosfwd>

namespace madoguchi::app {

// Runs options.kb_action. import: every problem of the file goes to `err` with its line, and
// nothing is imported (exit 1); else the counts go to `out` (exit 0). export: the entries go to
// `out` (exit 0), or an unknown tenant to `err` (exit 2). Throws std::runtime_error when the
// database is unusable.
int run_kb(const cli_options& options, const app_config& config, std::ostream& out,
           std::ostream& err);

}  // namespace madoguchi::app
