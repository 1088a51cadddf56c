#include "handovers.hpp"

#include "japan_time.hpp"
#include "knowledge_base.hpp"
#include "madoguchi/admin/handover_json.hpp"

#include <ostream>

namespace madoguchi::app {

int run_handovers(const cli_options& options, const app_config& config, std::ostream& out) {
  const auto db = open_database(config);
  const auto threads = db->conversations().with_staff(options.tenant);
  for (const store::conversation& c : threads) {
    if (options.json) {
      out << admin::handover_to_json(c).dump() << "\n";
    } else {
      out << c.tenant << "\t" << c.channel << "\t" << admin::masked_sender(c.sender) << "\t"
          << c.reason << "\t"
          << (c.staff_active_at == 0
                  ? std::string("given back to the bot: it answers the next message")
                  : "staff since " + japan_time(c.staff_active_at) + " JST")
          << "\n";
    }
  }
  if (threads.empty() && !options.json) {
    out << "no conversations are with staff\n";
  }
  return 0;
}

}  // namespace madoguchi::app
