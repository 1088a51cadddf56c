// File: error.hpp
//
// Error codes of the webhook component (Beast-style enum + category).
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace madoguchi::webhook {

enum class errc {
  malformed_json = 1,  // the body is not JSON
  unexpected_object,   // JSON, but not a webhook body this endpoint handles
  malformed_payload,   // a journal payload this version did not write
  invalid_url,         // a configured API base URL cannot be used
};

const boost::system::error_category& webhook_category();
boost::system::error_code make_error_code(errc e);

}  // namespace madoguchi::webhook

template <>
struct boost::system::is_error_code_enum<madoguchi::webhook::errc> : std::true_type {};
