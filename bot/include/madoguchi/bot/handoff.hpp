// File: handoff.hpp
//
// Detection of a request to talk to a person (「担当者と話したい」「係の人お願いします」): checked
// after safety and before matching, because the person has said what they need and no entry of
// the knowledge base should answer instead.
#pragma once

#include <string_view>

namespace madoguchi::bot {

// True when already-normalised text (nlp::normalize) names a person — staff, an operator, a
// human — followed closely by a request to talk, connect or consult. 「職員向けのセミナーをお願い」
// names staff but asks for a seminar: not a hand-over.
bool asks_for_a_person(std::string_view normalized);

}  // namespace madoguchi::bot
