// The default dictionaries (build/share/dyad/dict) through dyad's real
// reader and coder: the whole set loads without warnings, and dated roles,
// demonyms, metonyms, agents and negation code as a careful human would.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "dyad/coder.h"
#include "dyad/output.h"
#include "dyad/pipeline.h"
#include "default_coder.h"
#include "test_env.h"

namespace dyad {
namespace {

std::string DictDir() { return test::BinaryDir() + "/share/dyad/dict"; }

class DefaultDictsTest : public test::DefaultCoderTest {};

using V = std::vector<std::string>;

TEST(DefaultDictsLoad, WholeSetLoadsWithoutWarnings) {
  std::error_code ec;
  if (!std::filesystem::exists(DictDir() + "/dyad.verbs.txt", ec)) GTEST_SKIP() << DictDir() << " not generated";
  std::vector<DictWarning> warnings;
  auto set = LoadDictArgument(DictDir(), &warnings);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  for (const auto& w : warnings) ADD_FAILURE() << w.message;
  const DictStats st = CountEntries(**set);
  EXPECT_GE(st.actor_entries, 2500u);
  EXPECT_GE(st.verbs, 1000u);
  EXPECT_GE(st.agents, 400u);
  EXPECT_GE((*set)->files.size(), 10u);
}

TEST_F(DefaultDictsTest, DatedRolesFollowTheStoryDate) {
  // Iyad Allawi: prime minister 2004-06-28..2005-05-02, then opposition.
  EXPECT_EQ(Code("Iyad Allawi criticized Iran on Monday.", "2004-12-01"), V{"IRQGOV>IRN 111"});
  EXPECT_EQ(Code("Iyad Allawi criticized Iran on Monday.", "2006-12-01"), V{"IRQOPP>IRN 111"});
}

TEST_F(DefaultDictsTest, Demonyms) {
  EXPECT_EQ(Code("Iranian officials visited Iraq."), V{"IRNGOV>IRQ 042"});
  EXPECT_EQ(Code("Syrian troops attacked Lebanese villages."), V{"SYRMIL>LBN 190"});
}

TEST_F(DefaultDictsTest, CapitalsAsMetonyms) {
  // Washington is the US government.
  EXPECT_EQ(Code("Tehran condemned Washington on Monday."), V{"IRN>USAGOV 111"});
  EXPECT_EQ(Code("Moscow and Beijing signed a trade agreement."), (V{"RUS>CHN 057", "CHN>RUS 057"}));
}

TEST_F(DefaultDictsTest, AgentsAttachToTheirCountry) {
  EXPECT_EQ(Code("The Iraqi defence minister visited Iran."), V{"IRQGOV>IRN 042"});
  EXPECT_EQ(Code("The President of France met the German chancellor."), V{"FRAGOV>DEUGOV 040"});
  EXPECT_EQ(Code("Iraqi police arrested Iranian smugglers."), V{"IRQCOP>IRNCRM 173"});
}

TEST_F(DefaultDictsTest, Negation) {
  EXPECT_EQ(Code("Iran did not attack Iraq."), V{});
  EXPECT_EQ(Code("Iran never visited Iraq."), V{"IRN>IRQ 125"});
  EXPECT_EQ(Code("Syria did not withdraw from Lebanon."), V{"SYR>LBN 1246"});
}

TEST_F(DefaultDictsTest, NounUsesAreNotEvents) {
  // "in order to", "put X into power", "tried to", "partner", "voice", "headed by".
  EXPECT_EQ(Code("Iran worked hard in order to influence Iraq."), V{});
  EXPECT_EQ(Code("The election put Ahmadinejad into power in Iran."), V{});
  EXPECT_EQ(Code("Jaafari tried to spread the revolution to Iraq."), V{});
  EXPECT_EQ(Code("Iraq's biggest military partner is the United States."), V{});
  EXPECT_EQ(Code("The committee headed by a Shiite gave Iraq a political voice."), V{});
}

TEST_F(DefaultDictsTest, VerbsNeedTheirObjects) {
  // Holding someone hostage is an abduction (181), not an arrest.
  EXPECT_EQ(Code("A Taliban splinter group holding three U.N. workers hostage demanded a response.", "2004-09-20"),
            V{"AFGREBTAL>IGOUNOLAB 181"});
  // Sending is aid only with an aid object; releasing footage frees nobody.
  EXPECT_EQ(Code("Britain sent humanitarian aid to Sudan."), V{"GBR>SDN 073"});
  EXPECT_EQ(Code("The plan sent Israeli officials scrambling for a response."), V{});
  EXPECT_EQ(Code("Indonesian police released video footage of the blast at the Australian embassy."), V{});
  EXPECT_EQ(Code("Iraqi militants released two Italian hostages."), V{"IRQREB>ITA 0841"});
  // Defending itself against accusations is verbal (052), not a fight.
  EXPECT_EQ(Code("France defended itself against accusations by Ivory Coast."), V{"FRA>CIV 052"});
  // "raises concerns about ... security forces" is no mobilisation; "weapons"
  // far from the verb is no arms deal.
  for (const auto& e : Code("The arrest of an Iraqi commander raises concerns about the new security forces."))
    EXPECT_NE(e.substr(e.find(' ') + 1, 2), "15") << e;
  for (const auto& e : Code("Iran agreed to suspend its enrichment programme, which Israel says aims at developing "
                            "nuclear weapons."))
    EXPECT_EQ(e.find("033"), std::string::npos) << e;
}

TEST_F(DefaultDictsTest, NoVisitsThreatsOrAttacksWithoutTheirActors) {
  // Troops that arrive are deployed, not visiting; economists threaten nobody;
  // an attack after a preposition has no doer in the sentence.
  EXPECT_EQ(Code("French forces arrived to restore order in Ivory Coast."), V{});
  EXPECT_EQ(Code("Economists have warned India that growth will slow."), V{});
  EXPECT_EQ(Code("Six Iraqi soldiers were wounded in two bomb attacks in Mosul."), V{});
  // Those null patterns touch the verb: a wide one would swallow the other
  // verbs of the sentence (a verb inside another verb's pattern is not coded).
  EXPECT_EQ(Code("French troops attacked rebels in Ivory Coast before they arrived in Abidjan."),
            V{"FRAMIL>CIVREB 190"});
  EXPECT_EQ(Code("Pakistani security forces have arrested a militant wanted by Pakistan."), V{"PAKCOP>PAKREB 173"});
}

TEST_F(DefaultDictsTest, IranAsksBaghdadToKeepOutAUsBase) {
  // "as to ASK": an infinitive after AS is no clause with a subject of its own.
  EXPECT_EQ(Code("The Iranian defense minister went so far as to ask Baghdad to prevent the U.S. from establishing "
                 "a long-term base on its soil."),
            V{"IRNGOV>IRQ 020"});
}

TEST_F(DefaultDictsTest, IraqIranArticleKeepsItsEvents) {
  // Issue 3's quality bar on ../shared/examples: the events a careful coder
  // finds there (the visit, the appeal for help, the training, the aid
  // pledge, the apology to the host of the visit, the blame on Saddam,
  // Jaafari's news conference with Iran's foreign minister, the request to
  // keep out a US base) must all stay; the one spurious event is listed in
  // docs/quality/news-sample.md.
  DYAD_REQUIRE_SHARED(path, "examples/iraq-iran-military-cooperation.txt");
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::vector<std::string> got = Code(text, "2005-07-15");
  for (const char* want : {"IRQGOV>IRN 023", "IRQGOV>IRN 042", "IRN>IRQMIL 072", "IRN>IRQGOV 033", "IRQGOV>IRN 055",
                           "IRQGOV>IRQELI 112", "IRQGOV>IRNGOV 040", "IRNGOV>IRQ 020"})
    EXPECT_NE(std::find(got.begin(), got.end(), want), got.end()) << want << " missing";
  EXPECT_LE(got.size(), 9u) << "more spurious events than before";
}

TEST_F(DefaultDictsTest, NewsRulesCodeOnlyWhatHappened) {
  // The news rules of data/dict/src/dyad.options (docs/coding-rules.md), one
  // sentence each: the events a careful coder codes, and nothing else.
  const std::vector<std::pair<const char*, std::vector<std::string>>> cases = {
      // the speaker is not the doer of what is reported
      {"An Iraqi police officer said gunmen abducted a French engineer.", {}},
      // a pronoun after "said" is its speaker (here no actor)
      {"Militants holding two Italian aid workers said they met Iraqi officials.", {}},
      // a place in a phrase of place is not the doer
      {"In Baghdad, gunmen killed a British contractor.", {}},
      // the content of a report is a claim, the rejection is the event
      {"Iran rejected a report that its troops attacked Iraqi border posts.", {"IRN>IRQ 120"}},
      // a plot is no attempt
      {"Colombian rebels plotted to kill the Venezuelan president.", {}},
      // bombings by armed groups are CAMEO 183, not air strikes
      {"Chechen rebels bombed a Moscow market.", {"RUSSEP>RUS 183"}},
      // a headline "X to V" is a plan: intent to meet (036)
      {"Blair to Visit Sudan", {"GBRGOV>SDN 036"}},
      // a region where something is set up is no party
      {"EU ministers agree to set up asylum centres in Africa.", {}},
      // the kidnappers of an American are not American
      {"The kidnappers of an American journalist threatened to kill him.", {}},
      // a noun event takes its doer next to it, not the clause's subject
      {"Pakistani police arrested a man linked to last year's embassy bombing in Jakarta.", {}},
      // an official killed by gunmen is assassinated (186)
      {"Gunmen killed the governor of Basra.", {"IRQREB>IRQGOV 186"}},
      // "according to" names a source of the report, not a target
      {"Sudan is preparing to halt its offensive, according to the Associated Press of Pakistan.", {}},
      // a long sentence without capitals is not coded (names cannot be told
      // from words); a short uncased headline codes through patterns only
      {"the defence minister of iraq said on monday that he had visited iran to ask the government there for help.", {}},
      {"Iraq's defence minister visited Iran on Monday.", {"IRQGOV>IRN 042"}},
      // during a visit the visitor's apology is addressed to the host
      {"Japanese Foreign Minister Nobutaka Machimura arrived in Seoul on Monday for a two-day visit. "
       "He apologized for the wartime abuses.",
       {"JPNGOV>KOR 042", "JPNGOV>KOR 055"}},
  };
  for (const auto& [text, want] : cases) EXPECT_EQ(Code(text, "2004-09-01"), want) << text;
}

}  // namespace
}  // namespace dyad
