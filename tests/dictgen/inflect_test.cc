#include "inflect.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

namespace dyad::gen {
namespace {

// A few lines in WordNet's exception format, as in verb.exc / noun.exc.
constexpr const char* kVerbExc =
    "went go\ngone go\nsaid say\nstopped stop\nstopping stop\nreferred refer\nreferring refer\n"
    "travelled travel\ntravelling travel\nputting put\nsetting set\ndying die\nburnt burn\n"
    "held hold\nbegan begin\nbegun begin\nbeginning begin\nlay lie\nlain lie\nlying lie\n"
    "panicked panic\npanicking panic\nshown show\nbeaten beat\naddrest address\n";
constexpr const char* kNounExc = "men man\nthieves thief\nchildren child\ncommandoes commando\n";

Inflector Small() { return Inflector::FromExceptionText(kVerbExc, kNounExc); }

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(SpellingTest, Syllables) {
  EXPECT_EQ(SyllableEstimate("stop"), 1);
  EXPECT_EQ(SyllableEstimate("hope"), 1);
  EXPECT_EQ(SyllableEstimate("visit"), 2);
  EXPECT_EQ(SyllableEstimate("quit"), 1);
  EXPECT_EQ(SyllableEstimate("deny"), 2);
  EXPECT_EQ(SyllableEstimate("agree"), 2);
}

TEST(SpellingTest, ConsonantVowelConsonant) {
  EXPECT_TRUE(EndsCVC("stop"));
  EXPECT_TRUE(EndsCVC("ban"));
  EXPECT_TRUE(EndsCVC("quit"));
  EXPECT_FALSE(EndsCVC("fix"));   // x never doubles
  EXPECT_FALSE(EndsCVC("row"));   // nor w
  EXPECT_FALSE(EndsCVC("play"));  // nor y
  EXPECT_FALSE(EndsCVC("meet"));  // two vowels
  EXPECT_FALSE(EndsCVC("hold"));  // two consonants
}

TEST(VerbTest, RegularEndings) {
  Inflector inf = Small();
  VerbForms v = inf.Verb("visit");
  EXPECT_EQ(v.third, std::vector<std::string>{"visits"});
  EXPECT_EQ(v.past, std::vector<std::string>{"visited"});  // stress not final: no doubling
  EXPECT_EQ(v.ing, std::vector<std::string>{"visiting"});
  v = inf.Verb("deny");
  EXPECT_EQ(v.third[0], "denies");
  EXPECT_EQ(v.past[0], "denied");
  EXPECT_EQ(v.ing[0], "denying");
  v = inf.Verb("play");
  EXPECT_EQ(v.third[0], "plays");
  EXPECT_EQ(v.past[0], "played");
  v = inf.Verb("accuse");
  EXPECT_EQ(v.third[0], "accuses");
  EXPECT_EQ(v.past[0], "accused");
  EXPECT_EQ(v.ing[0], "accusing");
  v = inf.Verb("agree");
  EXPECT_EQ(v.past[0], "agreed");
  EXPECT_EQ(v.ing[0], "agreeing");
  v = inf.Verb("reach");
  EXPECT_EQ(v.third[0], "reaches");
  v = inf.Verb("veto");
  EXPECT_EQ(v.third[0], "vetoes");
  v = inf.Verb("tie");
  EXPECT_EQ(v.ing[0], "tying");
}

TEST(VerbTest, MonosyllableDoublesWithoutWordNet) {
  Inflector inf = Inflector::FromExceptionText("", "");
  VerbForms v = inf.Verb("ban");
  EXPECT_EQ(v.past[0], "banned");
  EXPECT_EQ(v.ing[0], "banning");
  v = inf.Verb("fix");
  EXPECT_EQ(v.past[0], "fixed");
}

TEST(VerbTest, WordNetDecidesStressFinalDoubling) {
  Inflector inf = Small();
  VerbForms v = inf.Verb("refer");
  EXPECT_EQ(v.past, std::vector<std::string>{"referred"});
  EXPECT_EQ(v.ing, std::vector<std::string>{"referring"});
  v = inf.Verb("stop");
  EXPECT_EQ(v.past, std::vector<std::string>{"stopped"});
}

TEST(VerbTest, IrregularFromWordNet) {
  Inflector inf = Small();
  VerbForms v = inf.Verb("go");
  EXPECT_EQ(v.third[0], "goes");
  EXPECT_TRUE(Has(v.past, "went"));
  EXPECT_TRUE(Has(v.past, "gone"));
  EXPECT_FALSE(Has(v.past, "goed"));
  EXPECT_EQ(inf.Verb("say").past, std::vector<std::string>{"said"});
  v = inf.Verb("begin");
  EXPECT_TRUE(Has(v.past, "began"));
  EXPECT_TRUE(Has(v.past, "begun"));
  EXPECT_EQ(v.ing, std::vector<std::string>{"beginning"});
  // die: WordNet lists only "dying"; the past stays regular.
  v = inf.Verb("die");
  EXPECT_EQ(v.past, std::vector<std::string>{"died"});
  EXPECT_EQ(v.ing, std::vector<std::string>{"dying"});
}

TEST(VerbTest, UnchangedPast) {
  Inflector inf = Small();
  // put/set: only a doubled -ing in WordNet means the past is the lemma itself.
  EXPECT_TRUE(inf.Verb("put").past.empty());
  EXPECT_EQ(inf.VerbInflections("put"), (std::vector<std::string>{"puts", "putting"}));
  EXPECT_EQ(inf.VerbInflections("set"), (std::vector<std::string>{"sets", "setting"}));
}

TEST(VerbTest, BritishAndAmericanVariants) {
  Inflector inf = Small();
  VerbForms v = inf.Verb("travel");
  EXPECT_TRUE(Has(v.past, "travelled"));
  EXPECT_TRUE(Has(v.past, "traveled"));
  EXPECT_TRUE(Has(v.ing, "travelling"));
  EXPECT_TRUE(Has(v.ing, "traveling"));
  v = inf.Verb("burn");
  EXPECT_TRUE(Has(v.past, "burnt"));
  EXPECT_TRUE(Has(v.past, "burned"));
  v = inf.Verb("panic");
  EXPECT_EQ(v.past, std::vector<std::string>{"panicked"});
}

TEST(VerbTest, ParticipleOnlyExceptions) {
  Inflector inf = Small();
  // WordNet lists only "shown": the simple past stays regular.
  VerbForms v = inf.Verb("show");
  EXPECT_TRUE(Has(v.past, "shown"));
  EXPECT_TRUE(Has(v.past, "showed"));
  // "beaten" is -en after a consonant: BEAT's past is BEAT, no "beated".
  EXPECT_EQ(inf.Verb("beat").past, std::vector<std::string>{"beaten"});
}

TEST(VerbTest, ArchaicExceptionNeedsExplicitRegularFlag) {
  Inflector inf = Small();
  // WordNet's archaic "addrest" would hide "addressed"; sources write "address+ed".
  EXPECT_FALSE(Has(inf.Verb("address").past, "addressed"));
  EXPECT_TRUE(Has(inf.Verb("address", true).past, "addressed"));
  EXPECT_TRUE(Has(inf.Verb("address", true).past, "addrest"));
}

TEST(NounTest, Plurals) {
  Inflector inf = Small();
  EXPECT_EQ(inf.NounPlural("minister"), "ministers");
  EXPECT_EQ(inf.NounPlural("militia"), "militias");
  EXPECT_EQ(inf.NounPlural("spokesman"), "spokesmen");
  EXPECT_EQ(inf.NounPlural("congresswoman"), "congresswomen");
  EXPECT_EQ(inf.NounPlural("human"), "humans");
  EXPECT_EQ(inf.NounPlural("thief"), "thieves");
  EXPECT_EQ(inf.NounPlural("chief"), "chiefs");
  EXPECT_EQ(inf.NounPlural("attorney"), "attorneys");
  EXPECT_EQ(inf.NounPlural("embassy"), "embassies");
  EXPECT_EQ(inf.NounPlural("church"), "churches");
  EXPECT_EQ(inf.NounPlural("witness"), "witnesses");
  EXPECT_EQ(inf.NounPlural("commando"), "commandos");
  EXPECT_EQ(inf.NounPlural("child"), "children");
}

TEST(NounTest, PhrasePluralInflectsTheHead) {
  Inflector inf = Small();
  EXPECT_EQ(inf.PhrasePlural("foreign minister"), "foreign ministers");
  EXPECT_EQ(inf.PhrasePlural("chief of staff"), "chiefs of staff");
  EXPECT_EQ(inf.PhrasePlural("attorney general"), "attorneys general");
  EXPECT_EQ(inf.PhrasePlural("secretary general"), "secretaries general");
  EXPECT_EQ(inf.PhrasePlural("major general"), "major generals");
  EXPECT_EQ(inf.PhrasePlural("police officer"), "police officers");
}

// The real WordNet files, when installed (Debian wordnet-base).
TEST(WordNetTest, RealExceptionLists) {
  auto inf = Inflector::FromWordNet("/usr/share/wordnet");
  if (!inf.ok()) GTEST_SKIP() << "WordNet exception lists absent: " << inf.status().message();
  EXPECT_GT(inf->verb_exceptions(), 1000u);
  EXPECT_TRUE(Has(inf->Verb("seize").past, "seized"));
  EXPECT_TRUE(Has(inf->Verb("fight").past, "fought"));
  EXPECT_TRUE(Has(inf->Verb("shoot").past, "shot"));
  EXPECT_TRUE(Has(inf->Verb("commit").past, "committed"));
  EXPECT_TRUE(Has(inf->Verb("admit").ing, "admitting"));
  EXPECT_EQ(inf->Verb("visit").past, std::vector<std::string>{"visited"});
  EXPECT_EQ(inf->Verb("target").past, std::vector<std::string>{"targeted"});
  EXPECT_TRUE(inf->Verb("cut").past.empty());
  EXPECT_TRUE(Has(inf->Verb("cancel").past, "canceled"));
  EXPECT_TRUE(Has(inf->Verb("cancel").past, "cancelled"));
  EXPECT_EQ(inf->NounPlural("woman"), "women");
}

TEST(WordNetTest, MissingFolderIsAnError) {
  auto inf = Inflector::FromWordNet("/nonexistent/wordnet");
  ASSERT_FALSE(inf.ok());
  EXPECT_NE(inf.status().message().find("verb.exc"), std::string::npos);
}

}  // namespace
}  // namespace dyad::gen
