// The generated dictionaries load through dyad's own PETRARCH-1 readers
// (src/dict) without errors or warnings.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "dyad/dict.h"

namespace dyad {
namespace {

TEST(GeneratedDictsLoad, ReadersAcceptVerbsAgentsDiscards) {
  const char* b = std::getenv("DYAD_BINARY_DIR");
  std::string dir = b ? std::string(b) + "/share/dyad/dict" : "";
  DictSpec spec;
  spec.verb_files = {dir + "/dyad.verbs.txt"};
  spec.agent_files = {dir + "/dyad.agents.txt"};
  spec.discard_files = {dir + "/dyad.discards.txt"};
  if (!std::ifstream(spec.verb_files[0])) GTEST_SKIP() << spec.verb_files[0] << " not generated";
  std::vector<DictWarning> warnings;
  auto set = LoadDictionaries(spec, &warnings);
  ASSERT_TRUE(set.ok()) << set.status().message();
  for (const auto& w : warnings) ADD_FAILURE() << w.message;
  DictStats st = CountEntries(**set);
  EXPECT_GE(st.verbs, 1000u);
  EXPECT_GE(st.verb_patterns, 4000u);
  EXPECT_GE(st.agents, 400u);
  EXPECT_GE(st.discards, 300u);
  EXPECT_GE(st.synsets, 50u);
  // Multi-word verbs keep their inflecting word.
  bool found = false;
  for (const auto& v : (*set)->verbs) {
    if (v.verb.size() == 2 && v.verb[0].text == "PULL" && v.verb[1].text == "OUT") {
      found = true;
      EXPECT_EQ(v.head_word, 0u);
      EXPECT_FALSE(v.irregular_forms.empty());
    }
  }
  EXPECT_TRUE(found) << "+PULL_OUT not read";
}

}  // namespace
}  // namespace dyad
