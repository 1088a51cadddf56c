// File: line_channel.hpp
//
// The LINE webhook endpoint, POST /webhook/line/{tenant}.
//
// X-Line-Signature is checked over the raw body with the tenant's channel secret before anything
// is parsed (missing 401, wrong 403). Events are journaled and deduplicated by webhookEventId,
// then 200 at once (LINE gives up after about two seconds); the reply pipeline answers through
// the reply API. LINE's "Verify" button sends a signed body with no events: 200.
//
// An unknown tenant is 404; a tenant without a channel secret is 503 "not configured".
#pragma once

#include "madoguchi/webhook/http.hpp"
#include "madoguchi/webhook/journal_writer.hpp"
#include "madoguchi/webhook/line_options.hpp"
#include "madoguchi/webhook/reply_pipeline.hpp"

#include <boost/asio/any_io_executor.hpp>

namespace madoguchi::webhook {

class line_channel {
 public:
  // `journal` and `pipeline` must outlive the channel.
  line_channel(line_options options, journal_writer& journal, reply_pipeline& pipeline);

  net::awaitable<response> receive(request req) const;

  // Registers POST /webhook/line/{tenant} on `routes`; the channel must outlive them.
  void add_routes(router& routes) const;

 private:
  line_options options_;
  journal_writer& journal_;
  reply_pipeline& pipeline_;
};

}  // namespace madoguchi::webhook
