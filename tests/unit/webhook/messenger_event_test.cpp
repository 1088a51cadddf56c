// Tests of Messenger / Instagram webhook parsing (parse_messenger_events), the journal encoding
// of an event and its dedupe key.
#include "madoguchi/webhook/messenger_event.hpp"
#include "madoguchi/webhook/error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi::webhook {
namespace {

using kind = channel_event::kind;

std::vector<channel_event> parse_ok(std::string_view body) {
  auto events = parse_messenger_events(body);
  EXPECT_TRUE(events.has_value()) << body;
  return events ? *events : std::vector<channel_event>{};
}

std::string page_body(std::string_view items) {
  return R"({"object":"page","entry":[{"id":"1111","time":1,"messaging":[)" + std::string(items) +
         "]}]}";
}

TEST(messenger_event_test, batched_entries_give_every_item_in_order) {
  const std::string body = R"({"object":"page","entry":[
    {"id":"1111","time":1700000000000,"messaging":[
      {"sender":{"id":"u1"},"recipient":{"id":"1111"},"timestamp":1700000000001,
       "message":{"mid":"m.1","text":"セミナー"}},
      {"sender":{"id":"u2"},"recipient":{"id":"1111"},"timestamp":1700000000002,
       "message":{"mid":"m.2","text":"申し込み"}}]},
    {"id":"2222","time":1700000000000,"messaging":[
      {"sender":{"id":"u3"},"timestamp":1700000000003,"message":{"mid":"m.3","text":"a"}},
      {"sender":{"id":"u4"},"timestamp":1700000000004,"message":{"mid":"m.4","text":"b"}}]}]})";
  const auto events = parse_ok(body);
  ASSERT_EQ(events.size(), 4u);
  const char* accounts[] = {"1111", "1111", "2222", "2222"};
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].type, kind::text) << i;
    EXPECT_EQ(events[i].platform, "messenger") << i;
    EXPECT_EQ(events[i].account_id, accounts[i]) << i;
    EXPECT_EQ(events[i].sender_id, "u" + std::to_string(i + 1)) << i;
    EXPECT_EQ(events[i].message_id, "m." + std::to_string(i + 1)) << i;
    EXPECT_EQ(events[i].timestamp, 1700000000001 + static_cast<std::int64_t>(i)) << i;
  }
  EXPECT_EQ(events[0].text, "セミナー");
  EXPECT_EQ(events[1].text, "申し込み");
}

TEST(messenger_event_test, unknown_fields_are_ignored) {
  const auto events = parse_ok(R"({"object":"page","new_field":{"x":[1,2]},"entry":[
    {"id":1111,"extra":true,"messaging":[{"sender":{"id":"u1","name":"?"},"future":null,
     "message":{"mid":"m.1","text":"こんにちは","nlp":{"entities":{}},"attachments":[]}}]}]})");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, kind::text);
  EXPECT_EQ(events[0].text, "こんにちは");
  EXPECT_EQ(events[0].account_id, "1111");  // a numeric id is accepted as text
}

TEST(messenger_event_test, own_echoes_are_recognised_by_their_metadata_even_with_text) {
  const auto events = parse_ok(page_body(R"({"sender":{"id":"1111"},"recipient":{"id":"u1"},
      "message":{"mid":"m.e","is_echo":true,"metadata":"madoguchi","text":"hi"}})"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, kind::echo);
  EXPECT_EQ(events[0].message_id, "m.e");
  EXPECT_EQ(events[0].sender_id, "u1");  // the person the page wrote to
}

TEST(messenger_event_test, own_echoes_are_recognised_by_the_app_id_when_configured) {
  const auto events = parse_messenger_events(page_body(R"({"sender":{"id":"1111"},
      "recipient":{"id":"u1"},"message":{"mid":"m.e","is_echo":true,"app_id":42,"text":"hi"}})"),
                                             "42");
  ASSERT_TRUE(events);
  EXPECT_EQ((*events)[0].type, kind::echo);
}

TEST(messenger_event_test, echoes_of_messages_staff_wrote_are_staff_messages) {
  const auto events = parse_ok(R"({"object":"page","entry":[{"id":"1111","standby":[
      {"sender":{"id":"1111"},"recipient":{"id":"u1"},
       "message":{"mid":"m.s","is_echo":true,"app_id":263902037430900,"text":"担当です"}}]}]})");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, kind::staff_message);
  EXPECT_EQ(events[0].sender_id, "u1");
  EXPECT_TRUE(events[0].standby);
}

TEST(messenger_event_test, handover_webhooks_say_who_owns_the_thread) {
  const auto events = parse_ok(page_body(R"({"sender":{"id":"u1"},"recipient":{"id":"1111"},
      "pass_thread_control":{"previous_owner_app_id":263902037430900,"metadata":"done"}},
      {"sender":{"id":"u2"},"recipient":{"id":"1111"},
      "take_thread_control":{"previous_owner_app_id":1,"new_owner_app_id":263902037430900}})"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, kind::staff_released);
  EXPECT_EQ(events[1].type, kind::staff_took);
  EXPECT_NE(event_key(events[0]), event_key(events[1]));
}

TEST(messenger_event_test, a_request_for_the_thread_names_the_app_that_asks) {
  const auto events = parse_ok(page_body(R"(
    {"sender":{"id":"u"},"recipient":{"id":"1111"},"timestamp":1458692752478,
     "request_thread_control":{"requested_owner_app_id":123456789,"metadata":"staff"}},
    {"sender":{"id":"u"},"request_thread_control":{"requested_owner_app_id":"987"}})"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, kind::staff_requested);
  EXPECT_EQ(events[0].payload, "123456789");
  EXPECT_EQ(events[1].payload, "987");
}

TEST(messenger_event_test, instagram_seen_deleted_and_story_mentions) {
  const auto events = parse_ok(R"({"object":"instagram","entry":[{"id":"1784","messaging":[
      {"sender":{"id":"ig1"},"read":{"mid":"ig.m1"}},
      {"sender":{"id":"ig1"},"message":{"mid":"ig.m2","is_deleted":true}},
      {"sender":{"id":"ig1"},"message":{"mid":"ig.m3","attachments":[{"type":"story_mention",
        "payload":{"url":"https://lookaside.example/story"}}]}},
      {"sender":{"id":"ig1"},"message":{"mid":"ig.m4","text":"素敵！",
        "reply_to":{"story":{"url":"https://lookaside.example/s","id":"s1"}}}}]}]})");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].type, kind::receipt);
  EXPECT_EQ(events[1].type, kind::other);
  EXPECT_EQ(events[2].type, kind::other);  // a story mention is not a question: not answered
  EXPECT_EQ(events[3].type, kind::text);
  EXPECT_EQ(events[3].text, "素敵！");
}

// message_edits (developers.facebook.com/documentation/business-messaging/messenger-platform/
// webhooks/webhook-events/message-edits): each edit is an event of its own, naming the message.
TEST(messenger_event_test, an_edit_names_the_message_it_replaces) {
  const auto events = parse_ok(page_body(R"(
    {"sender":{"id":"u"},"recipient":{"id":"1111"},"timestamp":1458668856463,
     "message_edit":{"mid":"m.1","text":"セミナーの申し込み方法","num_edit":1}},
    {"sender":{"id":"u"},"message_edit":{"mid":"m.1","text":"セミナーの会場","num_edit":2}},
    {"sender":{"id":"u"},"message_edit":{"mid":"m.2","num_edit":1}})"));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, kind::edited);
  EXPECT_EQ(events[0].edits, "m.1");
  EXPECT_EQ(events[0].text, "セミナーの申し込み方法");
  EXPECT_NE(event_key(events[0]), event_key(events[1]));
  EXPECT_NE(event_key(events[0]), "m.1");  // not a duplicate of the message it edits
  EXPECT_EQ(events[2].type, kind::other);  // no text: nothing to answer
  const auto decoded = decode_from_journal(encode_for_journal(events[1]));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->type, kind::edited);
  EXPECT_EQ(decoded->edits, "m.1");
}

TEST(messenger_event_test, delivery_read_and_reaction_are_receipts) {
  const auto events = parse_ok(page_body(R"(
    {"sender":{"id":"u"},"delivery":{"mids":["m.1"],"watermark":1}},
    {"sender":{"id":"u"},"read":{"watermark":1}},
    {"sender":{"id":"u"},"reaction":{"mid":"m.1","action":"react","emoji":"❤"}})"));
  ASSERT_EQ(events.size(), 3u);
  for (const channel_event& e : events) {
    EXPECT_EQ(e.type, kind::receipt);
    EXPECT_TRUE(e.text.empty());
  }
}

TEST(messenger_event_test, postbacks_carry_payload_and_title) {
  const auto events = parse_ok(page_body(
      R"({"sender":{"id":"u"},"postback":{"mid":"m.p","title":"はじめる","payload":"GET_STARTED"}})"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, kind::postback);
  EXPECT_EQ(events[0].text, "はじめる");
  EXPECT_EQ(events[0].payload, "GET_STARTED");
  EXPECT_EQ(events[0].message_id, "m.p");
}

TEST(messenger_event_test, quick_replies_carry_their_payload) {
  const auto events = parse_ok(page_body(R"({"sender":{"id":"u"},"message":{"mid":"m.q",
      "text":"OSAKA愛鑑","quick_reply":{"payload":"entry:osaka-aikan"}}})"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, kind::text);
  EXPECT_EQ(events[0].text, "OSAKA愛鑑");
  EXPECT_EQ(events[0].payload, "entry:osaka-aikan");
}

TEST(messenger_event_test, a_message_without_text_is_an_attachment) {
  const auto events = parse_ok(page_body(R"({"sender":{"id":"u"},"message":{"mid":"m.a",
      "attachments":[{"type":"image","payload":{"url":"https://example.com/a.jpg"}}]}})"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, kind::attachment);
  EXPECT_TRUE(events[0].text.empty());
}

TEST(messenger_event_test, standby_items_are_parsed_after_messaging_items) {
  const auto events = parse_ok(R"({"object":"page","entry":[{"id":"1111",
    "messaging":[{"sender":{"id":"u1"},"message":{"mid":"m.1","text":"a"}}],
    "standby":[{"sender":{"id":"u2"},"message":{"mid":"m.2","text":"b"}}]}]})");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].message_id, "m.1");
  EXPECT_EQ(events[1].message_id, "m.2");
  EXPECT_EQ(events[1].sender_id, "u2");
}

TEST(messenger_event_test, unknown_item_types_are_other) {
  const auto events = parse_ok(page_body(R"({"sender":{"id":"u"},"optin":{"ref":"x"}})"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, kind::other);
}

TEST(messenger_event_test, instagram_object_gives_platform_instagram) {
  const auto events = parse_ok(R"({"object":"instagram","entry":[{"id":"17841400000000",
    "messaging":[{"sender":{"id":"ig1"},"message":{"mid":"ig.m","text":"こんにちは"}}]}]})");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].platform, "instagram");
  EXPECT_EQ(events[0].account_id, "17841400000000");
}

TEST(messenger_event_test, malformed_json_is_an_error) {
  for (const char* body : {"", "{", "not json", R"({"object":"page",})", "\xFF\xFE"}) {
    const auto events = parse_messenger_events(body);
    ASSERT_FALSE(events.has_value()) << body;
    EXPECT_EQ(events.error(), make_error_code(errc::malformed_json)) << body;
  }
}

TEST(messenger_event_test, other_objects_of_the_app_are_acknowledged_and_ignored) {
  // The shape of Meta's webhook for the permissions and user objects (Webhooks reference,
  // "Permissions" and "User" objects): an app subscribed to them gets them on the same URL.
  for (const char* body :
       {R"({"object":"permissions","entry":[{"id":"100000000000001","time":1700000000,)"
        R"("changes":[{"field":"pages_messaging","value":{"verb":"granted"}}]}]})",
        R"({"object":"user","entry":[{"uid":"100000000000001","id":"100000000000001",)"
        R"("time":1700000000,"changed_fields":["email"]}]})"}) {
    const auto events = parse_messenger_events(body);
    ASSERT_TRUE(events.has_value()) << body;
    EXPECT_TRUE(events->empty()) << body;
  }
}

TEST(messenger_event_test, bodies_without_an_object_are_unexpected) {
  for (const char* body : {R"({"entry":[]})", "[]", "42", R"({"object":["page"]})", "null"}) {
    const auto events = parse_messenger_events(body);
    ASSERT_FALSE(events.has_value()) << body;
    EXPECT_EQ(events.error(), make_error_code(errc::unexpected_object)) << body;
  }
}

TEST(messenger_event_test, entries_of_the_wrong_shape_give_no_events) {
  for (const char* body :
       {R"({"object":"page"})", R"({"object":"page","entry":{}})", R"({"object":"page","entry":7})",
        R"({"object":"page","entry":[1,"x",null,{"messaging":{}},{"messaging":[3]}]})"}) {
    const auto events = parse_messenger_events(body);
    ASSERT_TRUE(events.has_value()) << body;
    for (const channel_event& e : *events) {
      EXPECT_EQ(e.type, kind::other) << body;  // a non-object item is nothing to answer
    }
  }
  EXPECT_TRUE(parse_ok(R"({"object":"page","entry":{}})").empty());
}

TEST(messenger_event_test, deeply_nested_garbage_does_not_crash) {
  const std::string open(100000, '[');
  const std::string close(100000, ']');
  EXPECT_FALSE(parse_messenger_events(open).has_value());
  EXPECT_FALSE(parse_messenger_events(open + close).has_value());
  const auto nested = parse_messenger_events(R"({"object":"page","entry":)" + open + close + "}");
  ASSERT_TRUE(nested.has_value());
  EXPECT_TRUE(nested->empty());
  const auto deep_item =
      parse_messenger_events(page_body(R"({"message":{"text":)" + open + close + "}}"));
  ASSERT_TRUE(deep_item.has_value());
  ASSERT_EQ(deep_item->size(), 1u);
  EXPECT_EQ(deep_item->at(0).type, kind::attachment);
}

TEST(messenger_event_test, journal_encoding_round_trips) {
  channel_event event;
  event.type = kind::postback;
  event.platform = "instagram";
  event.account_id = "17841400000000";
  event.sender_id = "ig-sender";
  event.message_id = "m.\"quoted\"";
  event.text = "セミナーの申し込み😊🙏 \\ \n";
  event.payload = "entry:osaka-boost-seminar";
  event.timestamp = 1700000000123;
  const auto decoded = decode_from_journal(encode_for_journal(event));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->type, event.type);
  EXPECT_EQ(decoded->platform, event.platform);
  EXPECT_EQ(decoded->account_id, event.account_id);
  EXPECT_EQ(decoded->sender_id, event.sender_id);
  EXPECT_EQ(decoded->message_id, event.message_id);
  EXPECT_EQ(decoded->text, event.text);
  EXPECT_EQ(decoded->payload, event.payload);
  EXPECT_EQ(decoded->timestamp, event.timestamp);

  for (kind k : {kind::text, kind::attachment, kind::echo, kind::receipt, kind::other}) {
    event.type = k;
    const auto again = decode_from_journal(encode_for_journal(event));
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->type, k);
  }
}

TEST(messenger_event_test, journal_encoding_replaces_invalid_utf8) {
  channel_event event;
  event.type = kind::text;
  event.text = "ok\xFF";
  const auto decoded = decode_from_journal(encode_for_journal(event));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->text, "ok\uFFFD");
}

TEST(messenger_event_test, decoding_garbage_fails) {
  for (const char* payload :
       {"", "garbage", "[]", "{}", R"({"kind":"bogus"})", R"({"kind":7})", "\"text\""}) {
    const auto decoded = decode_from_journal(payload);
    ASSERT_FALSE(decoded.has_value()) << payload;
    EXPECT_EQ(decoded.error(), make_error_code(errc::malformed_payload)) << payload;
  }
}

TEST(messenger_event_test, event_key_is_the_mid_or_a_stable_fallback) {
  channel_event event;
  event.account_id = "1111";
  event.sender_id = "u1";
  event.timestamp = 1700000000000;
  event.message_id = "m.1";
  EXPECT_EQ(event_key(event), "m.1");
  event.message_id.clear();
  EXPECT_EQ(event_key(event), "1111:u1:other:1700000000000");
  channel_event redelivered = event;
  EXPECT_EQ(event_key(redelivered), event_key(event));
  redelivered.timestamp += 1;
  EXPECT_NE(event_key(redelivered), event_key(event));
}

}  // namespace
}  // namespace madoguchi::webhook
