// Where a staff API request came from: the client's address (for the per-address login limit)
// and whether a browser sent it from another site (CSRF, reliability.md S6).
#pragma once

#include "madoguchi/webhook/http.hpp"

#include <string>

namespace madoguchi::admin::api {

// The address of the client. The server's peer address, unless the peer is a proxy on this
// machine (loopback) that says whom it serves: then the last X-Forwarded-For entry, the one the
// proxy added itself. A remote peer's X-Forwarded-For is ignored: anyone can write one.
std::string client_address(const webhook::request& req);

// True when a browser says the request comes from a page of another origin: Sec-Fetch-Site is
// cross-site or same-site, or an Origin header is present and is not this server's own
// (scheme from X-Forwarded-Proto, host from Host). Clients without these headers (curl, old
// browsers) are not refused here; the CSRF token still applies to them.
bool from_another_site(const webhook::request& req);

}  // namespace madoguchi::admin::api
