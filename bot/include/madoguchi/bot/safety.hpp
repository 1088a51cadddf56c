// File: safety.hpp
//
// Detection of messages that signal self-harm or abuse. It runs before any matching, so a person
// in crisis always gets hotlines first, whatever the knowledge base contains.
#pragma once

#include <optional>
#include <string_view>

namespace madoguchi::bot {

enum class safety_signal { self_harm, abuse };

// Looks for self-harm or abuse in already-normalised text (nlp::normalize). Idioms
// (死ぬほど楽しみ) and requests about prevention (自殺予防, 虐待防止の講演会) are not signals.
std::optional<safety_signal> detect_safety_signal(std::string_view normalized);

}  // namespace madoguchi::bot
