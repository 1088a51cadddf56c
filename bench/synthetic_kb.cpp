// Synthetic municipal FAQ entries: a topic, an aspect of it, and the places and numbers of one
// fictional city, phrased the way city pages and residents phrase them.
#include "synthetic_kb.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <utility>

namespace madoguchi::bench {
namespace {

// What kind of service a topic is: decides which aspects make sense for it (nobody asks for the
// 日程 of a 住民票).
enum kind : unsigned {
  certificate = 1U << 0,  // 届出 and 証明書
  benefit = 1U << 1,      // 手当, 助成, 認定
  payment = 1U << 2,      // 税, 保険料, 料金
  facility = 1U << 3,     // 施設, 収集, 貸出
  event = 1U << 4,        // セミナー, 講座, 検診
  disaster = 1U << 5,     // 防災
  any_kind = (1U << 6) - 1,
};

struct topic {
  std::string_view name;
  std::string_view office;                  // the section that handles it
  std::array<std::string_view, 3> related;  // terms its answers mention
  unsigned kinds;
};

constexpr auto topics = std::to_array<topic>({
    {"住民票", "市民課", {"写し", "本人確認書類", "コンビニ交付"}, certificate},
    {"戸籍謄本", "市民課", {"戸籍抄本", "本籍地", "広域交付"}, certificate},
    {"マイナンバーカード", "市民課", {"電子証明書", "暗証番号", "交付通知書"}, certificate},
    {"印鑑登録", "市民課", {"印鑑登録証", "印鑑証明書", "保証人"}, certificate},
    {"転入届", "市民課", {"転出証明書", "引っ越し", "住所変更"}, certificate},
    {"転出届", "市民課", {"転出証明書", "引っ越し", "マイナポータル"}, certificate},
    {"婚姻届", "市民課", {"証人", "戸籍", "本籍"}, certificate},
    {"出生届", "市民課", {"出生証明書", "母子健康手帳", "命名"}, certificate},
    {"死亡届", "市民課", {"死亡診断書", "火葬許可証", "葬儀"}, certificate},
    {"犬の登録", "環境課", {"狂犬病予防注射", "鑑札", "注射済票"}, certificate},
    {"小学校の入学", "学校教育課", {"就学通知書", "学区", "就学時健康診断"}, certificate},
    {"粗大ごみ", "環境課", {"処理券", "戸別収集", "持ち込み"}, facility | payment},
    {"家庭ごみの分別", "環境課", {"燃やすごみ", "資源ごみ", "収集日"}, facility},
    {"国民健康保険", "保険年金課", {"保険証", "保険料", "加入"}, payment | certificate},
    {"国民年金", "保険年金課", {"保険料免除", "年金手帳", "学生納付特例"}, payment},
    {"後期高齢者医療", "保険年金課", {"被保険者証", "75歳", "保険料"}, payment},
    {"介護保険", "介護保険課", {"要介護認定", "ケアマネジャー", "介護保険料"}, benefit | payment},
    {"児童手当", "子育て支援課", {"現況届", "所得制限", "振込"}, benefit},
    {"児童扶養手当", "子育て支援課", {"ひとり親", "所得", "現況届"}, benefit},
    {"保育所", "保育課", {"入所申込", "待機児童", "保育料"}, benefit | facility},
    {"放課後児童クラブ", "子育て支援課", {"学童保育", "利用料", "定員"}, facility},
    {"予防接種", "健康推進課", {"接種券", "予診票", "定期接種"}, benefit},
    {"がん検診", "健康推進課", {"受診券", "自己負担金", "集団検診"}, event | benefit},
    {"妊婦健診", "健康推進課", {"母子健康手帳", "受診票", "助成"}, benefit},
    {"休日急病診療所", "健康推進課", {"診療時間", "小児科", "救急"}, facility},
    {"障害者手帳", "障害福祉課", {"身体障害者手帳", "療育手帳", "等級"}, benefit},
    {"生活保護", "生活福祉課", {"相談", "扶助", "ケースワーカー"}, benefit},
    {"就学援助", "学校教育課", {"学用品費", "給食費", "認定"}, benefit},
    {"高齢者の見守り",
     "高齢福祉課",
     {"緊急通報装置", "配食サービス", "地域包括支援センター"},
     benefit},
    {"空き家バンク", "都市計画課", {"空き家", "解体補助", "移住"}, benefit},
    {"住宅リフォーム補助", "建築指導課", {"補助金", "耐震改修", "工事"}, benefit},
    {"固定資産税", "税務課", {"納税通知書", "評価額", "口座振替"}, payment},
    {"住民税", "税務課", {"特別徴収", "普通徴収", "課税証明書"}, payment | certificate},
    {"軽自動車税", "税務課", {"納税証明書", "廃車", "原付"}, payment},
    {"ふるさと納税", "企画課", {"返礼品", "寄附金受領証明書", "ワンストップ特例"}, payment},
    {"水道の使用開始", "水道局", {"開栓", "水道料金", "検針"}, payment},
    {"下水道", "下水道課", {"排水設備", "下水道使用料", "浄化槽"}, payment},
    {"市営住宅", "住宅課", {"入居者募集", "家賃", "抽選"}, facility | payment},
    {"図書館", "生涯学習課", {"利用カード", "貸出", "予約"}, facility},
    {"公民館", "生涯学習課", {"部屋の予約", "使用料", "サークル"}, facility},
    {"公園の利用", "公園緑地課", {"使用許可", "バーベキュー", "遊具"}, facility},
    {"自転車駐輪場", "道路課", {"定期利用", "放置自転車", "撤去"}, facility | payment},
    {"市民講座", "生涯学習課", {"受講料", "定員", "抽選"}, event},
    {"創業セミナー", "商工観光課", {"起業", "融資", "特定創業支援"}, event},
    {"中小企業向けSNS活用セミナー", "商工観光課", {"インスタグラム", "販路拡大", "補助金"}, event},
    {"成人式", "生涯学習課", {"二十歳のつどい", "案内状", "振袖"}, event},
    {"期日前投票", "選挙管理委員会", {"投票所入場券", "不在者投票", "投票時間"}, event},
    {"防災訓練", "危機管理課", {"避難訓練", "自主防災組織", "消火器"}, event | disaster},
    {"避難所", "危機管理課", {"指定避難所", "備蓄", "ペット同行避難"}, disaster},
    {"ハザードマップ", "危機管理課", {"浸水想定区域", "土砂災害", "避難経路"}, disaster},
    {"防災行政無線", "危機管理課", {"放送内容", "防災メール", "聞き取り"}, disaster},
});

struct aspect {
  std::string_view keyword;  // also one of the entry's keywords
  std::string_view title;    // follows the topic in a title
  std::string_view casual;   // follows "{topic}って" in a chatty example question
  std::string_view answer;   // follows the topic in the answer's first sentence
  unsigned kinds;            // the topics it makes sense for
};

constexpr auto aspects = std::to_array<aspect>({
    {"申請方法", "の申請方法を教えてください", "どうやって申し込むの？",
     "は、窓口・郵送・オンラインのいずれかの方法で申請できます。",
     certificate | benefit | facility},
    {"必要なもの", "の手続きに必要なものは何ですか", "何を持って行けばいい？",
     "の手続きには、本人確認書類と所定の申請書が必要です。", certificate | benefit},
    {"手数料", "の手数料はいくらかかりますか", "お金かかる？",
     "の手数料は、手続きの種類によって異なります。", certificate | facility},
    {"受付時間", "の窓口の受付時間を知りたい", "何時まで受け付けてる？",
     "の受付は、平日の開庁時間内に行っています。", certificate | benefit | payment | facility},
    {"窓口", "はどこの窓口で手続きできますか", "どこに行けばいいの？",
     "の手続きは、本庁舎と各出張所の窓口で行っています。", certificate | benefit | payment},
    {"オンライン申請", "はオンラインで申請できますか", "ネットで申し込める？",
     "は、スマートフォンやパソコンからオンラインで申請できます。", certificate | benefit | event},
    {"代理人", "の手続きを家族が代理でできますか", "家族が代わりに行ってもいい？",
     "の手続きは、委任状があれば代理人でも行えます。", certificate | benefit},
    {"郵送", "を郵送で申請する方法は", "郵便で送ってもいい？",
     "は、郵送でも申請を受け付けています。", certificate | payment},
    {"期限", "の手続きの期限はいつまでですか", "いつまでに出せばいい？",
     "の手続きには期限がありますので、お早めに手続きしてください。",
     certificate | benefit | payment},
    {"土日", "の手続きは土日や夜間にもできますか", "土日もやってる？",
     "の手続きは、一部の窓口で土曜日や夜間も受け付けています。", certificate | payment | facility},
    {"対象者", "の対象になるのはどんな人ですか", "誰が使えるの？",
     "の対象は、市内に住民登録がある方です。", benefit | event},
    {"支払い方法", "の支払い方法を教えてください", "どうやって払うの？",
     "は、口座振替・コンビニ・スマートフォン決済で支払えます。", payment | facility},
    {"変更の届出", "の内容が変わったときの届出は", "変更したいときはどうする？",
     "の内容に変更があったときは、14日以内に届け出てください。", benefit | payment},
    {"再発行", "の書類をなくしたときの再発行の方法は", "なくしたらどうすればいい？",
     "の書類を紛失したときは、窓口で再発行の手続きができます。", certificate | payment},
    {"問い合わせ先", "について問い合わせ先を教えてください", "どこに聞けばいい？",
     "についてのお問い合わせは、担当の窓口で受け付けています。", any_kind},
    {"申込", "の申し込み方法と締め切りを教えてください", "申し込みはいつまで？",
     "の申し込みは、市のホームページの申込フォームまたは電話で受け付けています。",
     event | facility},
    {"日程", "の日程と会場を教えてください", "いつどこでやるの？",
     "の日程と会場は、市の広報誌とホームページでお知らせしています。", event | disaster},
    {"場所", "の場所はどこで確認できますか", "どこにあるの？",
     "の場所は、市のホームページと防災マップで確認できます。", disaster},
    {"事前の備え", "について事前に準備しておくことは何ですか", "何を準備しておけばいい？",
     "について、日ごろから家族で避難の方法を確認しておきましょう。", disaster},
});

// Districts: 42 × 9 names, shared by entries like the districts of a real city.
constexpr auto district_stems = std::to_array<std::string_view>({
    "桜",   "梅", "松",     "竹",     "青葉", "緑",   "若葉", "東",   "西", "南", "北",
    "中央", "旭", "日の出", "富士見", "八幡", "白山", "宮",   "新",   "本", "大", "小",
    "高",   "川", "池",     "石",     "森",   "杉",   "柳",   "栄",   "幸", "港", "浜",
    "泉",   "原", "岡",     "山",     "野",   "朝日", "明石", "千代", "錦",
});
constexpr auto district_endings =
    std::to_array<std::string_view>({"ヶ丘", "台", "町", "田", "沢", "野", "原", "川", "島"});
constexpr auto branch_kinds =
    std::to_array<std::string_view>({"出張所", "支所", "市民センター", "行政サービスコーナー"});

// Facility nicknames are written in katakana, like the ones cities give their halls and plazas.
constexpr auto katakana = std::to_array<std::string_view>({
    "ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ", "サ", "シ", "ス", "セ", "ソ",
    "タ", "チ", "ツ", "テ", "ト", "ナ", "ニ", "ヌ", "ネ", "ノ", "ハ", "ヒ", "フ", "ヘ", "ホ",
    "マ", "ミ", "ム", "メ", "モ", "ヤ", "ユ", "ヨ", "ラ", "リ", "ル", "レ", "ロ", "ワ", "ガ",
});

// Who is asking, in example questions.
constexpr auto situations = std::to_array<std::string_view>({
    "先月引っ越してきたのですが",
    "平日は仕事で役所に行けないのですが",
    "高齢の母の代わりに手続きしたいのですが",
    "初めてなのでよくわからないのですが",
    "子どもが生まれたばかりなのですが",
    "外国籍の夫のことで聞きたいのですが",
});

// Prepended to titles that would otherwise be shorter than city pages' titles.
constexpr auto title_qualifiers = std::to_array<std::string_view>({
    "引っ越しをしたときの",
    "はじめての方向けの",
    "高齢の家族の",
    "外国籍の方の",
    "平日に来庁できない方の",
    "市外に住んでいる方の",
});

constexpr auto fees = std::to_array<std::string_view>({"200", "300", "350", "450", "750", "1,000"});
constexpr auto weekdays = std::to_array<std::string_view>({"月", "火", "水", "木", "金"});

constexpr std::size_t title_min = 20, title_max = 40;
constexpr std::size_t answer_min = 100, answer_max = 300;
constexpr std::uint32_t seed = 20240501;

// std::mt19937's sequence is fixed by the standard but the std distributions are not: drawing
// through these keeps the knowledge base the same with every standard library.
class draws {
 public:
  explicit draws(std::uint32_t initial) : engine_(initial) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }
  int between(int low, int high) {
    return low + static_cast<int>(below(static_cast<std::size_t>(high - low + 1)));
  }
  bool percent(std::size_t chance) { return below(100) < chance; }
  template <typename T, std::size_t n>
  const T& pick(const std::array<T, n>& pool) {
    return pool[below(n)];
  }

 private:
  std::mt19937 engine_;
};

std::size_t characters(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;  // not a continuation byte
  }));
}

std::string digits(int value, int width) {
  std::string text = std::to_string(value);
  if (static_cast<int>(text.size()) < width) {
    text.insert(0, static_cast<std::size_t>(width) - text.size(), '0');
  }
  return text;
}

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (std::string_view part : parts) {
    text += part;
  }
  return text;
}

// A four-katakana nickname of its own for entry `number` (below 45^4 ≈ 4.1 million): multiplying
// by a prime coprime with 45 permutes the codes, so neighbouring entries do not look alike.
std::string nickname(std::size_t number) {
  constexpr std::size_t syllables = katakana.size();
  constexpr std::size_t names = syllables * syllables * syllables * syllables;
  std::size_t code = (number * 7919 + 104729) % names;
  std::string name;
  for (int i = 0; i < 4; ++i) {
    name += katakana[code % syllables];
    code /= syllables;
  }
  return name;
}

// The places one entry mentions.
struct places {
  std::string district;  // 桜ヶ丘
  std::string branch;    // 桜ヶ丘出張所
  std::string facility;  // 桜ヶ丘地区交流センター「ミナセリ」, or empty
};

places places_for(std::size_t number, draws& d) {
  places p;
  p.district = concat({d.pick(district_stems), d.pick(district_endings)});
  p.branch = p.district + std::string(d.pick(branch_kinds));
  if (d.percent(40)) {
    p.facility = concat({p.district, "地区交流センター「", nickname(number), "」"});
  }
  return p;
}

std::string title_for(const topic& t, const aspect& a, const places& p, draws& d) {
  const std::string plain = concat({t.name, a.title});
  std::string title = plain;
  // Shorter titles get who or where they are for, as city pages write them.
  if (characters(title) < title_min || d.percent(25)) {
    const std::string qualifier =
        d.percent(30) ? p.district + "にお住まいの方の" : std::string(d.pick(title_qualifiers));
    title = qualifier + plain;
  }
  return characters(title) <= title_max ? title : plain;
}

std::vector<std::string> questions_for(const topic& t, const aspect& a, const places& p, draws& d) {
  std::vector<std::string> questions;
  const std::size_t count = d.below(4);
  for (std::size_t i = 0; i < count; ++i) {
    switch (d.below(4)) {
      case 0: questions.push_back(concat({t.name, " ", a.keyword})); break;
      case 1: questions.push_back(concat({t.name, "って", a.casual})); break;
      case 2:
        questions.push_back(
            concat({d.pick(situations), "、", t.name, "の", a.keyword, "について教えてください"}));
        break;
      default:
        questions.push_back(concat({p.district, "に住んでいます。", t.name, a.title, "？"}));
        break;
    }
  }
  return questions;
}

std::string answer_for(std::size_t topic_number, const aspect& a, const places& p, draws& d) {
  const topic& t = topics[topic_number];
  const std::size_t target = answer_min + d.below(answer_max - answer_min + 1);
  std::vector<std::string> details = {
      concat({t.office, "の窓口は本庁舎", std::to_string(d.between(1, 5)), "階",
              std::to_string(d.between(1, 30)), "番です。"}),
      "受付時間は平日の午前8時45分から午後5時30分までです（祝日・年末年始を除く）。",
      concat({"毎月第", std::to_string(d.between(1, 4)), "土曜日は午前9時から正午まで", p.branch,
              "でも受け付けています。"}),
      concat({t.related[0], "や", t.related[1], "についても、あわせてご確認ください。"}),
      "本人確認書類（マイナンバーカード、運転免許証など）をお持ちください。",
      "代理人の方が手続きする場合は、委任状が必要です。",
      "マイナポータルや市のホームページから、オンラインで申請することもできます。",
      "郵送の場合は、申請書に切手を貼った返信用封筒を同封してください。",
      concat({"手数料は1件", d.pick(fees), "円です。"}),
      concat({"令和", std::to_string(d.between(5, 7)), "年", std::to_string(d.between(1, 12)), "月",
              std::to_string(d.between(1, 28)), "日から、受付の方法が一部変わりました。"}),
      concat({std::to_string(d.between(1, 12)),
              "月は窓口が混み合いますので、時間に余裕をもってお越しください。"}),
      concat({t.related[2], "が必要な場合は、事前に", t.office, "へご相談ください。"}),
      concat({"申請書は", t.office, "の窓口のほか、", p.branch, "にも置いています。"}),
  };
  if (!p.facility.empty()) {
    details.push_back(
        concat({p.facility, "では、毎週", d.pick(weekdays), "曜日に出張相談を行っています。"}));
  }
  for (std::size_t i = details.size() - 1; i > 0; --i) {
    std::swap(details[i], details[d.below(i + 1)]);
  }

  // One telephone number per section, as on real pages; the extension varies.
  const std::string closing =
      concat({"詳しくは", t.office, "（電話 06-6", digits(static_cast<int>(topic_number), 3), "-",
              digits(d.between(1000, 9999), 4), "）までお問い合わせください。"});
  std::string answer = concat({t.name, a.answer});
  for (const std::string& detail : details) {
    const std::size_t length = characters(answer) + characters(closing);
    if (length >= target) {
      break;
    }
    if (length + characters(detail) <= answer_max) {
      answer += detail;
    }
  }
  return answer + closing;
}

std::vector<std::string> keywords_for(const topic& t, const aspect& a, const places& p, draws& d) {
  std::vector<std::string> keywords = {std::string(t.name), std::string(a.keyword)};
  const std::size_t related = d.below(3);
  for (std::size_t i = 0; i < related; ++i) {
    keywords.emplace_back(t.related[i]);
  }
  if (d.percent(30)) {
    keywords.push_back(p.district);
  }
  return keywords;
}

knowledge::entry entry_for(std::size_t number, draws& d) {
  const std::size_t topic_number = d.below(topics.size());
  const topic& t = topics[topic_number];
  const aspect* a = &d.pick(aspects);
  while ((a->kinds & t.kinds) == 0) {
    a = &d.pick(aspects);
  }
  const places p = places_for(number, d);

  knowledge::entry e;
  e.tenant = synthetic_tenant;
  e.id = "bench-" + digits(static_cast<int>(number), 6);
  e.title = title_for(t, *a, p, d);
  e.questions = questions_for(t, *a, p, d);
  e.answer = answer_for(topic_number, *a, p, d);
  e.keywords = keywords_for(t, *a, p, d);
  if (d.percent(50)) {
    e.links.push_back({"申請書・詳しい案内", "https://www.bench-city.example.jp/kurashi/" + e.id});
  }
  e.source = "bench/synthetic_kb.cpp";
  return e;
}

}  // namespace

std::vector<knowledge::entry> synthetic_entries(std::size_t count) {
  draws d(seed);
  std::vector<knowledge::entry> entries;
  entries.reserve(count);
  for (std::size_t number = 0; number < count; ++number) {
    entries.push_back(entry_for(number, d));
  }
  return entries;
}

}  // namespace madoguchi::bench
