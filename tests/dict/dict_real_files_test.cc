// Loads the real TABARI / PETRARCH dictionaries from ../shared.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "dyad/dict.h"

namespace dyad {
namespace {

std::string Shared() {
  const char* d = std::getenv("DYAD_SHARED_DIR");
  return d ? d : "";
}

bool HaveShared() { return !Shared().empty() && std::ifstream(Shared() + "/README.md").good(); }

#define REQUIRE_SHARED() \
  if (!HaveShared()) GTEST_SKIP() << "../shared is absent (DYAD_SHARED_DIR not set or missing)"

std::string P(const std::string& rel) { return Shared() + "/data/" + rel; }

std::shared_ptr<const DictionarySet> Load(const DictSpec& spec, std::vector<DictWarning>* w) {
  auto r = LoadDictionaries(spec, w);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r.value() : nullptr;
}

void Dump(const char* what, const DictionarySet& s, const std::vector<DictWarning>& w) {
  DictStats st = CountEntries(s);
  std::printf("%s: actors %zu (%zu phrases) agents %zu verbs %zu patterns %zu synsets %zu discards %zu issues %zu p2 %zu/%zu warnings %zu\n",
              what, st.actor_entries, st.actor_phrases, st.agents, st.verbs, st.verb_patterns, st.synsets,
              st.discards, st.issues, st.p2_verbs, st.p2_patterns, w.size());
  for (size_t i = 0; i < w.size() && i < 15; ++i) std::printf("  W %s\n", w[i].message.c_str());
}

TEST(DictRealFiles, PhoenixSet) {
  REQUIRE_SHARED();
  DictSpec spec;
  spec.actor_files = {P("petrarch/Phoenix.Countries.actors.txt"), P("petrarch/Phoenix.International.actors.txt"),
                      P("petrarch/Phoenix.MilNonState.actors.txt")};
  spec.agent_files = {P("petrarch/Phoenix.agents.txt")};
  spec.discard_files = {P("petrarch/Phoenix.discards.txt")};
  spec.issue_files = {P("petrarch/Phoenix.IssueCoding.txt")};
  spec.verb_files = {P("petrarch/CAMEO.verbpatterns.150430.txt")};
  std::vector<DictWarning> w;
  auto s = Load(spec, &w);
  ASSERT_TRUE(s);
  DictStats st = CountEntries(*s);
  EXPECT_EQ(st.actor_entries, 27252u);
  EXPECT_EQ(st.actor_phrases, 35617u);
  EXPECT_EQ(st.agents, 3374u);  // after !PERSON! / !MINIST! expansion
  EXPECT_EQ(st.verbs, 1950u);
  EXPECT_EQ(st.verb_patterns, 11005u);
  EXPECT_EQ(st.discards, 506u);
  EXPECT_GT(st.issues, 4000u);
  EXPECT_EQ(s->file_dialect[s->files.size() - 7], Dialect::kPetrarch1);  // the verbs file is read first
  EXPECT_LT(w.size(), 2000u);
}

TEST(DictRealFiles, Others) {
  REQUIRE_SHARED();
  for (const char* f : {"tabari/CAMEO.091003.master.verbs", "petrarch/CAMEO.2.0.txt", "petrarch/PETR.Validate.verbs.txt",
                        "tabari/TABARI.Demo.project", "petrarch/PETR_config.ini"}) {
    auto spec = ParseDictArgument(P(f));
    ASSERT_TRUE(spec.ok()) << spec.status().ToString();
    std::vector<DictWarning> w;
    auto s = Load(*spec, &w);
    ASSERT_TRUE(s) << f;
    if (std::getenv("DYAD_DICT_DUMP")) Dump(f, *s, w);
  }
}

TEST(DictRealFiles, TabariProductionVerbs) {
  REQUIRE_SHARED();
  DictSpec spec;
  spec.verb_files = {P("tabari/CAMEO.091003.master.verbs")};
  std::vector<DictWarning> w;
  auto s = Load(spec, &w);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->file_dialect[0], Dialect::kTabari);
  DictStats st = CountEntries(*s);
  EXPECT_GT(st.verb_patterns, 15000u);
  EXPECT_EQ(w.size(), 13u);  // 11 broken '{ | ]' alternatives, 2 double '*'
}

TEST(DictRealFiles, Petrarch2Config) {
  REQUIRE_SHARED();
  auto spec = ParseDictArgument(P("petrarch/PETR_config.ini"));
  ASSERT_TRUE(spec.ok());
  std::vector<DictWarning> w;
  auto s = Load(*spec, &w);
  ASSERT_TRUE(s);
  DictStats st = CountEntries(*s);
  EXPECT_EQ(st.p2_verbs, 1907u);
  EXPECT_EQ(st.p2_patterns, 4666u);
  EXPECT_EQ(s->transformations.size(), 8u);
  EXPECT_EQ(s->file_dialect[0], Dialect::kPetrarch2);
  EXPECT_TRUE(s->options.require_dyad);
  EXPECT_EQ(s->options.comma_max, 8);
  EXPECT_EQ(st.actor_entries, 27252u);
}

TEST(DictRealFiles, TabariDemoProject) {
  REQUIRE_SHARED();
  auto spec = ParseDictArgument(P("tabari/TABARI.Demo.project"));
  ASSERT_TRUE(spec.ok());
  std::vector<DictWarning> w;
  auto r = LoadDictionaries(*spec, &w);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const DictionarySet& s = **r;
  ASSERT_EQ(spec->project_file.empty(), false);
  EXPECT_EQ(s.actors.size(), 120u);
  EXPECT_EQ(s.synsets.size(), 5u);
  EXPECT_EQ(s.time_shifts.size(), 12u);
  EXPECT_EQ(s.options.complex_verbs, 5);
  EXPECT_EQ(s.options.complex_conj, 4);
  EXPECT_TRUE(s.options.complex_no_actor_prior);
  EXPECT_EQ(s.options.labels.at("ARN"), "Arnor");
  EXPECT_EQ(s.word_classes.size(), 13u);
  // GOLLUM: four phrases, three dated codes.
  const ActorEntry* gollum = nullptr;
  for (const auto& a : s.actors)
    if (a.phrases[0][0].text == "GOLLUM") gollum = &a;
  ASSERT_NE(gollum, nullptr);
  EXPECT_EQ(gollum->phrases.size(), 4u);
  ASSERT_EQ(gollum->codes.size(), 3u);
  EXPECT_EQ(gollum->codes[1].code, "HOBGOV");
  EXPECT_EQ(gollum->codes[1].from, Date::FromYmd(1995, 6, 1).days);
  EXPECT_EQ(gollum->codes[1].to, Date::FromYmd(1999, 8, 15).days);
}

TEST(DictRealFiles, ValidateSet) {
  REQUIRE_SHARED();
  auto spec = ParseDictArgument(P("petrarch/PETR.Validate.verbs.txt") + "," + P("petrarch/PETR.Validate.actors.txt") +
                                "," + P("petrarch/PETR.Validate.agents.txt") + "," +
                                P("petrarch/PETR.Validate.discards.txt"));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  std::vector<DictWarning> w;
  auto s = Load(*spec, &w);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->file_dialect[0], Dialect::kPetrarch1);
  EXPECT_EQ(s->verbs.size(), 269u);
  EXPECT_GT(s->actors.size(), 50u);
  EXPECT_GT(s->agents.size(), 50u);
}

}  // namespace
}  // namespace dyad
