// Knowledge start-up: dictionary, database, default content, index.
#include "knowledge_base.hpp"

#include "madoguchi/knowledge/default_content.hpp"
#include "madoguchi/telemetry/log.hpp"

namespace madoguchi::app {

knowledge_base open_knowledge_base(const app_config& config) {
  knowledge_base kb;
  nlp::analyzer_options analysis;
  analysis.dictionary_dir = config.dictionary_dir;
  kb.analyzer = nlp::analyzer::create(analysis);
  store::sqlite_options storage;
  storage.path = config.sqlite_path;
  kb.db = store::open_sqlite(storage);
  if (config.seed_default) {
    if (const std::size_t seeded = kb.db->knowledge().seed(knowledge::embedded_default_content())) {
      telemetry::log_info("default_knowledge_loaded",
                          {{"entries", seeded}, {"database", config.sqlite_path}});
    }
  }
  for (const tenant_config& tenant : config.tenants) {
    kb.db->knowledge().ensure_tenant({tenant.id, tenant.name});
  }
  kb.index =
      std::make_shared<const knowledge::index>(kb.db->knowledge().published_entries(), kb.analyzer);
  return kb;
}

}  // namespace madoguchi::app
