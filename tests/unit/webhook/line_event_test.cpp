// Tests of LINE webhook parsing (parse_line_events) and the LINE signature check.
#include "madoguchi/webhook/line_event.hpp"
#include "madoguchi/bot/reply.hpp"
#include "madoguchi/webhook/error.hpp"
#include "madoguchi/webhook/signature.hpp"

#include <gtest/gtest.h>

namespace madoguchi::webhook {
namespace {

using kind = channel_event::kind;

std::vector<channel_event> parse_ok(std::string_view body) {
  auto events = parse_line_events(body);
  EXPECT_TRUE(events.has_value()) << body;
  return events ? *events : std::vector<channel_event>{};
}

std::string body_of(std::string_view events) {
  return R"({"destination":"Ubot","events":[)" + std::string(events) + "]}";
}

constexpr std::string_view user_source = R"("source":{"type":"user","userId":"U1"})";

TEST(line_event_test, a_text_message_carries_text_reply_token_and_event_id) {
  const auto events = parse_ok(body_of(
      std::string(R"({"type":"message","mode":"active",
      "timestamp":1700000000000,"webhookEventId":"01HABC","replyToken":"rt1",)") +
      std::string(user_source) + R"(,"message":{"id":"1","type":"text","text":"セミナー"}})"));
  ASSERT_EQ(events.size(), 1u);
  const channel_event& e = events[0];
  EXPECT_EQ(e.type, kind::text);
  EXPECT_EQ(e.platform, "line");
  EXPECT_EQ(e.account_id, "Ubot");
  EXPECT_EQ(e.sender_id, "U1");
  EXPECT_EQ(e.message_id, "01HABC");
  EXPECT_EQ(e.reply_token, "rt1");
  EXPECT_EQ(e.text, "セミナー");
  EXPECT_EQ(e.timestamp, 1700000000000);
}

// The shape of LINE's text message event with a LINE emoji and a mention (Messaging API
// reference, "Text" message event: message.emojis[] and message.mention.mentionees[], index and
// length counted in UTF-16 code units).
TEST(line_event_test, line_emoji_and_mentions_are_taken_out_of_the_text_by_their_offsets) {
  const auto text_of = [](std::string_view message) {
    const auto events = parse_ok(body_of(
        std::string(R"({"type":"message","mode":"active","timestamp":1,"webhookEventId":"e",)"
                    R"("replyToken":"r",)") +
        std::string(user_source) + R"(,"message":)" + std::string(message) + "}"));
    return events.empty() ? std::string("<no event>") : events[0].text;
  };
  EXPECT_EQ(text_of(R"j({"id":"1","type":"text","text":"セミナー (love)",)j"
                    R"("emojis":[{"index":5,"length":6,"productId":"5ac1bfd5040ab15980c9b435",)"
                    R"("emojiId":"001"}]})"),
            "セミナー  ");
  // Two emoji side by side are one gap; an emoji beyond the BMP before them counts twice.
  EXPECT_EQ(text_of(R"j({"id":"2","type":"text","text":"😀(hello)(love)の申し込み",)j"
                    R"("emojis":[{"index":2,"length":7,"productId":"p","emojiId":"1"},)"
                    R"({"index":9,"length":6,"productId":"p","emojiId":"2"}]})"),
            "😀 の申し込み");
  EXPECT_EQ(text_of(R"({"id":"3","type":"text","text":"@市の窓口 粗大ごみの出し方",)"
                    R"("mention":{"mentionees":[{"index":0,"length":5,"type":"user",)"
                    R"("userId":"U2"}]}})"),
            "  粗大ごみの出し方");
  // Offsets outside the text or of the wrong type change nothing.
  EXPECT_EQ(
      text_of(
          R"({"id":"4","type":"text","text":"図書館",)"
          R"("emojis":[{"index":10,"length":3},{"index":"0","length":1},{"index":-1,"length":2}]})"),
      "図書館");
}

// Images sent together (Messaging API reference, "Image" message event: imageSet with id,
// index from 1 and total): one reply for the set.
TEST(line_event_test, of_an_image_set_only_the_first_image_is_answered) {
  std::string events;
  for (int index = 1; index <= 3; ++index) {
    events +=
        (index == 1 ? "" : ",") +
        std::string(R"({"type":"message","mode":"active","timestamp":1,"replyToken":"r",)") +
        R"("webhookEventId":"e)" + std::to_string(index) + R"(",)" + std::string(user_source) +
        R"(,"message":{"id":"m)" + std::to_string(index) +
        R"(","type":"image","contentProvider":{"type":"line"},)" +
        R"("imageSet":{"id":"E005D41A7288F41B65593ED38FF6E9834B046AB36A37921A56BC236F13A91855",)" +
        R"("index":)" + std::to_string(index) + R"(,"total":3}}})";
  }
  const auto parsed = parse_ok(body_of(events));
  ASSERT_EQ(parsed.size(), 3u);
  EXPECT_EQ(parsed[0].type, kind::attachment);
  EXPECT_EQ(parsed[1].type, kind::other);
  EXPECT_EQ(parsed[2].type, kind::other);
}

TEST(line_event_test, stickers_and_images_are_attachments) {
  for (const std::string type : {"sticker", "image", "audio", "location"}) {
    const auto events =
        parse_ok(body_of(R"({"type":"message","webhookEventId":"e",)" + std::string(user_source) +
                         R"(,"message":{"type":")" + type + R"("}})"));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, kind::attachment) << type;
  }
}

TEST(line_event_test, postback_follow_and_unfollow) {
  const auto events = parse_ok(body_of(
      std::string(R"({"type":"postback","webhookEventId":"e1",)") + std::string(user_source) +
      R"(,"replyToken":"rt","postback":{"data":"entry:blueprint"}},)" +
      R"({"type":"follow","webhookEventId":"e2",)" + std::string(user_source) +
      R"(,"replyToken":"rt2"},{"type":"unfollow","webhookEventId":"e3",)" +
      std::string(user_source) + "}"));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, kind::postback);
  EXPECT_EQ(events[0].payload, "entry:blueprint");
  EXPECT_EQ(events[1].type, kind::follow);
  EXPECT_EQ(events[1].payload, bot::get_started_payload);
  EXPECT_EQ(events[2].type, kind::unfollow);
}

TEST(line_event_test, groups_rooms_standby_and_unknown_types_are_not_answered) {
  const auto events = parse_ok(body_of(
      R"({"type":"message","webhookEventId":"g","source":{"type":"group","groupId":"G",
          "userId":"U1"},"message":{"type":"text","text":"a"}},
         {"type":"message","mode":"standby","webhookEventId":"s",)" +
      std::string(user_source) + R"(,"message":{"type":"text","text":"b"}},
         {"type":"beacon","webhookEventId":"b",)" +
      std::string(user_source) + "}"));
  ASSERT_EQ(events.size(), 3u);
  for (const channel_event& e : events) {
    EXPECT_EQ(e.type, kind::other) << e.message_id;
    EXPECT_FALSE(needs_handling(e.type));
  }
}

// The join event (Messaging API reference, "Join event": source group or room, with a reply
// token): the one event of a group that is answered; its id stands for the sender.
TEST(line_event_test, joining_a_group_or_a_room_is_the_one_group_event_answered) {
  const auto events = parse_ok(body_of(
      R"({"type":"join","mode":"active","timestamp":1700000000000,"webhookEventId":"j1",
          "replyToken":"rtj","source":{"type":"group","groupId":"Ca56f94637c"}},
         {"type":"join","mode":"active","webhookEventId":"j2","replyToken":"rtr",
          "source":{"type":"room","roomId":"Ra8dbf4673c"}},
         {"type":"join","mode":"standby","webhookEventId":"j3",
          "source":{"type":"group","groupId":"Cstandby"}})"));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, kind::joined_group);
  EXPECT_EQ(events[0].sender_id, "Ca56f94637c");
  EXPECT_EQ(events[0].reply_token, "rtj");
  EXPECT_TRUE(needs_handling(events[0].type));
  EXPECT_EQ(events[1].type, kind::joined_group);
  EXPECT_EQ(events[1].sender_id, "Ra8dbf4673c");
  EXPECT_EQ(events[2].type, kind::other);
  // Journaled and read back as the same kind.
  EXPECT_EQ(decode_from_journal(encode_for_journal(events[0]))->type, kind::joined_group);
}

TEST(line_event_test, the_verification_body_has_no_events) {
  EXPECT_TRUE(parse_ok(R"({"destination":"Ubot","events":[]})").empty());
}

TEST(line_event_test, bodies_that_are_not_line_webhooks_are_errors) {
  EXPECT_EQ(parse_line_events("{not json").error(), make_error_code(errc::malformed_json));
  EXPECT_EQ(parse_line_events(R"({"object":"page"})").error(),
            make_error_code(errc::unexpected_object));
  EXPECT_EQ(parse_line_events(R"({"events":{}})").error(),
            make_error_code(errc::unexpected_object));
  const auto odd = parse_ok(R"({"events":[1,"x",null,{"type":7}]})");
  EXPECT_EQ(odd.size(), 4u);
}

TEST(line_event_test, journal_encoding_keeps_the_reply_token) {
  channel_event e;
  e.type = kind::text;
  e.platform = "line";
  e.reply_token = "rt";
  e.standby = true;
  const auto decoded = decode_from_journal(encode_for_journal(e));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->reply_token, "rt");
  EXPECT_TRUE(decoded->standby);
}

// The example of LINE's documentation is not published with its secret, so the expected value
// comes from `printf '%s' BODY | openssl dgst -sha256 -hmac SECRET -binary | base64`.
TEST(line_signature_test, base64_hmac_over_the_raw_bytes) {
  const std::string body = R"({"destination":"Ubot","events":[]})";
  const std::string secret = "line-secret";
  const std::string expected = "ku8T/ECbE2tveovGyEpBkUmwS7TsSyZLXwRNJY2GcL4=";
  EXPECT_EQ(check_line_signature(secret, expected, body), signature_check::valid);
  EXPECT_EQ(check_line_signature(secret, expected, body + " "), signature_check::mismatch);
  EXPECT_EQ(check_line_signature("other", expected, body), signature_check::mismatch);
  EXPECT_EQ(check_line_signature(secret, "", body), signature_check::missing);
  const std::string truncated = expected.substr(0, expected.size() - 1);
  std::string flipped = expected;
  flipped[3] = flipped[3] == 'A' ? 'B' : 'A';
  std::string not_base64 = expected;
  not_base64[5] = '*';
  for (const std::string& bad : {std::string("abc"), truncated, "!" + expected, flipped, not_base64,
                                 expected.substr(0, 42) + "=="}) {
    EXPECT_NE(check_line_signature(secret, bad, body), signature_check::valid) << bad;
  }
}

}  // namespace
}  // namespace madoguchi::webhook
