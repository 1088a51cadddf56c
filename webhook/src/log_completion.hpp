// The completion handler of detached coroutines (sessions, reply handling): an exception that
// escapes is logged under `event`, and only that coroutine ends.
#pragma once

#include "madoguchi/telemetry/log.hpp"

#include <exception>

namespace madoguchi::webhook {

struct log_exception {
  const char* event;

  void operator()(const std::exception_ptr& failure) const {
    if (!failure) {
      return;
    }
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& error) {
      telemetry::log_error(event, {{"error", error.what()}});
    }
  }
};

}  // namespace madoguchi::webhook
