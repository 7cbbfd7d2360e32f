// Synthetic but realistic events for benchmarks (not for analysis!).
//
// Shape: ~120 parties with Zipf-like activity; each source talks mostly to a
// few regular partners; every directed dyad has a persistent tone (share of
// cooperative codes) and about one dyad in ten changes tone part-way; a
// third of the stories repeat an event reported by an earlier story
// (several mentions of one event, as in GDELT); stories carry 1-8 events.
#include <array>
#include <cmath>
#include <random>

#include "dyad/store.h"

namespace dyad {
namespace {

struct SynCode {
  const char* code;
  double goldstein;  // approximate Goldstein-style weight, synthetic data only
};
constexpr std::array<SynCode, 24> kCoop = {{
    {"010", 0.0}, {"012", -0.1}, {"020", 3.0}, {"036", 4.0}, {"040", 1.0}, {"042", 1.9}, {"043", 2.8},
    {"046", 7.0}, {"051", 3.4}, {"057", 8.0}, {"061", 6.4}, {"071", 7.4}, {"073", 7.4}, {"081", 5.0},
    {"030", 4.0}, {"031", 5.2}, {"050", 3.5}, {"064", 6.0}, {"070", 7.0}, {"084", 7.0}, {"090", -2.0},
    {"013", 0.4}, {"017", 0.0}, {"018", 3.4}}};
constexpr std::array<SynCode, 16> kConflict = {{
    {"110", -2.0}, {"111", -2.0}, {"112", -2.0}, {"120", -4.0}, {"125", -5.0}, {"130", -4.4},
    {"138", -7.0}, {"141", -6.5}, {"160", -4.0}, {"163", -8.0}, {"172", -5.0}, {"173", -5.0},
    {"180", -9.0}, {"190", -10.0}, {"193", -10.0}, {"195", -10.0}}};
constexpr std::array<const char*, 10> kSectors = {"", "GOV", "GOV", "MIL", "OPP", "BUS", "MED", "CVL", "JUD", "LEG"};

std::string PartyName(int i) {
  std::string s = "AAA";
  s[0] = static_cast<char>('A' + i / 676 % 26);
  s[1] = static_cast<char>('A' + i / 26 % 26);
  s[2] = static_cast<char>('A' + i % 26);
  return s;
}

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

}  // namespace

void GenerateSyntheticStories(uint64_t n_events, uint64_t seed, Date from, int days,
                              const std::function<void(StoryRecord&&)>& fn) {
  constexpr int kParties = 120;
  std::vector<std::string> parties;
  // Real-looking anchors first so `dyad trend IRQ IRN` works on the bench DB.
  for (const char* c : {"USA", "IRQ", "IRN", "RUS", "CHN", "GBR", "FRA", "ISR", "SYR", "TUR", "SAU", "DEU"})
    parties.emplace_back(c);
  for (int i = 0; static_cast<int>(parties.size()) < kParties; ++i) parties.push_back(PartyName(i * 7 + 3) + "");
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> weight(kParties);
  for (int i = 0; i < kParties; ++i) weight[i] = 1.0 / std::pow(i + 1.0, 0.9);
  std::discrete_distribution<int> pick(weight.begin(), weight.end());

  auto tone = [&](int s, int t, int day) {
    uint64_t h = Mix(seed ^ (static_cast<uint64_t>(s) << 20) ^ static_cast<uint64_t>(t) ^
                     (static_cast<uint64_t>(std::min(s, t)) << 40) ^ static_cast<uint64_t>(std::max(s, t)) << 48);
    double base = 0.35 + 0.6 * static_cast<double>(h % 1000) / 1000.0;  // P(cooperative code)
    if ((h >> 20) % 10 == 0 && day > static_cast<int>((h >> 30) % static_cast<uint64_t>(days))) base = 1.1 - base;
    return base;
  };

  uint64_t produced = 0, story_no = 0;
  EventRecord last;
  bool have_last = false;
  while (produced < n_events) {
    StoryRecord st;
    st.id = "syn-" + std::to_string(seed) + "-" + std::to_string(story_no++);
    // Activity grows over time, as news volume does.
    int day = static_cast<int>(days * std::sqrt(u(rng)));
    st.date = Date{from.days + std::min(day, days - 1)};
    st.source = "publisher" + std::to_string(static_cast<int>(u(rng) * 40));
    st.url = "https://news.example/" + st.id;
    int n = 1 + static_cast<int>(u(rng) * u(rng) * 8);
    for (int k = 0; k < n && produced < n_events; ++k, ++produced) {
      EventRecord e;
      if (k == 0 && have_last && u(rng) < 0.33) {
        e = last;  // another story reporting the same event
        e.date = st.date = last.date;
      } else {
        int s = pick(rng);
        int t = u(rng) < 0.15 ? s : (u(rng) < 0.6 ? (s + 1 + static_cast<int>(Mix(s) % 5)) % kParties : pick(rng));
        bool coop = u(rng) < tone(s, t, day);
        const SynCode& c = coop ? kCoop[static_cast<size_t>(u(rng) * kCoop.size())]
                                : kConflict[static_cast<size_t>(u(rng) * kConflict.size())];
        e.source = parties[s] + kSectors[static_cast<size_t>(u(rng) * kSectors.size())];
        e.target = parties[t] + kSectors[static_cast<size_t>(u(rng) * kSectors.size())];
        e.source_country = parties[s];
        e.target_country = parties[t];
        e.code = c.code;
        auto facts = LookupCameoCode(e.code);
        e.root = facts->root;
        e.quad_class = facts->quad_class;
        e.goldstein = facts->goldstein_known ? facts->goldstein : c.goldstein;
        e.date = st.date;
      }
      e.story_id = st.id;
      e.sentence = static_cast<uint32_t>(k);
      e.source_text = e.source.substr(0, 3) + " officials";
      e.target_text = e.target.substr(0, 3) + " counterparts";
      e.verb_text = "said";
      e.verb_start = 14;
      e.verb_end = 18;
      st.sentences.emplace_back(e.sentence, e.source_text + " said on " + st.date.ToIso() + " that they would act (" +
                                                e.code + ") toward " + e.target_text + " after talks.");
      last = e;
      have_last = true;
      st.events.push_back(std::move(e));
    }
    fn(std::move(st));
  }
}

}  // namespace dyad
