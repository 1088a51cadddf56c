// `madoguchi kb import|export`.
#include "kb.hpp"

#include "knowledge_base.hpp"
#include "madoguchi/admin/entry_json.hpp"
#include "madoguchi/knowledge/csv.hpp"
#include "madoguchi/knowledge/import_plan.hpp"
#include "madoguchi/telemetry/log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <ostream>
#include <variant>

namespace madoguchi::app {
namespace {

constexpr std::string_view import_author = "madoguchi kb import";

// What an import would do, one line per entry that changes: + added, ~ updated, - retired.
void print_plan(const knowledge::import_plan& plan, std::string_view tenant, std::ostream& out) {
  const auto line = [&out](char mark, const knowledge::entry& e) {
    out << "  " << mark << " " << e.id << "  " << e.title << "\n";
  };
  for (const knowledge::entry& e : plan.added) {
    line('+', e);
  }
  for (const knowledge::entry_change& change : plan.updated) {
    line('~', change.after);
  }
  for (const knowledge::entry& e : plan.retired) {
    line('-', e);
  }
  out << "dry run, nothing changed: importing for tenant " << tenant << " would add "
      << plan.added.size() << ", update " << plan.updated.size() << ", leave " << plan.unchanged
      << " unchanged and retire " << plan.retired.size() << "\n";
}

int run_import(const cli_options& options, const app_config& config, std::ostream& out,
               std::ostream& err) {
  std::ifstream file(options.file, std::ios::binary);
  if (!file) {
    err << "madoguchi: cannot read '" << options.file << "': " << std::strerror(errno)
        << "; check the file name\n";
    return 1;
  }
  const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  auto parsed = knowledge::parse_entries_csv(text, options.tenant);
  if (const auto* errors = std::get_if<std::vector<knowledge::csv_error>>(&parsed)) {
    err << "madoguchi: " << options.file << " has " << errors->size()
        << (errors->size() == 1 ? " problem" : " problems")
        << "; nothing was imported. Fix the file and import it again:\n";
    for (const knowledge::csv_error& error : *errors) {
      err << "  " << knowledge::to_string(error) << "\n";
    }
    return 1;
  }
  const auto& entries = std::get<std::vector<knowledge::entry>>(parsed);
  const std::unique_ptr<store::database> db = open_database(config);
  if (options.dry_run) {
    print_plan(knowledge::plan_import(db->knowledge().published_entries(options.tenant), entries,
                                      options.replace),
               options.tenant, out);
    return 0;
  }
  // The name only matters for a new tenant: a configured or existing one keeps its own.
  store::import_counts counts;
  db->in_transaction([&] {
    counts = db->knowledge().import_entries({options.tenant, options.tenant}, entries,
                                            options.replace, import_author);
    store::audit_record row;
    row.actor = "cli:kb import";
    row.action = "entry.import";
    row.tenant = options.tenant;
    row.after = nlohmann::json{{"counts", admin::import_counts_to_json(counts)},
                               {"replace", options.replace},
                               {"file", options.file}}
                    .dump();
    db->audit().append(row);
  });
  telemetry::log_info("knowledge_imported", {{"tenant", options.tenant},
                                             {"file", options.file},
                                             {"entries", entries.size()},
                                             {"added", counts.added},
                                             {"updated", counts.updated},
                                             {"unchanged", counts.unchanged},
                                             {"retired", counts.retired}});
  out << "imported " << entries.size() << (entries.size() == 1 ? " entry" : " entries")
      << " for tenant " << options.tenant << ": " << counts.added << " added, " << counts.updated
      << " updated, " << counts.unchanged << " unchanged, " << counts.retired << " retired\n";
  return 0;
}

int run_export(const cli_options& options, const app_config& config, std::ostream& out,
               std::ostream& err) {
  const std::unique_ptr<store::database> db = open_database(config);
  const std::vector<knowledge::tenant> tenants = db->knowledge().tenants();
  if (std::none_of(tenants.begin(), tenants.end(),
                   [&](const knowledge::tenant& t) { return t.id == options.tenant; })) {
    err << "madoguchi: unknown tenant '" << options.tenant
        << "'; the tenants are: " << tenant_list(db->knowledge()) << "\n";
    return 2;
  }
  const std::vector<knowledge::entry> entries = db->knowledge().published_entries(options.tenant);
  if (options.format == "json") {
    out << admin::entries_to_json(entries).dump(2) << "\n";
  } else {
    out << knowledge::format_entries_csv(entries);
  }
  return 0;
}

}  // namespace

int run_kb(const cli_options& options, const app_config& config, std::ostream& out,
           std::ostream& err) {
  if (options.kb_action == "import") {
    return run_import(options, config, out, err);
  }
  return run_export(options, config, out, err);
}

}  // namespace madoguchi::app
