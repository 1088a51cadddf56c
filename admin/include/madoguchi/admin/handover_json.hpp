// File: handover_json.hpp
//
// A conversation handed over to staff as staff see it (the API and `madoguchi handovers`): the
// person only as the last four characters of their platform id, enough to tell threads apart.
#pragma once

#include "madoguchi/store/database.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace madoguchi::admin {

// "…1234"; "…" for an id of four characters or fewer.
std::string masked_sender(const std::string& sender);

// {"tenant","channel","person","reason","staff_active_at","updated_at"} (seconds since the epoch).
nlohmann::json handover_to_json(const store::conversation& c);

// An opaque reference to the conversation for the staff page (「Botに戻す」), which never sees the
// person's id: keyed by a random key of this process, so it holds until a restart (the page
// lists the conversations again after one).
std::string handover_ref(const store::conversation& c);

}  // namespace madoguchi::admin
