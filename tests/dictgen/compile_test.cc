#include "compile.h"

#include <gtest/gtest.h>

namespace dyad::gen {
namespace {

Inflector Small() {
  return Inflector::FromExceptionText("put put\nputting put\nmet meet\nreferred refer\nreferring refer\n", "men man\n");
}

Result<std::string> Verbs(const std::string& text, std::set<std::string> codes = {"042", "043", "138", "190"}) {
  VerbStats st;
  return CompileVerbs(Small(), {{"t.txt", text}}, codes, &st);
}

TEST(CompileVerbsTest, BlockVerbsAndPatterns) {
  auto r = Verbs(
      "&ATTACK_ = ~attack, invade\n"
      "== visit [042]\n"
      "visit, travel to, pay +visit\n"
      "host [043]\n"
      "- * to + [042]   # comment\n"
      "== threaten [138]\n"
      "threaten\n"
      "- * to &ATTACK_ [138]\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const std::string& out = *r;
  EXPECT_NE(out.find("--- VISIT [042] ---"), std::string::npos);
  EXPECT_NE(out.find("\nVISIT {VISITS VISITED VISITING}\n"), std::string::npos);
  EXPECT_NE(out.find("+TRAVEL_TO {+TRAVELS_TO +TRAVELED_TO +TRAVELING_TO}"), std::string::npos) << out;
  EXPECT_NE(out.find("PAY_+VISIT {PAY_+VISITS PAY_+VISITED PAY_+VISITING}"), std::string::npos);
  EXPECT_NE(out.find("HOST {HOSTS HOSTED HOSTING} [043]"), std::string::npos);
  EXPECT_NE(out.find("- * TO + [042]"), std::string::npos);
  EXPECT_NE(out.find("\n+ATTACK\n+ATTACKS\n+ATTACKED\n+ATTACKING\n+INVADE\n"), std::string::npos) << out;
  // Synsets come before the first block.
  EXPECT_LT(out.find("&ATTACK_"), out.find("--- VISIT"));
}

TEST(CompileVerbsTest, FirstVerbOfABlockIsOneWord) {
  auto r = Verbs("== visit [042]\ntravel to, visit\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_LT(r->find("\nVISIT {"), r->find("+TRAVEL_TO"));
  EXPECT_FALSE(Verbs("== visit [042]\ntravel to\n").ok());
}

TEST(CompileVerbsTest, IrregularAndUnchangedForms) {
  auto r = Verbs("== meet [042]\nmeet\n== put [---]\nput, +put up\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_NE(r->find("MEET {MEETS MET MEETING}"), std::string::npos) << *r;
  EXPECT_NE(r->find("+PUT_UP {+PUTS_UP +PUTTING_UP}"), std::string::npos) << *r;
}

TEST(CompileVerbsTest, Errors) {
  auto r = Verbs("== visit [042]\nvisit\n- to + [042]\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("t.txt:3:"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("'*'"), std::string::npos);
  EXPECT_FALSE(Verbs("== visit [042]\nvisit\n- * * + [042]\n").ok());            // two verbs
  EXPECT_FALSE(Verbs("== visit [042]\nvisit\n- * &NOPE [042]\n").ok());          // undefined synset
  EXPECT_FALSE(Verbs("== visit [042]\nvisit\n- * to + [999]\n").ok());           // not CAMEO
  EXPECT_FALSE(Verbs("== visit [042]\nvisit\n- * to +\n").ok());                 // no code
  EXPECT_FALSE(Verbs("== a [042]\nvisit\n== b [043]\nvisit\n").ok());            // verb in two blocks
  EXPECT_FALSE(Verbs("visit\n").ok());                                           // before a block
  EXPECT_FALSE(Verbs("== visit [042]\nvisit {visits visited}\n").ok());          // hand-typed forms
  EXPECT_FALSE(Verbs("&X = a\n&X = b\n== v [042]\nvisit\n").ok());              // redefined synset
  auto dup = Verbs("== a [042]\nvisit\n== b [043]\nvisit\n");
  EXPECT_NE(dup.status().message().find("already in block"), std::string::npos);
}

TEST(CompileVerbsTest, ReusePatternsWithCodeRewrites) {
  std::set<std::string> codes = {"020", "0253", "0256", "100", "1053", "120", "1243", "138", "190"};
  auto r = Verbs("== appeal [020]\nurge\n- * + TO RELEASE [0253]\n- *_CONFERENCE [---]\n- * + TO FIGHT [190]\n"
                 "== demand [100]\ndemand\n< APPEAL 02>10\n"
                 "== reject [120]\nrefuse\n< appeal 02>12 025>124 *>DROP\n",
                 codes);
  ASSERT_TRUE(r.ok()) << r.status().message();
  size_t demand = r->find("--- DEMAND"), reject = r->find("--- REJECT");
  ASSERT_NE(demand, std::string::npos);
  ASSERT_NE(reject, std::string::npos);
  std::string d = r->substr(demand, reject - demand), j = r->substr(reject);
  EXPECT_NE(d.find("- * + TO RELEASE [1053]"), std::string::npos) << d;
  EXPECT_NE(d.find("- *_CONFERENCE [---]"), std::string::npos) << d;   // nulls are kept
  EXPECT_NE(d.find("- * + TO FIGHT [190]"), std::string::npos) << d;   // other roots kept
  EXPECT_NE(j.find("- * + TO RELEASE [1243]"), std::string::npos) << j;
  EXPECT_EQ(j.find("FIGHT"), std::string::npos) << j;                   // *>DROP
  EXPECT_FALSE(Verbs("== a [020]\nurge\n- * X [020]\n== b [100]\ndemand\n< A 02>99\n", codes).ok());  // not CAMEO
  EXPECT_FALSE(Verbs("== b [100]\ndemand\n< NOPE\n", codes).ok());
}

TEST(CompileVerbsTest, SynsetJoinedByUnderscoreAndAppend) {
  auto r = Verbs("&MIL = army\n&MIL += navy, air force\n== v [042]\nvisit\n- * &MIL_BASE [042]\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_NE(r->find("+AIR_FORCE"), std::string::npos);
}

TEST(CompileAgentsTest, ExplicitPlurals) {
  size_t n = 0;
  auto r = CompileAgents(Small(),
                         {"a.txt", "~GOV: president, spokesman, chief of staff\n  cabinet {}\nNGO~: aid group\n"}, &n);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(n, 5u);
  EXPECT_NE(r->find("PRESIDENT {PRESIDENTS} [~GOV]"), std::string::npos) << *r;
  EXPECT_NE(r->find("SPOKESMAN {SPOKESMEN} [~GOV]"), std::string::npos);
  EXPECT_NE(r->find("CHIEF_OF_STAFF {CHIEFS_OF_STAFF} [~GOV]"), std::string::npos);
  EXPECT_NE(r->find("CABINET {} [~GOV]"), std::string::npos);
  EXPECT_NE(r->find("AID_GROUP {AID_GROUPS} [NGO~]"), std::string::npos);
  EXPECT_FALSE(CompileAgents(Small(), {"a.txt", "~GOV: president, president\n"}, &n).ok());
  EXPECT_FALSE(CompileAgents(Small(), {"a.txt", "GOV: president\n"}, &n).ok());
  EXPECT_FALSE(CompileAgents(Small(), {"a.txt", "~GOV: man {men}\n"}, &n).ok());
}

TEST(CompileDiscardsTest, StoryAndSentenceLevel) {
  size_t n = 0;
  auto r = CompileDiscards({"d.txt", "+premier league\nworld cup  # football\nnba_\n"}, &n);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(n, 3u);
  EXPECT_NE(r->find("\n+PREMIER LEAGUE\n"), std::string::npos);
  EXPECT_NE(r->find("\nWORLD CUP\n"), std::string::npos);
  EXPECT_NE(r->find("\nNBA_\n"), std::string::npos);
  EXPECT_FALSE(CompileDiscards({"d.txt", "world cup\nWorld  Cup\n"}, &n).ok());
}

}  // namespace
}  // namespace dyad::gen
