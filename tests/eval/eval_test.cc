// The scorer on a tiny hand-made gold file and a tiny dictionary written
// here, so every scoring rule (docs/quality/eval.md) is pinned by data this
// test owns.
#include <gtest/gtest.h>

#include <string>

#include "dyad/eval.h"
#include "test_coder.h"

namespace dyad {
namespace {

constexpr const char* kActors = R"(
IRAQ_ [IRQ]
+IRAQI_
IRAN_ [IRN]
+IRANIAN_
JAPAN_ [JPN]
UNITED_NATIONS_ [IGOUNO]
SYRIA_ [SYR]
)";
constexpr const char* kAgents = "MINISTER [~GOV]\n";
constexpr const char* kVerbs = R"(
--- VISIT [042] ---
VISIT
--- URGE [020] ---
URGE
--- DEMAND [100] ---
DEMAND
--- CONDEMN [111] ---
CONDEMN
--- MEET [040] ---
MEET {MET}
- % * [040]
--- SAY [010] ---
SAY {SAID SAYS SAYING}
)";

// Seven sentences: hits by direction, an alias (JAP), an IGO, a compound
// (SRC/TAR), an appeal counted as DEMAND, a wrong event and a miss.
constexpr const char* kGold = R"({"id":"g1","date":"2005-07-15","source":[{"actorText":"Iraqi minister","code":"IRQ","sector":"GOV"}],"target":[{"actorText":"Iran","code":"IRN"}],"event":"CONSULT","text":"The Iraqi minister visited Iran.","textInfo":{"markup":"The (SRC: Iraqi minister) (EVT: visited) (TAR: Iran)."}}
{"id":"g2","date":"2005-07-15","source":[{"actorText":"Iran","code":"IRN"}],"target":[{"actorText":"Iraq","code":"IRQ"}],"event":"CONSULT","text":"Iraq visited Iran.","textInfo":{"markup":"x"}}
{"id":"g3","date":"2005-07-15","source":[{"actorText":"United Nations","code":"IGO"}],"target":[{"actorText":"Japan","code":"JAP"}],"event":"DEMAND","text":"The United Nations urged Japan to act.","textInfo":{"markup":"x"}}
{"id":"g4","date":"2005-07-15","source":[{"actorText":"Iran","code":"IRN"},{"actorText":"Syria","code":"SYR"}],"target":"","event":"CONSULT","text":"Iran and Syria met on Monday.","textInfo":{"markup":"(SRC/TAR: Iran) and (SRC/TAR: Syria) (EVT: met) on Monday."}}
{"id":"g5","date":"2005-07-15","source":[{"actorText":"Syria","code":"SYR"}],"target":[{"actorText":"Iraq","code":"IRQ"}],"event":"DISAPPROVE","text":"Syria demanded that Iraq stop.","textInfo":{"markup":"x"}}

{"id":"g6","date":"2005-07-15","source":[{"actorText":"Syria","code":"SYR"}],"target":[{"actorText":"Iraq","code":"IRQ"}],"event":"ASSAULT","text":"The weather in Syria was fine.","textInfo":{"markup":"x"}}
{"id":"g7","date":"2005-07-15","target":[{"actorText":"Iraq","code":"IRQ"}],"event":"DISAPPROVE","text":"Syria condemned Iraq.","textInfo":{"markup":"x"}}
)";

class EvalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    coder_ = test::MakeTestCoder("dyad_eval_test", {kActors, kAgents, kVerbs, "", ""});
    ASSERT_NE(coder_, nullptr);
  }
  static void TearDownTestSuite() {
    delete coder_;
    coder_ = nullptr;
  }
  static inline Coder* coder_ = nullptr;
};

TEST(EvalParse, ReadsActorsMarkupAndEventNames) {
  auto gold = ParseGold(kGold, "gold.jsonl");
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  ASSERT_EQ(gold->size(), 7u);
  EXPECT_EQ((*gold)[0].sources.at(0).sector, "GOV");
  EXPECT_EQ((*gold)[2].event, "DEMAND");
  EXPECT_EQ((*gold)[2].event2021, "REQUEST");
  EXPECT_TRUE((*gold)[3].both_sides);
  EXPECT_TRUE((*gold)[3].targets.empty());  // "" target
  EXPECT_TRUE((*gold)[6].sources.empty());
  EXPECT_EQ((*gold)[5].line, 7u);           // blank line counted
}

TEST(EvalParse, BadLinesNameFileAndLine) {
  auto bad = ParseGold("{\"text\":\"x\",\"event\":\"AGREE\",\"source\":[{\"code\":\"USA\"}]}\n{oops\n", "g.jsonl");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("g.jsonl:2"), std::string::npos) << bad.status().message();
  auto noactor = ParseGold("{\"text\":\"x\",\"event\":\"AGREE\",\"target\":\"\"}\n", "g.jsonl");
  ASSERT_FALSE(noactor.ok());
  EXPECT_FALSE(ReadGoldFile("/nonexistent/gold.jsonl").ok());
}

TEST(EvalMapping, PloverNamesAndActorKeys) {
  EXPECT_EQ(Plover05To2021("FIGHT"), "ASSAULT");
  EXPECT_EQ(Plover05To2021("INVESTIGATE"), "ACCUSE");
  EXPECT_EQ(Plover05To2021("AGREE"), "AGREE");
  auto has = [](const std::string& code, const std::string& ev) {
    auto v = PloverEventsOfCameo(code);
    return std::find(v.begin(), v.end(), ev) != v.end();
  };
  EXPECT_TRUE(has("042", "CONSULT"));
  EXPECT_TRUE(has("0231", "REQUEST"));   // appeals count as requests
  EXPECT_TRUE(has("1041", "REQUEST"));
  EXPECT_TRUE(has("1712", "COERCE"));
  EXPECT_TRUE(has("193", "ASSAULT"));
  EXPECT_FALSE(has("010", "AGREE"));
  EXPECT_TRUE(PloverEventsOfCameo("010").empty());
  EXPECT_EQ(ActorKey("IRQGOV"), "IRQ");
  EXPECT_EQ(ActorKey("JAP"), "JPN");
  EXPECT_EQ(ActorKey("YUGGOV"), "SRB");
  EXPECT_EQ(ActorKey("IGOUNO"), "IGO");
  EXPECT_EQ(ActorKey("---"), "");
}

TEST(EvalMapping, ActorRules) {
  auto gold = ParseGold(kGold, "gold.jsonl");
  ASSERT_TRUE(gold.ok());
  const auto& g = *gold;
  EXPECT_TRUE(ActorsMatch(g[0], "IRQGOV", "IRN"));
  EXPECT_FALSE(ActorsMatch(g[0], "IRN", "IRQGOV"));   // direction counts
  EXPECT_TRUE(ActorsMatch(g[3], "SYR", "IRN"));       // both sides: either direction
  EXPECT_TRUE(ActorsMatch(g[3], "IRN", "SYR"));
  EXPECT_FALSE(ActorsMatch(g[3], "IRN", "IRN"));
  EXPECT_FALSE(ActorsMatch(g[3], "IRN", "USA"));
  EXPECT_TRUE(ActorsMatch(g[6], "SYR", "IRQ"));       // no gold source: any source
  EXPECT_FALSE(ActorsMatch(g[6], "SYR", "IRN"));
}

TEST_F(EvalTest, ScoresTheTinyGoldFile) {
  auto gold = ParseGold(kGold, "gold.jsonl");
  ASSERT_TRUE(gold.ok());
  const EvalReport rep = Evaluate(*coder_, *gold);
  ASSERT_EQ(rep.results.size(), 7u);
  std::vector<std::string> outcomes;
  for (const auto& r : rep.results) outcomes.push_back(r.outcome);
  EXPECT_EQ(outcomes, (std::vector<std::string>{"hit", "actors wrong", "hit", "hit", "event wrong", "no event",
                                                "hit"}))
      << FormatEvalReport(rep, *gold, true);
  EXPECT_EQ(rep.sentences, 7u);
  EXPECT_EQ(rep.hits, 4u);
  // g1 1 event, g2 1, g3 1, g4 2 (IRN>SYR, SYR>IRN), g5 1, g7 1: 7 events, 5 matched.
  EXPECT_EQ(rep.events, 7u);
  EXPECT_EQ(rep.matched_events, 5u);
  EXPECT_EQ(rep.confusion.at("ACCUSE").at("REQUEST"), 1u);
  EXPECT_EQ(rep.confusion.at("ASSAULT").at("(none)"), 1u);
  const std::string text = FormatEvalReport(rep, *gold, true);
  EXPECT_NE(text.find("4/7"), std::string::npos) << text;
  EXPECT_NE(text.find("g6 [no event]"), std::string::npos) << text;
  EXPECT_EQ(text.find("g1 ["), std::string::npos) << "hits are not listed as misses";
}

}  // namespace
}  // namespace dyad
