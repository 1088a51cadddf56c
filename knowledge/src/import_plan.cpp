#include "madoguchi/knowledge/import_plan.hpp"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace madoguchi::knowledge {

import_plan plan_import(std::vector<entry> published, const std::vector<entry>& incoming,
                        bool replace) {
  std::map<std::string, entry, std::less<>> published_by_id;
  for (entry& e : published) {
    std::string id = e.id;
    published_by_id.emplace(std::move(id), std::move(e));
  }
  import_plan plan;
  std::set<std::string_view> in_file;
  for (const entry& e : incoming) {
    in_file.insert(e.id);
    const auto current = published_by_id.find(e.id);
    if (current == published_by_id.end()) {
      plan.added.push_back(e);
    } else if (current->second == e) {
      ++plan.unchanged;
    } else {
      plan.updated.push_back({current->second, e});
    }
  }
  if (replace) {
    for (auto& [id, e] : published_by_id) {
      if (!in_file.contains(id)) {
        plan.retired.push_back(std::move(e));
      }
    }
  }
  return plan;
}

}  // namespace madoguchi::knowledge
