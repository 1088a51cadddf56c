// File: knowledge_base.hpp
//
// Start-up of the knowledge side, shared by `serve` and `ask`: open the database, seed the
// default content on first start, register the configured tenants, build the index.
#pragma once

#include "config.hpp"
#include "madoguchi/knowledge/index.hpp"
#include "madoguchi/nlp/analyzer.hpp"
#include "madoguchi/store/database.hpp"

#include <memory>

namespace madoguchi::app {

struct knowledge_base {
  std::shared_ptr<const nlp::analyzer> analyzer;
  std::unique_ptr<store::database> db;
  std::shared_ptr<const knowledge::index> index;
};

// Throws std::runtime_error (dictionary or database unusable) with the fix in the message.
knowledge_base open_knowledge_base(const app_config& config);

}  // namespace madoguchi::app
