// What the Messenger endpoint's handlers share (messenger_channel.cpp, data_deletion.cpp).
#pragma once

#include <string>
#include <string_view>

namespace madoguchi::webhook {

inline constexpr std::string_view messenger_not_configured =
    "Messenger is not configured on this server: set MADOGUCHI_META_APP_SECRET and "
    "MADOGUCHI_META_VERIFY_TOKEN and restart madoguchi.\n";

// The decoded value of `key` in the query of `target` ("/path?a=1&b=2"), or "".
std::string query_parameter(std::string_view target, std::string_view key);

}  // namespace madoguchi::webhook
