// File: data_request.hpp
//
// 「データを削除して」: a person asking madoguchi to forget them (APPI; Meta's Platform Terms
// require deleting data on request). Asking is confirmed with two quick replies before anything
// is deleted, because deletion cannot be undone and the words also occur in ordinary questions
// (「写真のデータを消したい」 asks how to remove a posted photo, which the knowledge base answers).
#pragma once

#include "madoguchi/bot/reply.hpp"
#include "madoguchi/bot/responder.hpp"

#include <string_view>

namespace madoguchi::bot {

enum class data_request {
  none,
  asked,      // 「私のデータを削除して」: confirm first
  confirmed,  // tapped 「削除する」: delete now
  declined,   // tapped 「やめる」
};

inline constexpr std::string_view forget_payload = "privacy:forget";
inline constexpr std::string_view keep_payload = "privacy:keep";

// What `in` asks about the person's data; `normalized` is nlp::normalize(in.text).
data_request data_request_of(const message& in, std::string_view normalized);

// The reply to each request: the confirmation question with its two quick replies, what was
// deleted, or that nothing was. `none` has no reply.
reply data_request_reply(data_request request);

}  // namespace madoguchi::bot
