// File: routes.hpp
//
// The staff side, served by the same server under /admin/. Today: the web page's static assets,
// embedded in the binary at build time and served with a strict Content-Security-Policy.
#pragma once

#include "madoguchi/webhook/http.hpp"

namespace madoguchi::admin {

// Registers GET /admin/ and its assets on `routes`.
void add_routes(webhook::router& routes);

}  // namespace madoguchi::admin
