// The common end of every webhook endpoint: journal the verified events durably, hand the new
// ones to the reply pipeline, and only then acknowledge.
#pragma once

#include "madoguchi/webhook/http.hpp"
#include "madoguchi/webhook/journal_writer.hpp"
#include "madoguchi/webhook/reply_pipeline.hpp"

#include <string_view>
#include <vector>

namespace madoguchi::webhook {

// 200 with `ok_body` once `records` are journaled (duplicates are dropped) and the new ones
// submitted; 503 when the journal cannot be written, so that the platform retries. While the
// pipeline is full the request is first held back a little (reply_pipeline::wait_for_room).
net::awaitable<response> journal_and_acknowledge(const request& req, journal_writer& journal,
                                                 reply_pipeline& pipeline,
                                                 std::vector<store::inbound_event> records,
                                                 std::string_view ok_body);

}  // namespace madoguchi::webhook
