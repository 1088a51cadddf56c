// File: knowledge_base.hpp
//
// Start-up of the knowledge side, shared by `serve`, `ask` and `kb`: open the database, seed the
// default content on first start, register the configured tenants, build the index.
#pragma once

#include "config.hpp"
#include "madoguchi/knowledge/index.hpp"
#include "madoguchi/nlp/analyzer.hpp"
#include "madoguchi/store/database.hpp"

#include <memory>
#include <string>

namespace madoguchi::app {

struct knowledge_base {
  std::shared_ptr<const nlp::analyzer> analyzer;
  std::unique_ptr<store::database> db;
  std::shared_ptr<const knowledge::index> index;
};

// Opens the database, seeds it (when configured) and registers the configured tenants. Throws
// std::runtime_error (database unusable) with the fix in the message.
std::unique_ptr<store::database> open_database(const app_config& config);

// open_database, then the dictionary and the index. Throws std::runtime_error (dictionary or
// database unusable) with the fix in the message.
knowledge_base open_knowledge_base(const app_config& config);

// The ids of the database's tenants, "a, b, c", for messages about an unknown tenant.
std::string tenant_list(store::knowledge_repository& knowledge);

}  // namespace madoguchi::app
