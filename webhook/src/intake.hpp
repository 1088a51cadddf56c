// The common end of every webhook endpoint: journal the verified events durably, hand the new
// ones to the reply pipeline, and only then acknowledge.
#pragma once

#include "madoguchi/store/database.hpp"
#include "madoguchi/webhook/http.hpp"
#include "madoguchi/webhook/reply_pipeline.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <string_view>
#include <vector>

namespace madoguchi::webhook {

// 200 with `ok_body` once `records` are journaled (duplicates are dropped) and the new ones
// submitted; 503 when the journal cannot be written, so that the platform retries.
net::awaitable<response> journal_and_acknowledge(const request& req, store::database& db,
                                                 boost::asio::any_io_executor storage,
                                                 reply_pipeline& pipeline,
                                                 std::vector<store::inbound_event> records,
                                                 std::string_view ok_body);

}  // namespace madoguchi::webhook
