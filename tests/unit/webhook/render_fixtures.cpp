// The replies of render_fixtures.hpp, in Japanese as the municipality writes them.
#include "render_fixtures.hpp"

#include "madoguchi/nlp/normalize.hpp"

#include <array>
#include <string_view>

namespace madoguchi::webhook {
namespace {

constexpr std::array<std::string_view, 7> moving_in_paragraphs = {
    "転入届は、新しい住所に住み始めてから14日以内に、市民課の窓口（本庁舎1階）また"
    "は各支所で届け出てください。届出には、前の住所の市区町村が発行した転出証明書と、"
    "本人確認書類（マイナンバーカード、運転免許証、パスポートなど）が必要です。国外か"
    "らの転入の場合は、戸籍謄本と戸籍の附票もお持ちください。",
    "マイナンバーカードをお持ちの方は、転出届をマイナポータルからオンラインで行い、転"
    "入届の際にカードを窓口にお持ちいただくと、転出証明書がなくても手続きができます。"
    "この場合、カードの継続利用の手続きも同時に行いますので、暗証番号（数字4桁）をご"
    "確認のうえお越しください。",
    "代理人が届け出る場合は、本人が自署した委任状と、代理人の本人確認書類が必要です。"
    "同じ世帯の方が届け出る場合は、委任状は不要です。",
    "転入に伴い、国民健康保険、国民年金、児童手当、子ども医療費助成、介護保険、後期高"
    "齢者医療制度などの手続きが必要になる場合があります。市民課での手続きのあと、保険"
    "年金課（本庁舎1階）、こども家庭課（本庁舎2階）、高齢福祉課（本庁舎2階）の窓口"
    "へご案内します。",
    "小学校・中学校に通うお子さんがいる場合は、転入届のあとに教育委員会学務課（本庁舎"
    "5階）で転入学の手続きをしてください。前の学校から受け取った在学証明書と教科書給"
    "与証明書をお持ちください。",
    "受付時間は平日の午前8時30分から午後5時15分までです。毎月第2・第4土曜日の"
    "午前9時から正午までは、市民課の一部の手続きを受け付けています。3月下旬から4月"
    "上旬は窓口が大変混み合いますので、時間に余裕をもってお越しください。",
    "ご不明な点は、市民課住民記録係（電話 0120-000-000）までお問い合わせ"
    "ください。聴覚に障がいのある方は、ファクス（0120-000-001）またはメー"
    "ルでもお問い合わせいただけます😊",
};

// The moving-in guide, its paragraphs `rounds` times over (about 790 characters a round).
std::string moving_in_guide(int rounds) {
  std::string text = "【転入の手続きについて】\n";
  for (int round = 1; round <= rounds; ++round) {
    text += "■ご案内その" + std::to_string(round) + "\n";
    for (std::string_view paragraph : moving_in_paragraphs) {
      text += std::string(paragraph) + "\n";
    }
  }
  return text + "以上です。";
}

std::vector<bot::link_button> garbage_links() {
  return {
      {"家庭ごみの分け方・出し方（令和6年4月改訂版）",
       "https://www.city.example.lg.jp/gomi/wakekata.html"},
      {"粗大ごみ受付センター（インターネット受付・24時間）", "https://sodai.city.example.lg.jp/"},
      {"ごみ分別アプリを開く", "javascript:openApp()"},
      {"ごみ収集カレンダー（地区別PDF）", "https://www.city.example.lg.jp/gomi/calendar.pdf"},
      {"資源物の回収拠点", "http://www.city.example.lg.jp/gomi/shigen.html"},
      {"家電リサイクル法対象品目の出し方", "https://www.city.example.lg.jp/gomi/kaden.html"},
      {"清掃工場への持ち込み", "https://www.city.example.lg.jp/gomi/mochikomi.html"},
  };
}

std::vector<bot::quick_reply> procedure_chips() {
  return {
      {"転入・転出・転居の届出", "entry:moving"},
      {"マイナンバーカードの受け取りと更新手続き（電子証明書の更新を含む）", "entry:my-number"},
      {"住民票の写し・印鑑登録証明書", "entry:certificates"},
      {"戸籍謄本・抄本の請求（本籍地が他の市区町村の場合は広域交付をご利用ください）",
       "entry:koseki"},
      {"国民健康保険", "entry:health-insurance"},
      {"国民年金", "entry:pension"},
      {"児童手当", "entry:child-allowance"},
      {"保育所・認定こども園の入園申し込み（令和7年度4月入園の一次募集）", "entry:nursery"},
      {"子ども医療費助成", "entry:child-medical"},
      {"介護保険", "entry:care-insurance"},
      {"ごみ・リサイクル", "menu:garbage"},
      {"市税の納付", "entry:city-tax"},
      {"引っ越しに伴う水道の使用開始・中止", "entry:water"},
      {"図書館", "entry:library"},
      {"担当者と話したい", "entry:human-handoff"},
  };
}

constexpr std::array<std::string_view, 14> support_topics = {
    "子育て世帯への臨時特別給付金",
    "妊婦のための支援給付",
    "出産・子育て応援交付金",
    "児童扶養手当",
    "ひとり親家庭等医療費助成",
    "就学援助制度",
    "放課後児童クラブの利用申し込み",
    "病児・病後児保育",
    "ファミリー・サポート・センター",
    "産後ケア事業",
    "乳幼児健康診査",
    "予防接種（定期接種）",
    "高校生等の通学費助成",
    "奨学金の返還支援",
};

bot::card support_card(std::size_t i) {
  const std::string topic(support_topics[i % support_topics.size()]);
  const std::string page = "https://www.city.example.lg.jp/kosodate/" + std::to_string(i + 1);
  // Every other title is longer than the 80 characters of a Messenger element.
  const std::string title =
      topic + "（対象となる方・申請期限・必要な書類・お問い合わせ先）" +
      (i % 2 == 1 ? "令和6年度の制度改正で対象となる方と支給額が広がりました。申請の前に、必ず本文"
                    "の注意事項と必要な書類をご覧ください。"
                  : "");
  const std::string subtitle =
      topic +
      "は、市内に住所がある子育て世帯を対象とした制度です。申請は本庁舎2階こども家庭課の窓口の"
      "ほか、電子申請サービスからも受け付けています。所得の条件や必要な書類は、世帯の状況によっ"
      "て異なります。";
  return {title,
          subtitle,
          "entry:kosodate-" + std::to_string(i + 1),
          {{"制度の詳しい説明と申請書のダウンロード（PDF）", page + ".html"},
           {"お問い合わせ", "tel:0120-000-002"},
           {"電子申請", page + "/online"}}};
}

std::vector<bot::card> support_cards(std::size_t count) {
  std::vector<bot::card> cards;
  for (std::size_t i = 0; i < count; ++i) {
    cards.push_back(support_card(i));
  }
  return cards;
}

// A text of exactly `characters` code points: sentences with 。 and newlines, emoji (four UTF-8
// bytes, two UTF-16 units), ASCII, and a run of 600 characters with no break.
std::string generated_text(std::size_t characters) {
  static const std::string pattern = [] {
    std::string p = "市役所の窓口は平日の午前8時30分から午後5時15分まで開いています。";
    p += "Pay-easyでの納付もできます😊\n";
    for (int i = 0; i < 600; ++i) {
      p += i % 3 == 0 ? "あ" : (i % 3 == 1 ? "🎍" : "x");
    }
    return p + std::string(moving_in_paragraphs[0]) + "\n";
  }();
  static const std::vector<std::string_view> pattern_characters = nlp::characters_of(pattern);
  std::string text;
  for (std::size_t i = 0; i < characters; ++i) {
    text += pattern_characters[i % pattern_characters.size()];
  }
  return text;
}

std::string long_title(std::size_t i) {
  return "子育て世帯への臨時特別給付金（令和6年度・所得制限なし）の申請方法についてのご案内その" +
         std::to_string(i) + (i % 2 == 0 ? "😊" : "");
}

// Payloads at the platforms' limits and one character over: every eleventh is too long for both
// (1001 characters), every seventh too long for LINE only (301), every fifth just fits LINE (300).
std::string generated_payload(std::size_t i) {
  const auto of_length = [](std::size_t length) {
    return "entry:" + std::string(length - std::string_view("entry:").size(), 'x');
  };
  if (i % 11 == 10) {
    return of_length(1001);
  }
  if (i % 7 == 6) {
    return of_length(301);
  }
  if (i % 5 == 3) {
    return of_length(300);
  }
  return "entry:item-" + std::to_string(i);
}

// Every seventh item has no title (and 20 quick replies still leave more than 13 usable).
std::string generated_title(std::size_t i) {
  return i % 7 == 3 ? std::string() : long_title(i);
}

bot::reply generated_reply(std::size_t characters, std::size_t links, std::size_t cards,
                           std::size_t chips) {
  bot::reply reply;
  reply.text = generated_text(characters);
  for (std::size_t i = 0; i < links; ++i) {
    const std::string url = i % 4 == 2 ? "javascript:alert(" + std::to_string(i) + ")"
                                       : "https://www.city.example.lg.jp/page/" +
                                             std::string(i * 10, 'p') + std::to_string(i);
    reply.links.push_back({generated_title(i), url});
  }
  for (std::size_t i = 0; i < cards; ++i) {
    bot::card card = support_card(i);
    card.title = generated_title(i + 1);
    card.subtitle = i % 3 == 2 ? std::string() : generated_text(40 * i);
    card.payload = generated_payload(i);
    card.links.resize(i % 4);
    reply.cards.push_back(std::move(card));
  }
  for (std::size_t i = 0; i < chips; ++i) {
    reply.quick_replies.push_back({generated_title(i), generated_payload(i)});
  }
  return reply;
}

}  // namespace

std::vector<named_reply> golden_replies() {
  const std::string greeting = "こんにちは。〇〇市役所のご案内窓口です。ご質問をどうぞ。";
  bot::reply links{
      .text = "子育て支援センターの利用案内です。詳しくは下のページをご覧ください。",
      .links = {{"子育て支援センター利用案内（令和6年度版・予約方法と持ち物・開館カレン"
                 "ダーつき）",
                 "https://www.city.example.lg.jp/kosodate/center/riyou.html"},
                {"予約フォーム", "https://www.city.example.lg.jp/kosodate/center/yoyaku"}},
      .cards = {},
      .quick_replies = {}};
  bot::reply carousel{.text = "子育て支援についての情報です。気になるものを選んでください。",
                      .links = {},
                      .cards = support_cards(3),
                      .quick_replies = {}};
  carousel.cards[1].links.clear();
  carousel.cards[2].subtitle.clear();
  return {
      {"text", {.text = greeting, .links = {}, .cards = {}, .quick_replies = {}}},
      {"long_text", {.text = moving_in_guide(4), .links = {}, .cards = {}, .quick_replies = {}}},
      {"links", links},
      {"many_links",
       {.text = "ごみの出し方に関するページをまとめました。",
        .links = garbage_links(),
        .cards = {},
        .quick_replies = {}}},
      {"quick_replies",
       {.text = "どの手続きについて知りたいですか？",
        .links = {},
        .cards = {},
        .quick_replies = procedure_chips()}},
      {"carousel", carousel},
      {"carousel_many", {.text = {}, .links = {}, .cards = support_cards(14), .quick_replies = {}}},
      {"text_links_quick_replies_carousel",
       {.text = moving_in_guide(7),
        .links = garbage_links(),
        .cards = support_cards(14),
        .quick_replies = procedure_chips()}},
  };
}

std::string repeat(std::string_view text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) {
    out += text;
  }
  return out;
}

std::vector<bot::link_button> numbered_links(int count) {
  std::vector<bot::link_button> links;
  for (int i = 1; i <= count; ++i) {
    links.push_back({"リンク" + std::to_string(i), "https://example.jp/" + std::to_string(i)});
  }
  return links;
}

bot::card numbered_card(int i) {
  const std::string n = std::to_string(i);
  return {"カード" + n,
          "説明" + n,
          "entry:card-" + n,
          {{"申し込み", "https://example.jp/apply/" + n},
           {"電話", "tel:0120000000"},
           {"地図", "https://example.jp/map/" + n},
           {"案内", "https://example.jp/guide/" + n}}};
}

std::vector<bot::reply> generated_replies() {
  std::vector<std::size_t> lengths = {159,  160,  161,  333,  334,  639,  640,  641, 999,
                                      1000, 1001, 1999, 2000, 2001, 4999, 5000, 5001};
  for (std::size_t length = 0; length <= 12000; length += 1000) {
    lengths.push_back(length);
  }
  std::vector<bot::reply> replies;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    for (std::size_t n = 0; n <= 20; ++n) {
      replies.push_back(generated_reply(lengths[i], n, (n * 7 + i) % 21, (n * 13 + i * 3) % 21));
    }
  }
  return replies;
}

}  // namespace madoguchi::webhook
