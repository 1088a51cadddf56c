// File: staff.hpp
//
// `madoguchi staff add|passwd|list|disable`: staff accounts of the web page, managed from the
// server's shell (the first admin has no other way in). Passwords come from standard input, never
// from argv (which other users can read in ps); every change is written to the audit log with
// actor "cli:staff".
#pragma once

#include "cli.hpp"
#include "config.hpp"

#include <iosfwd>

namespace madoguchi::app {

// Runs options.staff_action. A new password is the first line of `in`, or, when
// `in_is_terminal`, typed twice at a prompt on `err` with echo off. Returns 0 when done, 1 when
// it cannot be done (a taken username, no such account), 2 for input to correct (a bad username
// or password, an unknown tenant). Throws std::runtime_error when the database is unusable.
int run_staff(const cli_options& options, const app_config& config, std::istream& in,
              bool in_is_terminal, std::ostream& out, std::ostream& err);

}  // namespace madoguchi::app
