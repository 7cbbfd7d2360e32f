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
  Dump("phoenix", *s, w);
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
    Dump(f, *s, w);
  }
}

}  // namespace
}  // namespace dyad
