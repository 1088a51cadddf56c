// Registration of the staff API (api_routes.cpp) for add_routes.
#pragma once

#include "madoguchi/admin/routes.hpp"

namespace madoguchi::admin {

// Registers GET, POST and PUT under /admin/api/ on `router`.
void add_api_routes(webhook::router& router, const admin_services& services);

}  // namespace madoguchi::admin
