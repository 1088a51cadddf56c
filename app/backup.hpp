// File: backup.hpp
//
// `madoguchi backup FILE`: a consistent copy of the whole database (knowledge, journal, staff,
// audit log) into a new file, taken while the server keeps running.
#pragma once

#include "cli.hpp"
#include "config.hpp"

#include <iosfwd>

namespace madoguchi::app {

// Copies the configured database to options.file and says what it wrote. Returns 0. Throws
// std::runtime_error (the file exists, the disk is full, …) with what to do in the message.
int run_backup(const cli_options& options, const app_config& config, std::ostream& out);

}  // namespace madoguchi::app
