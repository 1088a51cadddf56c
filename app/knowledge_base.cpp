// Knowledge start-up: dictionary, database, default content, index.
#include "knowledge_base.hpp"

#include "madoguchi/bot/safety.hpp"
#include "madoguchi/knowledge/default_content.hpp"
#include "madoguchi/telemetry/log.hpp"

namespace madoguchi::app {

std::unique_ptr<store::database> open_database(const app_config& config) {
  store::sqlite_options storage;
  storage.path = config.sqlite_path;
  storage.max_bytes = static_cast<std::int64_t>(config.max_megabytes) * 1024 * 1024;
  std::unique_ptr<store::database> db = store::open_sqlite(storage);
  if (config.seed_default) {
    if (const std::size_t seeded = db->knowledge().seed(knowledge::embedded_default_content())) {
      telemetry::log_info("default_knowledge_loaded",
                          {{"entries", seeded}, {"database", config.sqlite_path}});
    }
  }
  for (const tenant_config& tenant : config.tenants) {
    db->knowledge().ensure_tenant({tenant.id, tenant.name});
  }
  return db;
}

knowledge_base open_knowledge_base(const app_config& config) {
  knowledge_base kb;
  nlp::analyzer_options analysis;
  analysis.dictionary_dir = config.dictionary_dir;
  kb.analyzer = nlp::analyzer::create(analysis);
  bot::prepare_safety(*kb.analyzer);
  kb.db = open_database(config);
  kb.index =
      std::make_shared<const knowledge::index>(kb.db->knowledge().published_entries(), kb.analyzer);
  return kb;
}

std::string tenant_list(store::knowledge_repository& knowledge) {
  std::string list;
  for (const knowledge::tenant& t : knowledge.tenants()) {
    list += (list.empty() ? "" : ", ") + t.id;
  }
  return list;
}

}  // namespace madoguchi::app
