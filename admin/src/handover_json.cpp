// Handed-over conversations as staff see them.
#include "madoguchi/admin/handover_json.hpp"

#include "api/session_token.hpp"
#include "madoguchi/webhook/signature.hpp"

namespace madoguchi::admin {

std::string handover_ref(const store::conversation& c) {
  static const std::string key = api::new_session_token();
  return webhook::hmac_sha256_hex(key, c.tenant + "\n" + c.channel + "\n" + c.sender).substr(0, 32);
}

std::string masked_sender(const std::string& sender) {
  return sender.size() <= 4 ? std::string("…") : "…" + sender.substr(sender.size() - 4);
}

nlohmann::json handover_to_json(const store::conversation& c) {
  return {{"tenant", c.tenant},
          {"channel", c.channel},
          {"person", masked_sender(c.sender)},
          {"reason", c.reason},
          {"staff_active_at", c.staff_active_at},
          {"updated_at", c.updated_at}};
}

}  // namespace madoguchi::admin
