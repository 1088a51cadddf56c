// The refusal of an unsigned or wrongly signed webhook.
#include "madoguchi/webhook/signature_refusal.hpp"

#include "madoguchi/telemetry/log.hpp"

namespace madoguchi::webhook {

std::optional<response> refuse_unless_signed(const request& req, signature_check check,
                                             nlohmann::json context) {
  if (check == signature_check::valid) {
    return std::nullopt;
  }
  const bool missing = check == signature_check::missing;
  context["reason"] = missing ? "missing" : "invalid";
  telemetry::log_warn("webhook_signature_rejected", context);
  return missing ? text_response(req, http::status::unauthorized, "missing signature\n")
                 : text_response(req, http::status::forbidden, "invalid signature\n");
}

}  // namespace madoguchi::webhook
