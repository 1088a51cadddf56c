// Small talk: a message that is only a greeting, a thanks or a request for help
// (「こんにちは！」「ありがとうございました😊」「thank you」「what can you do?」). It gets a
// greeting, a "you're welcome" or what the account answers, never an apology for not understanding.
#pragma once

#include <string_view>

namespace madoguchi::bot {

enum class small_talk { none, greeting, thanks, help };

// The small talk that already-normalised text (nlp::normalize) is made of entirely, or none when
// it says anything else (「こんにちは、セミナーはいつ？」 is a question).
small_talk small_talk_of(std::string_view normalized);

}  // namespace madoguchi::bot
