// Golden tests of the coder: a sentence in, a one-line canonical dump of each
// event out ("IRQGOV>IRN 042 \"visited\""). The dictionaries are small and
// written here, in PETRARCH-1 syntax, so every rule is pinned down by data
// this test owns.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dyad/coder.h"
#include "dyad/output.h"
#include "test_coder.h"

namespace dyad {
namespace {

constexpr const char* kActors = R"(
IRAQ_ [IRQ]
+IRAQI_
+BAGHDAD_
IRAN_ [IRN]
+IRANIAN_
+TEHRAN_
UNITED_STATES_ [USA]
+U.S.
+AMERICAN_
+WASHINGTON_
SYRIA_ [SYR]
JORDAN_ [JOR]
EGYPT_ [EGY]
ISRAEL_ [ISR]
+ISRAELI_
TURKEY_ [TUR]
IBRAHIM_AL-JAAFARI_
+JAAFARI_
	[IRQGOV 20050503-20060520]
	[IRQELI >20060521]
SADDAM_HUSSEIN_
+SADDAM_
	[IRQGOV 19790716-20030409]
	[IRQELI >20030410]
FOOTBALL_ASSOCIATION_ [---]
)";

constexpr const char* kAgents = R"(
MINISTER [~GOV]
DEFENCE_MINISTER [~GOV]
DEFENSE_MINISTER [~GOV]
FOREIGN_MINISTER [~GOV]
MINISTRY {MINISTRIES} [~GOV]
GOVERNMENT [~GOV]
PRESIDENT [~GOV]
TROOP [~MIL]
ARMY {} [~MIL]
POLICE {} [~COP]
REBEL [~REB]
STUDENT [~EDU]
)";

constexpr const char* kVerbs = R"(
&WEAPON
+TANKS
+ARTILLERY

--- VISIT [042] ---
VISIT
- $ * + [042]

--- TRAVEL [042] ---
TRAVEL {TRAVELLED TRAVELLING}
- * TO + [042]

--- MEET [031:031] ---
MEET {MET}
- % * [031:031]

--- ARRIVE [032:033] ---
ARRIVE

--- ACCUSE [112] ---
ACCUSE
CRITICIZE
CONDEMN

--- ATTACK [190] ---
ATTACK
BOMB
- * WITH &WEAPON [195]
- NO_* [---]

--- THREATEN [130] ---
THREATEN
- * TO ATTACK [138]

--- AGREE [081] ---
AGREE
- NOT * [---]

--- REFUSE [120] ---
REFUSE
- * TO MEET [125]

--- SAY [010] ---
SAY {SAID SAYS SAYING}

--- TRIP [---] ---
TRIP
- ON A * TO + [042]

--- ARREST [173] ---
ARREST

--- SHOOT [---] ---
SHOOT {SHOT}
- * DOWN [190]
)";

constexpr const char* kDiscards = R"(
WORLD CUP
+PREMIER LEAGUE
)";

using test::MakeTestCoder;

// The canonical dumps of `text` coded as the body of one story.
std::vector<std::string> Dumps(const Coder& coder, const std::string& text, const char* date,
                               const std::string& title) {
  Story s;
  s.id = "t";
  s.date = *Date::ParseIso(date);
  s.text = text;
  s.title = title;
  std::vector<std::string> out;
  for (const Event& e : coder.Code(s).events) out.push_back(CanonicalDump(e));
  return out;
}

class CoderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    coder_ = MakeTestCoder("dyad_coder_test", {kActors, kAgents, kVerbs, kDiscards, ""});
    ASSERT_NE(coder_, nullptr);
  }
  static void TearDownTestSuite() {
    delete coder_;
    coder_ = nullptr;
  }

  // Codes `text` as the body of a story dated `date` and returns the dumps.
  static std::vector<std::string> Code(const std::string& text, const char* date = "2005-07-15",
                                       const std::string& title = "") {
    return Dumps(*coder_, text, date, title);
  }

  static inline Coder* coder_ = nullptr;
};

using V = std::vector<std::string>;

TEST_F(CoderTest, SubjectVerbObject) {
  EXPECT_EQ(Code("Iraq accused Iran on Monday."), V({"IRQ>IRN 112 \"accused\""}));
}

TEST_F(CoderTest, PatternWithDesignatedActors) {
  EXPECT_EQ(Code("Iraq will visit Iran next week."), V({"IRQ>IRN 042 \"visit\""}));
  EXPECT_EQ(Code("The Iraqi president travelled to Tehran."), V({"IRQGOV>IRN 042 \"travelled to\""}));
}

TEST_F(CoderTest, AgentsAttachToAdjacentActor) {
  EXPECT_EQ(Code("Iraqi Defence Minister Saadoun al-Duleimi accused Iran."),
            V({"IRQGOV>IRN 112 \"accused\""}));
  EXPECT_EQ(Code("Iran's foreign minister condemned Israel."), V({"IRNGOV>ISR 112 \"condemned\""}));
}

TEST_F(CoderTest, AgentOfActor) {
  EXPECT_EQ(Code("The President of Iraq criticized the Syria government."),
            V({"IRQGOV>SYRGOV 112 \"criticized\""}));
  EXPECT_EQ(Code("Troops from Turkey attacked rebels in Syria."), V({"TURMIL>SYRREB 190 \"attacked\""}));
}

TEST_F(CoderTest, AgentOverCompound) {
  EXPECT_EQ(Code("The ministers of Iraq, Syria and Jordan condemned Israel."),
            V({"IRQGOV>ISR 112 \"condemned\"", "SYRGOV>ISR 112 \"condemned\"", "JORGOV>ISR 112 \"condemned\""}));
}

TEST_F(CoderTest, CompoundSourceAndTarget) {
  EXPECT_EQ(Code("Iraq and Iran condemned Israel and Egypt."),
            V({"IRQ>ISR 112 \"condemned\"", "IRQ>EGY 112 \"condemned\"", "IRN>ISR 112 \"condemned\"",
               "IRN>EGY 112 \"condemned\""}));
}

TEST_F(CoderTest, CompoundMeetsItselfWithPairedCode) {
  EXPECT_EQ(Code("Syria and Jordan met in Cairo."),
            V({"SYR>JOR 031 \"met\"", "JOR>SYR 031 \"met\""}));
}

TEST_F(CoderTest, PairedCodeReversesDirection) {
  EXPECT_EQ(Code("The Iraqi president arrived in Iran on Monday."),
            V({"IRQGOV>IRN 032 \"arrived\"", "IRN>IRQGOV 033 \"arrived\""}));
}

TEST_F(CoderTest, PassiveVoiceSwapsSourceAndTarget) {
  EXPECT_EQ(Code("Syria was attacked by Israel."), V({"ISR>SYR 190 \"attacked\""}));
  EXPECT_EQ(Code("Syria was strongly condemned yesterday by Turkey."), V({"TUR>SYR 112 \"condemned\""}));
}

TEST_F(CoderTest, SynsetInPattern) {
  EXPECT_EQ(Code("Israel attacked Syria with tanks."), V({"ISR>SYR 195 \"attacked Syria with tanks\""}));
}

TEST_F(CoderTest, NegatedVerbIsNotCoded) {
  EXPECT_TRUE(Code("Iraq did not accuse Iran.").empty());
  EXPECT_TRUE(Code("Iraq never visited Iran.").empty());
  EXPECT_TRUE(Code("Iraq didn't accuse Iran.").empty());
}

TEST_F(CoderTest, NegationPatternWins) {
  // "- NOT * [---]": a refusal is not an agreement, and nothing is coded.
  EXPECT_TRUE(Code("Iraq did not agree with Iran.").empty());
  // REFUSE TO MEET has its own code.
  EXPECT_EQ(Code("Iraq refused to meet Iran."), V({"IRQ>IRN 125 \"refused to meet\""}));
}

TEST_F(CoderTest, VerbInsideAnotherVerbsPatternIsNotCodedTwice) {
  EXPECT_EQ(Code("Iraq threatened to attack Iran."), V({"IRQ>IRN 138 \"threatened to attack\""}));
}

TEST_F(CoderTest, NullCodedVerbNeedsItsPattern) {
  EXPECT_TRUE(Code("Iraq shot Iran.").empty());
  EXPECT_EQ(Code("Iraq shot down an Iranian plane."), V({"IRQ>IRN 190 \"shot down\""}));
}

TEST_F(CoderTest, DatedActorCodes) {
  EXPECT_EQ(Code("Jaafari accused Iran.", "2005-07-15"), V({"IRQGOV>IRN 112 \"accused\""}));
  EXPECT_EQ(Code("Jaafari accused Iran.", "2007-01-01"), V({"IRQELI>IRN 112 \"accused\""}));
  // Before 2005-05-03 the entry has no code: no actor, no event.
  EXPECT_TRUE(Code("Jaafari accused Iran.", "2004-01-01").empty());
  EXPECT_EQ(Code("Saddam Hussein accused Iran.", "1990-01-01"), V({"IRQGOV>IRN 112 \"accused\""}));
  EXPECT_EQ(Code("Saddam Hussein accused Iran.", "2004-01-01"), V({"IRQELI>IRN 112 \"accused\""}));
}

TEST_F(CoderTest, FormerMakesAnElite) {
  EXPECT_EQ(Code("A former Iraqi minister accused Iran."), V({"IRQELI>IRN 112 \"accused\""}));
}

TEST_F(CoderTest, PronounsReferToEarlierActors) {
  EXPECT_EQ(Code("Turkey said on Monday that it would attack Syria."), V({"TUR>SYR 190 \"attack\""}));
  // Across sentences: "He" opens the second sentence.
  EXPECT_EQ(Code("Jaafari spoke in Baghdad. He condemned Israel.", "2005-07-15"),
            V({"IRQGOV>ISR 112 \"condemned\""}));
}

TEST_F(CoderTest, QuotedFirstPersonIsTheSpeaker) {
  EXPECT_EQ(Code("\"We condemn Israel,\" an Iraqi minister said."), V({"IRQGOV>ISR 112 \"condemn\""}));
}

TEST_F(CoderTest, QuotedPossessiveWithAgentIsTheSpeakersCountry) {
  EXPECT_EQ(Code("\"Our troops will attack Syria,\" an Iraqi minister said."), V({"IRQMIL>SYR 190 \"attack\""}));
  // A possessive alone is not an actor: "our" does not become the target.
  EXPECT_EQ(Code("\"We condemn our neighbour Iran,\" an Iraqi minister said."), V({"IRQGOV>IRN 112 \"condemn\""}));
}

TEST_F(CoderTest, LeadingClauseTakesTheMainSubject) {
  EXPECT_EQ(Code("While accusing Israel, the Iraqi minister spoke in Baghdad."), V({"IRQGOV>ISR 112 \"accusing\""}));
}

TEST_F(CoderTest, VerbUsedAsNounCodesOnlyThroughItsPattern) {
  EXPECT_EQ(Code("The Iraqi minister was on a trip to Iran."), V({"IRQGOV>IRN 042 \"on a trip to\""}));
  EXPECT_TRUE(Code("The trip by Iran was useful to Iraq.").empty());
}

TEST_F(CoderTest, DefiniteAgentRefersBackToTheLastCountry) {
  EXPECT_EQ(Code("Iran hosted talks on Monday. The ministry condemned Israel."),
            V({"IRNGOV>ISR 112 \"condemned\""}));
}

TEST_F(CoderTest, CommaClauseIsDeleted) {
  // The aside between commas would otherwise supply the target.
  EXPECT_EQ(Code("Iraq, in a statement from Syria on Monday, condemned Israel."),
            V({"IRQ>ISR 112 \"condemned\""}));
}

TEST_F(CoderTest, ClausesKeepTheSubject) {
  EXPECT_EQ(Code("Iraq condemned Israel and attacked Syria."),
            V({"IRQ>ISR 112 \"condemned\"", "IRQ>SYR 190 \"attacked\""}));
}

TEST_F(CoderTest, StatementsGiveWayToTheReportedEvent) {
  EXPECT_EQ(Code("Iraq said Israel attacked Syria."), V({"ISR>SYR 190 \"attacked\""}));
  EXPECT_EQ(Code("Iraq said Syria was wrong."), V({"IRQ>SYR 010 \"said\""}));
}

TEST_F(CoderTest, DeterminerMakesAVerbANoun) {
  // "the attack" is a noun; "condemned" is the event.
  EXPECT_EQ(Code("Iraq condemned the attack by Israel."), V({"IRQ>ISR 112 \"condemned\""}));
}

TEST_F(CoderTest, NullCodedActorIsNotAnActor) {
  EXPECT_EQ(Code("The Football Association criticized Iran."), V({}));
}

TEST_F(CoderTest, DiscardsStopCoding) {
  EXPECT_TRUE(Code("Iraq beat Iran in the World Cup and attacked Syria.").empty());
  // A story-level discard anywhere drops every sentence.
  EXPECT_TRUE(Code("Iraq condemned Israel. Iraq plays in the Premier League.").empty());
}

TEST_F(CoderTest, AdjacentActorsOfTwoCountriesAreTwoMentions) {
  EXPECT_EQ(Code("Iraq said that Jaafari Iran had condemned Israel."), V({"IRN>ISR 112 \"condemned\""}));
}

TEST_F(CoderTest, NullPatternTouchingTheVerbWins) {
  // "- NO_* [---]" beats the longer "- * WITH &WEAPON [195]" whose words lie further away.
  for (const std::string& e : Code("Iraq said no attack with tanks on Syria was planned."))
    EXPECT_EQ(e.find(" 195 "), std::string::npos) << e;
  EXPECT_EQ(Code("Israel attacked Syria with tanks."), V({"ISR>SYR 195 \"attacked Syria with tanks\""}));
}

TEST_F(CoderTest, CapitalUsIsTheCountry) {
  EXPECT_EQ(Code("Iraq accused the US on Monday."), V({"IRQ>USA 112 \"accused\""}));
  EXPECT_TRUE(Code("They accused us on Monday.").empty());
}

TEST_F(CoderTest, AgentsWithoutActorBelongToTheSentencesOnlyCountry) {
  EXPECT_EQ(Code("Iraqi police arrested rebels."), V({"IRQCOP>IRQREB 173 \"arrested\""}));
  // Two countries: no guess.
  EXPECT_TRUE(Code("Iraqi police arrested rebels from Syria and students.").size() <= 1);
}

TEST_F(CoderTest, PossessiveAgentsAreTheSourcesOwn) {
  EXPECT_EQ(Code("Turkey said its troops attacked rebels from Syria."), V({"TURMIL>SYRREB 190 \"attacked\""}));
}

TEST_F(CoderTest, AgentlessPassiveOfForceHasNoSource) {
  EXPECT_TRUE(Code("An Iraqi soldier was attacked in Syria.").empty());
  EXPECT_TRUE(Code("An Iraqi soldier has been arrested in Syria.").empty());
  // Reduced passive: the Iraqi minister is the one accused.
  EXPECT_TRUE(Code("An Iraqi minister accused of attacks on Syria spoke on Monday.").empty());
  EXPECT_EQ(Code("An Iraqi minister accused Syria of attacks."), V({"IRQGOV>SYR 112 \"accused\""}));
}

TEST_F(CoderTest, DatelinesAreNotActors) {
  EXPECT_EQ(Code("TEHRAN (Reuters) - A senior official said Syria condemned Israel."),
            V({"SYR>ISR 112 \"condemned\""}));
  EXPECT_EQ(Code("BAGHDAD, Iraq -- Syria condemned Israel."), V({"SYR>ISR 112 \"condemned\""}));
  // A bare dateline in capitals before a capitalised word.
  EXPECT_EQ(Code("BAGHDAD Syria condemned Israel."), V({"SYR>ISR 112 \"condemned\""}));
  EXPECT_EQ(Code("AFP - Syria condemned Israel."), V({"SYR>ISR 112 \"condemned\""}));
  // An ordinary sentence with a dash is left alone.
  EXPECT_EQ(Code("Iraq - in a statement - condemned Israel."), V({"IRQ>ISR 112 \"condemned\""}));
}

TEST_F(CoderTest, TitleIsSentenceZero) {
  Story s;
  s.id = "t";
  s.date = *Date::ParseIso("2005-07-15");
  s.title = "Iraq Condemns Israel";
  s.text = "Iran accused Egypt.";
  const CodedStory cs = coder_->Code(s);
  ASSERT_EQ(cs.events.size(), 2u);
  EXPECT_EQ(cs.events[0].sentence, 0u);
  EXPECT_EQ(CanonicalDump(cs.events[0]), "IRQ>ISR 112 \"Condemns\"");
  EXPECT_EQ(cs.events[1].sentence, 1u);
}

TEST_F(CoderTest, OneEventPerDyadAndCodePerStory) {
  EXPECT_EQ(Code("Iraq accused Iran. Iraq accused Iran again."), V({"IRQ>IRN 112 \"accused\""}));
}

TEST_F(CoderTest, EvidenceSpansPointIntoTheSentence) {
  Story s;
  s.id = "t";
  s.date = *Date::ParseIso("2005-07-15");
  s.text = "Iran\xE2\x80\x99s foreign minister condemned Israel.";
  const CodedStory cs = coder_->Code(s);
  ASSERT_EQ(cs.events.size(), 1u);
  const Event& e = cs.events[0];
  auto piece = [&](TextSpan sp) { return e.sentence_text.substr(sp.begin, sp.end - sp.begin); };
  EXPECT_EQ(piece(e.source_span), "Iran\xE2\x80\x99s foreign minister");
  EXPECT_EQ(piece(e.target_span), "Israel");
  EXPECT_EQ(piece(e.verb_span), "condemned");
}

TEST_F(CoderTest, ArbitraryBytesNeverCrash) {
  std::string junk;
  uint32_t x = 12345;
  for (int round = 0; round < 300; ++round) {
    junk.clear();
    const int n = static_cast<int>(x % 400);
    for (int i = 0; i < n; ++i) {
      x = x * 1103515245u + 12345u;
      junk.push_back(static_cast<char>((x >> 16) & 0xff));
    }
    Story s;
    s.id = "junk";
    s.text = junk + " Iraq accused Iran , and ( \" U.S. -- ";
    (void)coder_->Code(s);
  }
  SUCCEED();
}

TEST_F(CoderTest, LongSentencesAreReportedNotCoded) {
  std::string text = "Iraq accused Iran";
  while (text.size() < 5000) text += " and Syria";
  text += ".";
  Story s;
  s.id = "long";
  s.text = text;
  const CodedStory cs = coder_->Code(s);
  EXPECT_TRUE(cs.events.empty());
  ASSERT_FALSE(cs.sentences.empty());
  EXPECT_NE(cs.sentences[0].note.find("longer than"), std::string::npos);
}

// A sentence whose actors hold fewer than two codes has no pair for an
// event, and its clauses are passed over (CoderImpl::MayCode); what coding
// them does beside events still happens, and DEFAULT codes still count.
TEST(CoderWithOneCountry, DiscardPatternStillMarksTheSentence) {
  std::unique_ptr<Coder> coder(MakeTestCoder(
      "dyad_no_actor_test", {"IRAQ [IRQ]\nIRAN [IRN]\n", "", "--- PLAY [---] ---\nPLAY {PLAYED}\n- * FOOTBALL [###]\n"
                                                         "\n--- ATTACK [190] ---\nATTACK\n", "", ""}));
  ASSERT_NE(coder, nullptr);
  Story s;
  s.id = "football";
  s.text = "The boys played football on Sunday. Iraq played football with Iraq. The boys attacked the goal. "
           "Iraq attacked the goal. Iraq attacked Iran.";
  const CodedStory cs = coder->Code(s);
  ASSERT_EQ(cs.sentences.size(), 5u);
  for (size_t i : {0u, 1u}) {
    EXPECT_TRUE(cs.sentences[i].discarded) << i;
    EXPECT_EQ(cs.sentences[i].note, "discard code [###]") << i;
  }
  for (size_t i : {2u, 3u}) {
    EXPECT_FALSE(cs.sentences[i].discarded) << i;
    EXPECT_TRUE(cs.sentences[i].events.empty()) << i;
  }
  ASSERT_EQ(cs.events.size(), 1u);
  EXPECT_EQ(CanonicalDump(cs.events[0]), "IRQ>IRN 190 \"attacked\"");
}

TEST(CoderWithOneCountry, DefaultCodesStillMakeTheEvent) {
  std::unique_ptr<Coder> both(MakeTestCoder("dyad_no_actor_default_test",
                                            {"IRAQ [IRQ]\n", "", "--- ATTACK [190] ---\nATTACK\n", "",
                                             "DEFAULT: SOURCE [USA] TARGET [AFG]\n"}));
  std::unique_ptr<Coder> target(MakeTestCoder("dyad_one_actor_default_test",
                                              {"IRAQ [IRQ]\n", "", "--- ATTACK [190] ---\nATTACK\n", "",
                                               "DEFAULT: TARGET [AFG]\n"}));
  ASSERT_NE(both, nullptr);
  ASSERT_NE(target, nullptr);
  auto code = [](const Coder& coder, const char* text) {
    Story s;
    s.id = "defaults";
    s.text = text;
    std::vector<std::string> out;
    for (const Event& e : coder.Code(s).events) out.push_back(CanonicalDump(e));
    return out;
  };
  EXPECT_EQ(code(*both, "Gunmen attacked a convoy."), V({"USA>AFG 190 \"attacked\""}));
  EXPECT_EQ(code(*target, "Iraq attacked a convoy."), V({"IRQ>AFG 190 \"attacked\""}));
  EXPECT_TRUE(code(*target, "Gunmen attacked a convoy.").empty());
}

// The news rules that the default dictionaries switch on in their options
// file (data/dict/src/dyad.options; docs/coding-rules.md "News rules").
constexpr const char* kNewsOptions = R"(
SET: STATEMENTS = TARGETED
SET: MAX SENTENCE WORDS = 30
SET: REDUCED PASSIVES = ON
SET: NOMINAL CUES = ON
SET: DOMESTIC AGENTS = STRICT
SET: INFINITIVES = PATTERN ONLY
SET: TARGETS = AFTER VERB
SET: COMPOUNDS = STRICT
SET: UNCASED TEXT = PATTERNS ONLY
SET: VENUES = NOT TARGETS
SET: TARGETS IN CLAUSE = ON
SET: SOURCES IN CLAUSE = ON
SET: PLANNED ACTS = INTENT
SET: PLACE MODIFIERS = NOT TARGETS
)";

constexpr const char* kNewsVerbs = R"(
--- FREE [0841] ---
FREE {FREED}

--- URGE [020] ---
URGE
- * + TO [020]

--- KILL [190] ---
KILL

--- SUPPORT [051] ---
SUPPORT

--- FIGHT [190] ---
FIGHT {FOUGHT}

--- TELL [010] ---
TELL {TOLD}
- * + THAT [010]

--- TRAIN [072] ---
TRAIN
- * OF + [072]

--- HIT [190] ---
HIT
- * + [190]

--- CONSULT [040] ---
CONSULT

--- COMMIT [030] ---
COMMIT
- * TO [030]
)";

class NewsRulesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    coder_ = MakeTestCoder("dyad_news_rules_test", {kActors, kAgents, std::string(kVerbs) + kNewsVerbs, "", kNewsOptions});
    ASSERT_NE(coder_, nullptr);
  }
  static void TearDownTestSuite() {
    delete coder_;
    coder_ = nullptr;
  }
  static std::vector<std::string> Code(const std::string& text, const std::string& title = "") {
    return Dumps(*coder_, text, "2005-07-15", title);
  }
  static inline Coder* coder_ = nullptr;
};

TEST_F(NewsRulesTest, BareStatementsAreNotCoded) {
  EXPECT_TRUE(Code("The Iraqi minister said Iran was ready.").empty());
  // Through a pattern a statement still codes.
  EXPECT_EQ(Code("The Iraqi minister told Iran that talks would go on."), V({"IRQGOV>IRN 010 \"told Iran that\""}));
  // The reported event is coded as before.
  EXPECT_EQ(Code("Iraq said Syria attacked Israel."), V({"SYR>ISR 190 \"attacked\""}));
}

TEST_F(NewsRulesTest, AgentlessPassivesAreNotCoded) {
  EXPECT_TRUE(Code("An Iraqi reporter was freed in Syria.").empty());
  EXPECT_TRUE(Code("Iraqi ministers were accused Thursday of attacks on Syria.").empty());
  // With its doer the passive codes as before.
  EXPECT_EQ(Code("An Iraqi reporter was freed by Syria."), V({"SYR>IRQ 0841 \"freed\""}));
  // "is committed to": an adjective, not a passive.
  EXPECT_EQ(Code("Iraq is committed to Iran."), V({"IRQ>IRN 030 \"committed to\""}));
}

TEST_F(NewsRulesTest, ReducedPassivesAreNotTheSubjectsActs) {
  EXPECT_TRUE(Code("", "Iraqi Reporter Freed in Syria").empty());
  EXPECT_TRUE(Code("Three Iraqi truck drivers killed in Syria were buried.").empty());
  EXPECT_TRUE(Code("Iraqi President urged to resign").empty());
  // A request made to the subject is not its act.
  EXPECT_TRUE(Code("Iraqi President urged to attack Syria").empty());
  // A pattern that designates only the target does not decide the voice.
  EXPECT_TRUE(Code("The Iraqi minister was hit yesterday in Syria.").empty());
  // "has been fighting": progressive, active.
  EXPECT_EQ(Code("Iraqi troops have been fighting Syria."), V({"IRQMIL>SYR 190 \"fighting\""}));
  EXPECT_TRUE(Code("Iraqi soldiers killed last week in Syria were buried.").empty());
  EXPECT_TRUE(Code("Syria said several others killed in Iraq were buried.").empty());
  // A passive's compound doer does not act on itself.
  EXPECT_TRUE(Code("Two men were killed by Iraq and Iran.").empty());
  // An object after the participle: active voice.
  EXPECT_EQ(Code("Israeli troops killed five Iraqi rebels."), V({"ISRMIL>IRQREB 190 \"killed\""}));
  // Intransitive verbs: "fought in" is active.
  EXPECT_EQ(Code("Iraqi troops fought in Syria."), V({"IRQMIL>SYR 190 \"fought\""}));
  // With BY, the doer is the source.
  EXPECT_EQ(Code("Iraqi troops killed by Israel."), V({"ISR>IRQMIL 190 \"killed\""}));
}

TEST_F(NewsRulesTest, VerbFormsAfterNominalCuesAreNouns) {
  EXPECT_TRUE(Code("Iraq spoke of an apparent attack on Syria.").empty());
  EXPECT_TRUE(Code("Iraq took the first visit to Syria.").empty());
  EXPECT_TRUE(Code("Iraq held a rally in support of Syria.").empty());
  EXPECT_TRUE(Code("Iraq denied 3 attack on Syria.").empty());
  EXPECT_TRUE(Code("Iraq denied two attack on Syria.").empty());
  EXPECT_TRUE(Code("Syria denied the Iraqi attack.").empty());
  // A lower-case verb form after an unknown lower-case word heads a compound noun.
  EXPECT_TRUE(Code("Iraq discussed the border attack on Syria.").empty());
  EXPECT_TRUE(Code("Iraq discussed the six-party attack on Syria.").empty());
  // Not after an adverb, and not a past or -ing form.
  EXPECT_EQ(Code("Iraq also visited Syria."), V({"IRQ>SYR 042 \"visited\""}));
  // A possessive with OF: the possessor is the doer.
  EXPECT_EQ(Code("The deal included Iran's training of Iraqi troops."), V({"IRN>IRQMIL 072 \"training of\""}));
}

TEST_F(NewsRulesTest, InfinitivesAfterNounsNeedAPattern) {
  EXPECT_TRUE(Code("Iraq revealed a plot to attack Syria.").empty());
  // An attempt is not the act.
  EXPECT_TRUE(Code("Iraq sought to attack Syria.").empty());
  // After a verb the infinitive codes.
  EXPECT_EQ(Code("Iraq decided to attack Syria."), V({"IRQ>SYR 190 \"attack\""}));
}

TEST_F(NewsRulesTest, TargetsComeAfterTheVerb) {
  EXPECT_TRUE(Code("Syria said Iraqi troops attacked.").empty());
  EXPECT_EQ(Code("Syria said Iraqi troops attacked Israel."), V({"IRQMIL>ISR 190 \"attacked\""}));
  // Not from a later relative or adverbial clause.
  EXPECT_TRUE(Code("Iraqi troops attacked the town after Syria protested.").empty());
  EXPECT_EQ(Code("Iraqi troops attacked Syria after Israel protested."), V({"IRQMIL>SYR 190 \"attacked\""}));
  // Passives still take the subject as the target.
  EXPECT_EQ(Code("Iraqi troops were attacked by Israel."), V({"ISR>IRQMIL 190 \"attacked\""}));
}

TEST_F(NewsRulesTest, SourcesComeFromTheVerbsClause) {
  // A subject of its own after "as", "after", "when": the earlier clause's
  // actor is not the source; an unknown subject leaves none.
  EXPECT_TRUE(Code("The Iraqi minister wept as mourners attacked the Iranian army.").empty());
  EXPECT_EQ(Code("The Iraqi minister wept as Israeli troops attacked Syria."), V({"ISRMIL>SYR 190 \"attacked\""}));
  EXPECT_TRUE(Code("Iraq faced epidemics after the worst flooding in years killed Iranian students.").empty());
  // No subject of its own ("after entering"), a relative clause, or "as well
  // as": the source is the clause's first actor as before.
  EXPECT_EQ(Code("Iraq attacked Syria."), V({"IRQ>SYR 190 \"attacked\""}));
  EXPECT_EQ(Code("Iraqi troops after entering Iran attacked Syria."), V({"IRQMIL>SYR 190 \"attacked\""}));
  EXPECT_EQ(Code("An Iraqi minister who wept after a visit to Iran attacked Syria."), V({"IRQGOV>SYR 190 \"attacked\""}));
  // A participle after a comma: the main clause's subject, or none when the
  // clause has no actor before its verb or a preposition.
  EXPECT_TRUE(Code("A bomb exploded outside the Iraqi embassy, killing Iranian students in the old market on Monday.").empty());
  EXPECT_EQ(Code("Israel did not attack the town near Iraq, killing Iranian students in the old market on Monday."), V({"ISR>IRNEDU 190 \"killing\""}));
  // What happens only on a condition has not happened.
  EXPECT_TRUE(Code("Iraq will be pleased if Iran attacks Israel.").empty());
  EXPECT_TRUE(Code("Iraq asked whether Iran attacked Israel.").empty());
  // Force promised on a condition is a threat (planned acts).
  EXPECT_EQ(Code("Iraq will attack Syria unless Iran withdraws."), V({"IRQ>SYR 138 \"attack\""}));
}

TEST_F(NewsRulesTest, StrictDomesticAgents) {
  // The country named with a role: every agent takes it.
  EXPECT_EQ(Code("Iraqi police arrested students."), V({"IRQCOP>IRQEDU 173 \"arrested\""}));
  // Named bare: office holders and organised groups take it, bystanders do not.
  EXPECT_EQ(Code("Rebels attacked the army as Iraq watched."), V({"IRQREB>IRQMIL 190 \"attacked\""}));
  EXPECT_EQ(Code("Students attacked rebels as Iraq watched."), V{});
}

TEST_F(NewsRulesTest, OnlyAPairActsOnItself) {
  EXPECT_EQ(Code("Iraq and Iran fought."), V({"IRQ>IRN 190 \"fought\"", "IRN>IRQ 190 \"fought\""}));
  EXPECT_TRUE(Code("Iraq, Syria and Iran fought.").empty());
  // A pattern that names the compound ("- % * [031:031]") still codes every pair.
  EXPECT_EQ(Code("Iraq, Syria and Iran met.").size(), 6u);
  // Members of one country do not act on each other.
  EXPECT_EQ(Code("Iraq and the Iraqi minister met."), V{});
  // Allies using force together do not act on each other; two sides of a
  // fight fight each other, not the place where they fight.
  EXPECT_TRUE(Code("Iraq and the United States attacked the town.").empty());
  EXPECT_EQ(Code("Iraqi troops and Iranian rebels fought in Syria."),
            V({"IRQMIL>IRNREB 190 \"fought\"", "IRNREB>IRQMIL 190 \"fought\""}));
  EXPECT_EQ(Code("Iraq and the United States attacked Syria."),
            V({"IRQ>SYR 190 \"attacked\"", "USA>SYR 190 \"attacked\""}));
}

TEST_F(NewsRulesTest, WillingToIsIntent) {
  EXPECT_EQ(Code("Iraq is willing to visit Syria."), V({"IRQ>SYR 036 \"visit\""}));
  EXPECT_EQ(Code("Iraq visited Syria."), V({"IRQ>SYR 042 \"visited\""}));
}

TEST_F(NewsRulesTest, PlannedActsAreIntentOrNotCoded) {
  // A stated future cooperative act is the intent (04 -> 036).
  EXPECT_EQ(Code("Iraq will visit Syria."), V({"IRQ>SYR 036 \"visit\""}));
  EXPECT_EQ(Code("Iraq is set to visit Syria."), V({"IRQ>SYR 036 \"visit\""}));
  EXPECT_EQ(Code("Iraq plans to visit Syria."), V({"IRQ>SYR 036 \"visit\""}));
  EXPECT_EQ(Code("Iraq visits Syria next week."), V({"IRQ>SYR 036 \"visits\""}));
  // Planned force has not happened; on a condition it is a threat.
  EXPECT_TRUE(Code("Iraqi troops will attack Syria.").empty());
  EXPECT_EQ(Code("Iraqi troops would attack Syria unless Iran pays."), V({"IRQMIL>SYR 138 \"attack\""}));
  // Saying what one will accuse or reject is the statement itself.
  EXPECT_EQ(Code("Iraq will accuse Syria."), V({"IRQ>SYR 112 \"accuse\""}));
}

TEST_F(NewsRulesTest, PlaceModifiersAreNotTargets) {
  // A place right before a noun is the topic, not the target.
  EXPECT_TRUE(Code("Iraq refused the Syria pullout.").empty());
  EXPECT_TRUE(Code("Iraq Refuses Syria Pullout Plan", "Iraq Refuses Syria Pullout Plan").empty());
  EXPECT_EQ(Code("Iraq refused Syria."), V({"IRQ>SYR 120 \"refused\""}));
  // Force keeps the place; a name after it outside a headline is a name.
  EXPECT_EQ(Code("Iraqi troops attacked Syria border posts."), V({"IRQMIL>SYR 190 \"attacked\""}));
  EXPECT_EQ(Code("Iraq refused the Syria Reform Commission and its many friends."), V({"IRQ>SYR 120 \"refused\""}));
}

TEST_F(NewsRulesTest, UncasedTextCodesOnlyThroughPatterns) {
  EXPECT_TRUE(Code("iraqi troops attacked syria on monday.").empty());
  EXPECT_EQ(Code("iraqi troops travelled to syria on monday."), V({"IRQMIL>SYR 042 \"travelled to\""}));
  EXPECT_EQ(Code("Iraqi troops attacked Syria on Monday."), V({"IRQMIL>SYR 190 \"attacked\""}));
}

TEST_F(NewsRulesTest, VenuesAreNotTargetsOfTalks) {
  EXPECT_TRUE(Code("Iraqi ministers consulted in Syria.").empty());
  EXPECT_EQ(Code("Iraqi ministers consulted in Syria with Iran."), V({"IRQGOV>IRN 040 \"consulted\""}));
  // Visits and force keep the place as target.
  EXPECT_EQ(Code("Iraqi troops attacked rebels in Syria."), V({"IRQMIL>SYRREB 190 \"attacked\""}));
}

TEST_F(NewsRulesTest, ModalsAreNotEvents) {
  EXPECT_TRUE(Code("Iraq may attack Syria.").empty());
  EXPECT_EQ(Code("Iraq should probably visit Syria."), V{});
  EXPECT_TRUE(Code("Iraq could soon attack Syria.").empty());
  EXPECT_TRUE(Code("Iraq is likely to attack Syria.").empty());
  EXPECT_TRUE(Code("Iraq will have to attack Syria.").empty());
  // "will": a planned act, not an event (PlannedActsAreIntentOrNotCoded).
  EXPECT_TRUE(Code("Iraq will attack Syria.").empty());
}

TEST_F(NewsRulesTest, LongSentencesAreNotCoded) {
  std::string text = "Iraq attacked Syria";
  for (int i = 0; i < 30; ++i) text += " again";
  text += ".";
  Story s;
  s.id = "long";
  s.text = text;
  const CodedStory cs = coder_->Code(s);
  EXPECT_TRUE(cs.events.empty());
  ASSERT_FALSE(cs.sentences.empty());
  EXPECT_NE(cs.sentences[0].note.find("longer than 30 words"), std::string::npos);
  EXPECT_EQ(Code("Iraq attacked Syria again."), V({"IRQ>SYR 190 \"attacked\""}));
}

}  // namespace
}  // namespace dyad
