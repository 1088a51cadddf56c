// File: signature_refusal.hpp
//
// What a webhook endpoint answers when the signature check fails, the same for every platform.
#pragma once

#include "madoguchi/webhook/http.hpp"
#include "madoguchi/webhook/signature.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace madoguchi::webhook {

// 401 for a request without a signature, 403 for a malformed or wrong one, logged as
// webhook_signature_rejected with `context` (platform, tenant) and the reason, never the
// signature itself; nullopt when the signature is valid.
std::optional<response> refuse_unless_signed(const request& req, signature_check check,
                                             nlohmann::json context);

}  // namespace madoguchi::webhook
