// `madoguchi serve`: the webhook server and everything it needs, wired together.
#pragma once

#include "config.hpp"

namespace madoguchi::app {

// Runs until SIGINT or SIGTERM. Returns the process exit code. Throws on start-up failures.
int run_serve(const app_config& config);

}  // namespace madoguchi::app
