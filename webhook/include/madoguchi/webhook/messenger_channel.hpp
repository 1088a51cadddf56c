// File: messenger_channel.hpp
//
// The Messenger / Instagram webhook endpoint, GET and POST /webhook/messenger.
//
// GET: the subscription handshake. With hub.mode=subscribe and the verify token it echoes
// hub.challenge; otherwise 403.
//
// POST: X-Hub-Signature-256 is checked over the raw body before anything is parsed (missing 401,
// wrong 403). Events are journaled and deduplicated by mid, then 200 at once; the reply
// pipeline produces the replies.
//
// Without the app secret and verify token both methods answer 503 "not configured".
#pragma once

#include "madoguchi/webhook/http.hpp"
#include "madoguchi/webhook/journal_writer.hpp"
#include "madoguchi/webhook/messenger_options.hpp"
#include "madoguchi/webhook/reply_pipeline.hpp"

#include <boost/asio/any_io_executor.hpp>

namespace madoguchi::webhook {

class messenger_channel {
 public:
  // `journal` and `pipeline` must outlive the channel.
  messenger_channel(messenger_options options, journal_writer& journal, reply_pipeline& pipeline);

  net::awaitable<response> verify(request req) const;
  net::awaitable<response> receive(request req) const;

  // Meta's data deletion callback (POST, form field `signed_request`) and the status page it
  // points people to (GET ?code=…); see messenger/data_deletion.cpp.
  net::awaitable<response> delete_data(request req) const;
  net::awaitable<response> deletion_status(request req) const;

  // Registers GET and POST /webhook/messenger and /webhook/messenger/data-deletion on `routes`;
  // the channel must outlive them.
  void add_routes(router& routes) const;

 private:
  messenger_options options_;
  journal_writer& journal_;
  reply_pipeline& pipeline_;
};

}  // namespace madoguchi::webhook
