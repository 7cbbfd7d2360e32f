// Inline dictionaries for each syntax feature: the parsed model, exactly.
#include <gtest/gtest.h>

#include "dict/readers.h"

namespace dyad {
namespace {

using dict_internal::ReadDictionaryText;
using dict_internal::Role;
using K = PatternElement::Kind;

struct Loaded {
  DictionarySet set;
  std::vector<DictWarning> w;
  Status st;
};

Loaded Read(Role role, std::string_view text, Dialect d = Dialect::kTabari, const char* name = "t.dict") {
  Loaded l;
  l.st = ReadDictionaryText(role, name, text, d, &l.set, &l.w);
  dict_internal::ResolveSynsets(&l.set, &l.w);
  return l;
}

// Compact dump of a phrase: words with match marks (~stem, =exact, +endings),
// '_' between adjacent elements.
std::string Dump(const Phrase& p) {
  std::string s;
  for (const auto& e : p) {
    if (!s.empty()) s += e.adjacent_to_previous ? "_" : " ";
    switch (e.kind) {
      case K::kWord:
        s += e.text;
        s += e.match == WordMatch::kStem ? "~" : e.match == WordMatch::kExact ? "=" : "+";
        if (e.tilde) s += "T";
        break;
      case K::kAlternatives: {
        s += "{";
        for (size_t i = 0; i < e.alternatives.size(); ++i) s += (i ? "|" : "") + Dump(e.alternatives[i]);
        s += "}";
        break;
      }
      default: s += e.text;
    }
  }
  return s;
}

TEST(DictActors, TabariSyntax) {
  auto l = Read(Role::kActors,
                "AL_GORE  [AGR] ;  comment\n"
                "#ALBRIGHZ  [991201-010114]\n"
                "ALBRIGHT  [USAGOV 991201-010114] [---] ;ems\n"
                "BARAD-DUR  [MOR]\n"
                "MOUSE= [MUS]\n"
                "LORIEN  [ELR/GAL]\n"
                "GOLLUM ; pas\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBREB > 990816]\n"
                "ENT  [### <890101] [ENT]\n"
                "~~FINISH\nIGNORED [X]\n");
  ASSERT_TRUE(l.st.ok()) << l.st.ToString();
  ASSERT_EQ(l.set.actors.size(), 7u);
  EXPECT_EQ(Dump(l.set.actors[0].phrases[0]), "AL=_GORE~");
  EXPECT_EQ(l.set.actors[0].codes[0].code, "AGR");
  const auto& alb = l.set.actors[1];
  ASSERT_EQ(alb.codes.size(), 2u);
  EXPECT_EQ(alb.codes[0].from, Date::FromYmd(1999, 12, 1).days);
  EXPECT_EQ(alb.codes[0].to, Date::FromYmd(2001, 1, 14).days);
  EXPECT_EQ(alb.codes[1].code, "---");
  EXPECT_EQ(Dump(l.set.actors[2].phrases[0]), "BARAD=_DUR~");
  EXPECT_EQ(Dump(l.set.actors[3].phrases[0]), "MOUSE=");
  EXPECT_EQ(l.set.actors[4].codes[0].code, "ELR/GAL");
  EXPECT_EQ(l.set.actors[6].codes[0].code, "###");
  EXPECT_EQ(l.set.actors[6].codes[0].to, Date::FromYmd(1989, 1, 1).days);
  const auto& g = l.set.actors[5];
  ASSERT_EQ(g.phrases.size(), 2u);
  EXPECT_EQ(Dump(g.phrases[1]), "SMEAGOL~");
  ASSERT_EQ(g.codes.size(), 2u);
  EXPECT_EQ(g.codes[0].to, Date::FromYmd(1995, 6, 1).days);
  EXPECT_EQ(g.codes[1].from, Date::FromYmd(1999, 8, 16).days);
  EXPECT_EQ(g.loc.line, 7u);
}

TEST(DictActors, PetrarchBareWordsTakeEndings) {
  auto l = Read(Role::kActors, "AFGHANISTAN_  [AFG]\n+AFGHAN\n\t[AFGGOV 20010101-20050101]\n", Dialect::kPetrarch1);
  ASSERT_TRUE(l.st.ok()) << l.st.ToString();
  EXPECT_EQ(Dump(l.set.actors[0].phrases[0]), "AFGHANISTAN=");
  EXPECT_EQ(Dump(l.set.actors[0].phrases[1]), "AFGHAN+");
  EXPECT_EQ(l.set.actors[0].codes[1].from, Date::FromYmd(2001, 1, 1).days);
}

TEST(DictActors, Errors) {
  auto l = Read(Role::kActors, "OK [A]\nBAD [USA 990101\n", Dialect::kTabari, "x.actors");
  ASSERT_FALSE(l.st.ok());
  EXPECT_EQ(l.st.message(), "x.actors:2:5: missing ']' after '['\n  BAD [USA 990101\n      ^");
  l = Read(Role::kActors, "X [ 991201-010114]\n", Dialect::kTabari, "x.actors");
  EXPECT_NE(l.st.message().find("x.actors:1:4: missing code"), std::string::npos) << l.st.message();
  l = Read(Role::kActors, "\t[ABC]\n", Dialect::kTabari, "x.actors");
  EXPECT_NE(l.st.message().find("x.actors:1:2: code line before any actor"), std::string::npos);
  l = Read(Role::kActors, "<NOUN>\nBEES\n", Dialect::kTabari, "x.actors");
  EXPECT_NE(l.st.message().find("not closed"), std::string::npos);
  // Bad dates are recoverable.
  l = Read(Role::kActors, "X\n\t[ABC 9008223-911221]\n\t[DEF]\n", Dialect::kPetrarch1);
  ASSERT_TRUE(l.st.ok());
  EXPECT_EQ(l.set.actors[0].codes.size(), 1u);
  ASSERT_EQ(l.w.size(), 1u);
  EXPECT_NE(l.w[0].message.find("t.dict:2:3: bad date range"), std::string::npos) << l.w[0].message;
}

TEST(DictAgents, PluralsSubstitutionsPlacement) {
  auto l = Read(Role::kAgents,
                "<!-- header -->\n!PERSON! = MAN, WOMAN\n"
                "CONGRESS!PERSON! [~LEG] # c\n"
                "POLICE {} [~COP]\n"
                "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\n"
                "HUMAN_RIGHTS_BODY  [NGO~]\n"
                "DEPARTMENT [~ENV}\n"
                "NOCODE\n",
                Dialect::kPetrarch1);
  ASSERT_TRUE(l.st.ok()) << l.st.ToString();
  ASSERT_EQ(l.set.agents.size(), 6u);
  EXPECT_EQ(Dump(l.set.agents[0].phrase), "CONGRESSMAN+");
  EXPECT_EQ(Dump(l.set.agents[1].phrase), "CONGRESSWOMAN+");
  EXPECT_EQ(l.set.agents[1].code, "LEG");
  EXPECT_FALSE(l.set.agents[1].prefix);
  EXPECT_EQ(l.set.agents[2].plural_rule, AgentEntry::PluralRule::kNone);
  EXPECT_EQ(l.set.agents[3].plural_rule, AgentEntry::PluralRule::kExplicit);
  EXPECT_EQ(Dump(l.set.agents[3].plurals.at(0)), "ATTORNEYS+_GENERAL+");
  EXPECT_TRUE(l.set.agents[4].prefix);
  EXPECT_EQ(l.set.agents[4].code, "NGO");
  EXPECT_EQ(l.set.agents[5].code, "ENV");
  EXPECT_EQ(l.w.size(), 2u);  // '}' closing, missing code
  auto e = Read(Role::kAgents, "X {XS [~A]\n", Dialect::kPetrarch1, "a.txt");
  EXPECT_EQ(e.st.message(), "a.txt:1:3: unclosed '{' in plural list\n  X {XS [~A]\n    ^");
}

TEST(DictVerbs, TabariSyntax) {
  auto l = Read(Role::kVerbs,
                "<SYNSETS>\n&TIETYPES\n+MILITARY\n+ECONOMIC\n&PHR\n+&TIETYPES_MEMOS\n</SYNSETS>\n"
                "<TIME>\nLAST_WEEK [-7]\nNEXT_WEEK [+7]\nFOREVER [- - -]\n</TIME>\n"
                "ABANDON  [345] ;c\n"
                "- * NEW_&TIETYPES_RELATIONS [903]\n"
                "- SUGGESTED_+ * DEMAND_{ GENEVA_ | INTERNATIONAL }_CONVENTIONS  [111]\n"
                "- * BACK~ POLICY [062]\n"
                "- % $ ^ * + [013:012]\n"
                "ACT_ [100]\n{ ACTING_ ACTXD_ }\n- IN_*  [075A]\n- * X [031!]\n- * Y [023?]\n"
                "BAN= [191]\n",
                Dialect::kTabari, "v.verbs");
  ASSERT_TRUE(l.st.ok()) << l.st.ToString();
  EXPECT_EQ(l.set.file_dialect[0], Dialect::kTabari);
  ASSERT_EQ(l.set.synsets.size(), 2u);
  EXPECT_EQ(Dump(l.set.synsets[1].members[0]), "&TIETYPES_MEMOS~");
  ASSERT_EQ(l.set.time_shifts.size(), 3u);
  EXPECT_EQ(l.set.time_shifts[0].days, -7);
  EXPECT_EQ(l.set.time_shifts[1].days, 7);
  EXPECT_EQ(l.set.time_shifts[2].special, VerbCode::Special::kNull);
  ASSERT_EQ(l.set.verbs.size(), 3u);
  const auto& ab = l.set.verbs[0];
  EXPECT_EQ(Dump(ab.verb), "ABANDON~");
  EXPECT_EQ(ab.code.code, "345");
  ASSERT_EQ(ab.patterns.size(), 4u);
  EXPECT_EQ(Dump(ab.patterns[0].elements), "* NEW=_&TIETYPES_RELATIONS~");
  EXPECT_EQ(Dump(ab.patterns[1].elements), "SUGGESTED=_+ * DEMAND=_{GENEVA+|INTERNATIONAL~}_CONVENTIONS~");
  EXPECT_EQ(Dump(ab.patterns[2].elements), "* BACK~T_POLICY~");
  EXPECT_EQ(Dump(ab.patterns[3].elements), "% $ ^ * +");
  EXPECT_EQ(ab.patterns[3].code.code, "013");
  EXPECT_EQ(ab.patterns[3].code.paired, "012");
  const auto& act = l.set.verbs[1];
  EXPECT_EQ(Dump(act.verb), "ACT+");
  ASSERT_EQ(act.irregular_forms.size(), 2u);
  EXPECT_EQ(Dump(act.irregular_forms[1]), "ACTXD=");
  EXPECT_EQ(Dump(act.patterns[0].elements), "IN=_*");
  EXPECT_EQ(act.patterns[0].code.code, "075A");
  EXPECT_TRUE(act.patterns[1].code.dominant);
  EXPECT_TRUE(act.patterns[2].code.subordinate);
  EXPECT_EQ(act.patterns_of, 1u);
  EXPECT_EQ(Dump(l.set.verbs[2].verb), "BAN=");
}

TEST(DictVerbs, TabariErrors) {
  auto l = Read(Role::kVerbs, "- * X [1]\n", Dialect::kTabari, "v.verbs");
  EXPECT_EQ(l.st.message(), "v.verbs:1:1: pattern before any verb\n  - * X [1]\n  ^");
  l = Read(Role::kVerbs, "A [1]\n- X Y [2]\n", Dialect::kTabari, "v.verbs");
  EXPECT_EQ(l.st.message(), "v.verbs:2:3: '*' (the verb) missing in pattern\n  - X Y [2]\n    ^");
  l = Read(Role::kVerbs, "A [1]\n- * { X | Y  [2]\n", Dialect::kTabari, "v.verbs");
  ASSERT_TRUE(l.st.ok());  // unbalanced braces: warned and skipped (the real CAMEO file has them)
  EXPECT_EQ(l.w.size(), 1u);
  l = Read(Role::kVerbs, "A [1]\n- * X [2\n", Dialect::kTabari, "v.verbs");
  EXPECT_NE(l.st.message().find("v.verbs:2:7: missing ']'"), std::string::npos) << l.st.message();
  l = Read(Role::kVerbs, "A [1]\n- * &NOPE [2]\n", Dialect::kTabari, "v.verbs");
  ASSERT_TRUE(l.st.ok());
  ASSERT_EQ(l.w.size(), 1u);
  EXPECT_NE(l.w[0].message.find("undefined synset &NOPE"), std::string::npos);
}

TEST(DictVerbs, Petrarch1Blocks) {
  auto l = Read(Role::kVerbs,
                "<!-- c -->\n&AUX_\n+HAVE\n\n"
                "--- EXPLAIN [010] ---\n"
                "EXPLAIN  # c\nSAY {SAYS SAID SAYING}\nRE_+ARREST [0110]\n+CORDON_OFF {+CORDONED_OFF}\n"
                "- &AUX_TOLD ** [020]\n"
                "- $ * + [030]\n"
                "--- DELAY ---\nPOSTPONE\n",
                Dialect::kTabari, "p1.txt");
  ASSERT_TRUE(l.st.ok()) << l.st.ToString();
  EXPECT_EQ(l.set.file_dialect[0], Dialect::kPetrarch1);
  EXPECT_TRUE(l.set.synsets[0].no_plurals);
  EXPECT_EQ(l.set.synsets[0].name, "&AUX");
  ASSERT_EQ(l.set.verbs.size(), 5u);
  EXPECT_EQ(Dump(l.set.verbs[0].verb), "EXPLAIN+");
  EXPECT_EQ(l.set.verbs[0].code.code, "010");
  EXPECT_EQ(l.set.verbs[0].block, "EXPLAIN");
  EXPECT_EQ(Dump(l.set.verbs[1].irregular_forms[1]), "SAID=");
  EXPECT_EQ(Dump(l.set.verbs[2].verb), "RE+_ARREST+");
  EXPECT_EQ(l.set.verbs[2].head_word, 1u);
  EXPECT_EQ(l.set.verbs[2].code.code, "0110");
  EXPECT_EQ(l.set.verbs[3].head_word, 0u);
  EXPECT_EQ(Dump(l.set.verbs[3].irregular_forms[0]), "CORDONED=_OFF=");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(l.set.verbs[static_cast<size_t>(i)].patterns_of, 0u);
  ASSERT_EQ(l.set.verbs[0].patterns.size(), 2u);
  EXPECT_EQ(Dump(l.set.verbs[0].patterns[0].elements), "&AUX_TOLD+ **");
  EXPECT_EQ(l.set.verbs[4].patterns_of, 4u);
  EXPECT_EQ(l.set.verbs[4].code.special, VerbCode::Special::kNull);
}

TEST(DictVerbs, Petrarch2) {
  auto l = Read(Role::kVerbs,
                "&FOOD\n+BREAD\n\n---  ACCELERATE   [---]  ---\nRUSH\nSPEED {SPEEDING SPED }\n"
                "- * (TO)   [042:043]  # RUSH\n"
                "- * (FOR {FINANCIAL AID}) $   [073]\n"
                "- &FOOD *  [154]\n- * {ARMS SHIPMENT} [072]\n"
                "~ a (a b ATTACK) SAY = a b 015\n",
                Dialect::kTabari, "cameo2.txt");
  ASSERT_TRUE(l.st.ok()) << l.st.ToString();
  EXPECT_EQ(l.set.file_dialect[0], Dialect::kPetrarch2);
  ASSERT_EQ(l.set.p2_verbs.size(), 2u);
  EXPECT_EQ(l.set.p2_verbs[1].lemma, "SPEED");
  EXPECT_EQ(l.set.p2_verbs[1].forms, (std::vector<std::string>{"SPEEDING", "SPED"}));
  EXPECT_EQ(l.set.p2_verbs[1].patterns_of, 0u);
  EXPECT_EQ(l.set.p2_verbs[1].code.special, VerbCode::Special::kNull);
  const auto& ps = l.set.p2_verbs[0].patterns;
  ASSERT_EQ(ps.size(), 4u);
  EXPECT_TRUE(ps[0].pre.empty());
  ASSERT_EQ(ps[0].post.size(), 1u);
  EXPECT_EQ(ps[0].post[0].group, PatternElement::Group::kPrepPhrase);
  EXPECT_EQ(ps[0].code.paired, "043");
  ASSERT_EQ(ps[1].post.size(), 4u);
  EXPECT_EQ(ps[1].post[0].text, "FOR");
  EXPECT_EQ(ps[1].post[1].group, PatternElement::Group::kNounPhrase);
  EXPECT_TRUE(ps[1].post[1].group_start);
  EXPECT_EQ(ps[1].post[2].group_id, 1);
  EXPECT_EQ(ps[1].post[3].kind, K::kSource);
  EXPECT_EQ(ps[1].post[3].group_id, 0);
  EXPECT_EQ(ps[2].pre[0].kind, K::kSynset);
  ASSERT_EQ(l.set.transformations.size(), 1u);
  EXPECT_EQ(l.set.transformations[0].pattern, "A (A B ATTACK) SAY");
  EXPECT_EQ(l.set.transformations[0].result, "A B 015");
}

TEST(DictLists, DiscardsAndIssues) {
  auto l = Read(Role::kDiscards, "+5K RUN #  ELH\nAFL GRAND FINAL\nBASEBALL_\n", Dialect::kPetrarch1);
  ASSERT_TRUE(l.st.ok());
  ASSERT_EQ(l.set.discards.size(), 3u);
  EXPECT_TRUE(l.set.discards[0].story_level);
  EXPECT_EQ(l.set.discards[0].text, "5K RUN");
  EXPECT_TRUE(l.set.discards[2].exact_end);
  EXPECT_EQ(l.set.discards[2].text, "BASEBALL");
  auto i = Read(Role::kIssues,
                "<ISSUE CATEGORY=\"ID_ATROCITY\">\nn:atrocity [ID_ATROCITY]\nethnic v:purge [ID_ATROCITY]\n"
                "al+zarqawi network [NAMED]\n~~Armenian genocide  # c\n</ISSUE>\n",
                Dialect::kPetrarch1);
  ASSERT_TRUE(i.st.ok()) << i.st.ToString();
  std::vector<std::string> texts;
  for (const auto& e : i.set.issues) texts.push_back(e.text + (e.ignore ? "~" : "") + "/" + e.code);
  EXPECT_EQ(texts, (std::vector<std::string>{"ATROCITY/ID_ATROCITY", "ATROCITIES/ID_ATROCITY",
                                             "ETHNIC PURGE/ID_ATROCITY", "ETHNIC PURGES/ID_ATROCITY",
                                             "ETHNIC PURGED/ID_ATROCITY", "ETHNIC PURGING/ID_ATROCITY",
                                             "AL ZARQAWI NETWORK/NAMED", "AL-ZARQAWI NETWORK/NAMED",
                                             "ARMENIAN GENOCIDE~/ID_ATROCITY"}));
}

TEST(DictOptions, Tabari) {
  auto l = Read(Role::kOptions,
                "COMPLEX: VERBS[5] CONJ[4] NOACTPRIOR\nSET: CONVERT AGENTS = TRUE\nLABEL: 01=YIELD\n"
                "DEFAULT: SOURCE [SRCDEF] TARGET [TARDEF]\nCOMMA: MIN = 1 MAX = 8 EMIN=3\nBOGUS: 1\n// c\n");
  ASSERT_TRUE(l.st.ok());
  const auto& o = l.set.options;
  EXPECT_EQ(o.complex_verbs, 5);
  EXPECT_EQ(o.complex_conj, 4);
  EXPECT_TRUE(o.complex_no_actor_prior);
  EXPECT_TRUE(o.convert_agents);
  EXPECT_EQ(o.labels.at("01"), "YIELD");
  EXPECT_EQ(o.default_source, "SRCDEF");
  EXPECT_EQ(o.default_target, "TARDEF");
  EXPECT_EQ(o.comma_min, 1);
  EXPECT_EQ(o.comma_max, 8);
  EXPECT_EQ(o.comma_emin, 3);
  EXPECT_EQ(o.raw.at("SET: CONVERT AGENTS"), "TRUE");
  ASSERT_EQ(l.w.size(), 1u);
  EXPECT_NE(l.w[0].message.find("t.dict:6:1: unknown option command 'BOGUS'"), std::string::npos);
}

TEST(DictArgument, RoleInference) {
  auto s = ParseDictArgument("a/Phoenix.Countries.actors.txt, x.verbs,Phoenix.agents.txt,Phoenix.discards.txt,"
                             "Phoenix.IssueCoding.txt,CAMEO.09b5.options,CAMEO.2.0.txt");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->actor_files, std::vector<std::string>{"a/Phoenix.Countries.actors.txt"});
  EXPECT_EQ(s->verb_files, (std::vector<std::string>{"x.verbs", "CAMEO.2.0.txt"}));
  EXPECT_EQ(s->agent_files.size(), 1u);
  EXPECT_EQ(s->discard_files.size(), 1u);
  EXPECT_EQ(s->issue_files.size(), 1u);
  EXPECT_EQ(s->options_files.size(), 1u);
  EXPECT_EQ(ParseDictArgument("TABARI.Demo.project")->project_file, "TABARI.Demo.project");
  EXPECT_FALSE(ParseDictArgument("a.ini,b.project").ok());
  EXPECT_FALSE(ParseDictArgument("mystery.dat").ok());
  EXPECT_FALSE(ParseDictArgument(" , ").ok());
  auto missing = LoadDictionaries(*ParseDictArgument("/nonexistent/x.actors"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kIoError);
}

TEST(DictRobustness, ArbitraryBytesNeverCrash) {
  std::string junk;
  uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1103515245u + 12345u;
    const char alphabet[] = "AB_ -*$+%^&{}|[]()<>~#;=!:\t\n0123456789\"/\xff";
    junk += alphabet[(x >> 16) % (sizeof(alphabet) - 1)];
  }
  for (Role r : {Role::kActors, Role::kAgents, Role::kVerbs, Role::kDiscards, Role::kIssues, Role::kOptions})
    for (Dialect d : {Dialect::kTabari, Dialect::kPetrarch1}) {
      for (size_t cut = 0; cut < junk.size(); cut += 997) {
        auto l = Read(r, std::string_view(junk).substr(cut, 600), d);
        (void)l;
      }
    }
  SUCCEED();
}

}  // namespace
}  // namespace dyad
