// `madoguchi backup`.
#include "backup.hpp"

#include "knowledge_base.hpp"
#include "madoguchi/telemetry/log.hpp"

#include <filesystem>
#include <ostream>

namespace madoguchi::app {

int run_backup(const cli_options& options, const app_config& config, std::ostream& out) {
  const std::unique_ptr<store::database> db = open_database(config);
  db->backup_to(options.file);
  const auto bytes = std::filesystem::file_size(options.file);
  telemetry::log_info("database_backed_up",
                      {{"database", config.sqlite_path}, {"file", options.file}, {"bytes", bytes}});
  // A restored file next to the old -wal would have the old changes replayed onto it.
  out << "wrote a backup of " << config.sqlite_path << " to " << options.file << " (" << bytes
      << " bytes). To restore it: stop madoguchi, delete " << config.sqlite_path << "-wal and "
      << config.sqlite_path << "-shm, and copy " << options.file << " to " << config.sqlite_path
      << "\n";
  return 0;
}

}  // namespace madoguchi::app
