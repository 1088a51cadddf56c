// What the Messenger endpoint's handlers share (messenger_channel.cpp, data_deletion.cpp).
#pragma once

#include <string_view>

namespace madoguchi::webhook {

inline constexpr std::string_view messenger_not_configured =
    "Messenger is not configured on this server: set MADOGUCHI_META_APP_SECRET and "
    "MADOGUCHI_META_VERIFY_TOKEN and restart madoguchi.\n";

}  // namespace madoguchi::webhook
