// dyad's default dictionaries against dyad's CAMEO table: every event code
// the shipped verb dictionary can emit must be a known CAMEO code.
#include <gtest/gtest.h>

#include <set>

#include "dyad/cameo.h"
#include "dyad/dict.h"
#include "dyad/pipeline.h"
#include "test_env.h"

namespace dyad {
namespace {

TEST(DefaultDictionaries, EveryEmittedCodeIsInTheCameoTable) {
  const std::string dir = test::BinaryDir() + "/share/dyad/dict";
  auto spec = DictSpecForDir(dir);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  std::vector<DictWarning> warnings;
  auto set = LoadDictionaries(*spec, &warnings);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  const CameoTable& table = CameoTable::Default();
  std::set<std::string> unknown;
  size_t checked = 0;
  auto check = [&](const VerbCode& c, const std::string& where) {
    if (c.special != VerbCode::Special::kNone) return;
    for (const std::string& code : {c.code, c.paired}) {
      if (code.empty() || code == "---") continue;
      ++checked;
      if (!table.Known(code)) unknown.insert(code + " (" + where + ")");
    }
  };
  for (const VerbEntry& v : (*set)->verbs) {
    check(v.code, (*set)->Where(v.loc));
    for (const VerbPattern& p : v.patterns) check(p.code, (*set)->Where(p.loc));
  }
  EXPECT_GT(checked, 5000u);
  EXPECT_TRUE(unknown.empty()) << unknown.size() << " unknown codes, first: " << *unknown.begin();
}

}  // namespace
}  // namespace dyad
