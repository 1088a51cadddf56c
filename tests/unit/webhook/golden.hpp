// Golden-file comparison of rendered platform bodies: each golden file under golden/ holds the
// pretty-printed JSON a renderer produced, reviewed by a person against the platform's limits.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string_view>

namespace madoguchi::webhook {

// Whether `rendered.dump(2)` is byte for byte the content of golden/<name>.json. With the
// environment variable MADOGUCHI_UPDATE_GOLDEN=1 it rewrites the file instead and succeeds, for
// regenerating the files after an intended change (then read the diff before committing).
::testing::AssertionResult matches_golden(std::string_view name, const nlohmann::json& rendered);

}  // namespace madoguchi::webhook
