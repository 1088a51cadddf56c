// Handed-over conversations as staff see them.
#include "madoguchi/admin/handover_json.hpp"

namespace madoguchi::admin {

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
