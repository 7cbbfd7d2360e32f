// dyad's default people dictionaries (build/share/dyad/dict/dyad.people.*.actors.txt,
// copied from data/dict/people): read with dyad's own reader they load without
// warnings, are big enough, and give each person the code of the story date
// (office holder while in office, XXXELI after, opposition while in opposition).
// The last tests go through the whole default set and the real coder.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "dyad/coder.h"
#include "dyad/date.h"
#include "dyad/dict.h"
#include "dyad/pipeline.h"
#include "default_coder.h"
#include "test_env.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

std::string DictDir() { return test::BinaryDir() + "/share/dyad/dict"; }

std::vector<std::string> PeopleFiles() {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(DictDir(), ec)) return out;
  for (const auto& e : fs::directory_iterator(DictDir(), ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("dyad.people.", 0) == 0 && name.size() > 11 &&
        name.substr(name.size() - 11) == ".actors.txt")
      out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// "IBRAHIM_AL_JAAFARI" for the phrase as dyad read it ('-' and '_' alike).
std::string Key(const Phrase& p) {
  std::string k;
  for (const PatternElement& el : p) {
    if (!k.empty()) k += '_';
    k += el.text;
  }
  std::replace(k.begin(), k.end(), '-', '_');
  return k;
}

class PeopleDictTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::vector<std::string> files = PeopleFiles();
    if (files.empty()) return;
    DictSpec spec;
    spec.actor_files = files;
    auto set = LoadDictionaries(spec, warnings_);
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    set_ = new std::shared_ptr<const DictionarySet>(*set);
    for (const ActorEntry& a : (*set_)->actors)
      for (const Phrase& p : a.phrases) (*index_)[Key(p)] = &a;
  }
  static void TearDownTestSuite() {
    delete set_;
    set_ = nullptr;
    index_->clear();
    warnings_->clear();
  }
  void SetUp() override {
    if (!set_) GTEST_SKIP() << DictDir() << " has no dyad.people.*.actors.txt (build dyad_default_dict)";
  }
  // The code of `phrase` (words joined by '_') on YYYY-MM-DD: the first dated
  // code covering the day, else the undated default, else "".
  static std::string CodeOn(const std::string& phrase, int y, int m, int d) {
    auto it = index_->find(phrase);
    if (it == index_->end()) return "<no such phrase>";
    const Date day = Date::FromYmd(y, m, d);
    const DatedCode* fallback = nullptr;
    for (const DatedCode& c : it->second->codes) {
      const bool undated = c.from == std::numeric_limits<int32_t>::min() &&
                           c.to == std::numeric_limits<int32_t>::max();
      if (undated) {
        if (!fallback) fallback = &c;
      } else if (c.Covers(day)) {
        return c.code;
      }
    }
    return fallback ? fallback->code : "";
  }
  static std::shared_ptr<const DictionarySet>* set_;
  static std::map<std::string, const ActorEntry*>* index_;
  static std::vector<DictWarning>* warnings_;
};
std::shared_ptr<const DictionarySet>* PeopleDictTest::set_ = nullptr;
std::map<std::string, const ActorEntry*>* PeopleDictTest::index_ =
    new std::map<std::string, const ActorEntry*>();
std::vector<DictWarning>* PeopleDictTest::warnings_ = new std::vector<DictWarning>();

TEST_F(PeopleDictTest, LoadsWithoutWarningsAndIsBigEnough) {
  for (const DictWarning& w : *warnings_) ADD_FAILURE() << w.message;
  EXPECT_GE((*set_)->files.size(), 7u);
  EXPECT_GE((*set_)->actors.size(), 3500u) << "people records";
  for (const ActorEntry& a : (*set_)->actors)
    EXPECT_FALSE(a.codes.empty()) << (*set_)->Where(a.loc) << ": person without a code";
}

TEST_F(PeopleDictTest, OnePersonHasOneCodePerDay) {
  // A person's dated ranges never overlap (office, then XXXELI from the next
  // day), so the code of any day is unambiguous.
  for (const ActorEntry& a : (*set_)->actors) {
    std::vector<std::pair<int32_t, int32_t>> spans;
    for (const DatedCode& c : a.codes) spans.emplace_back(c.from, c.to);
    std::sort(spans.begin(), spans.end());
    for (size_t i = 1; i < spans.size(); ++i)
      EXPECT_GT(spans[i].first, spans[i - 1].second) << (*set_)->Where(a.loc) << ": overlapping ranges";
  }
}

TEST_F(PeopleDictTest, IraqiLeadersChangeCodeWithTheDate) {
  // Ibrahim al-Jaafari: vice-president 2004, PM 2005-05-03..2006-05-20,
  // out of office, Foreign Minister 2014-2018.
  EXPECT_EQ(CodeOn("IBRAHIM_AL_JAAFARI", 2004, 12, 1), "IRQGOV");
  EXPECT_EQ(CodeOn("IBRAHIM_AL_JAAFARI", 2005, 7, 15), "IRQGOV");
  EXPECT_EQ(CodeOn("IBRAHIM_AL_JAAFARI", 2006, 5, 20), "IRQGOV");
  EXPECT_EQ(CodeOn("IBRAHIM_AL_JAAFARI", 2006, 5, 21), "IRQELI");
  EXPECT_EQ(CodeOn("JAAFARI", 2008, 1, 1), "IRQELI");
  EXPECT_EQ(CodeOn("IBRAHIM_JAAFARI", 2016, 3, 1), "IRQGOV");
  EXPECT_EQ(CodeOn("JAAFARI", 2020, 1, 1), "IRQELI");
  // Saddam Hussein: government to the fall of Baghdad, elite afterwards.
  EXPECT_EQ(CodeOn("SADDAM_HUSSEIN", 1995, 1, 1), "IRQGOV");
  EXPECT_EQ(CodeOn("SADDAM_HUSSEIN", 2003, 4, 9), "IRQGOV");
  EXPECT_EQ(CodeOn("SADDAM_HUSSEIN", 2003, 4, 10), "IRQELI");
  EXPECT_EQ(CodeOn("SADDAM", 2006, 12, 1), "IRQELI");
  // Ministers of the interim and transitional governments.
  EXPECT_EQ(CodeOn("HAZIM_AL_SHAALAN", 2004, 12, 1), "IRQGOV");
  EXPECT_EQ(CodeOn("HAZIM_SHAALAN", 2006, 12, 1), "IRQELI");
  EXPECT_EQ(CodeOn("BAYAN_JABR", 2005, 12, 1), "IRQGOV");
}

TEST_F(PeopleDictTest, OfficeOppositionAndInternationalRolesFollowTheDate) {
  struct Case {
    const char* phrase;
    int y, m, d;
    const char* code;
  };
  const Case cases[] = {
      // Held office, then former office holder.
      {"JACQUI_SMITH", 2008, 6, 1, "GBRGOV"},
      {"JACQUI_SMITH", 2012, 6, 1, "GBRELI"},
      {"GERHARD_STOLTENBERG", 1991, 6, 1, "DEUGOV"},
      {"GERHARD_STOLTENBERG", 1993, 6, 1, "DEUELI"},
      {"LLOYD_BENTSEN", 1994, 1, 1, "USAGOV"},
      {"LLOYD_BENTSEN", 1996, 1, 1, "USAELI"},
      // Opposition leader, then in government.
      {"NICK_CLEGG", 2009, 1, 1, "GBROPP"},
      {"NICK_CLEGG", 2012, 1, 1, "GBRGOV"},
      {"KIM_BEAZLEY", 1998, 1, 1, "AUSOPP"},
      // National office, then an international one, then home again.
      {"PADDY_ASHDOWN", 1995, 1, 1, "GBROPP"},
      {"PADDY_ASHDOWN", 2004, 1, 1, "IGO"},
      {"PADDY_ASHDOWN", 2010, 1, 1, "GBRELI"},
      {"LUIS_DE_GUINDOS", 2015, 1, 1, "ESPGOV"},
      {"LUIS_DE_GUINDOS", 2020, 1, 1, "IGOEUREEC"},
      // Military and intelligence chiefs.
      {"DAN_SHOMRON", 1990, 1, 1, "ISRMIL"},
      {"ALI_FALLAHIAN", 1995, 1, 1, "IRNSPY"},
      {"ANATOLY_KVASHNIN", 2000, 1, 1, "RUSMIL"},
      // Armed groups: Hezbollah and Hamas leaders keep their group codes.
      {"FOUAD_SHUKR", 2020, 1, 1, "LBNREBHEZ"},
      {"SALEH_AL_AROURI", 2020, 1, 1, "PSEREBHMS"},
      {"SALEH_AROURI", 2025, 1, 1, "PSEELI"},
      // Soviet and Yugoslav successor states.
      {"VOJISLAV_KOSTUNICA", 2001, 1, 1, "FRYGOV"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(CodeOn(c.phrase, c.y, c.m, c.d), c.code) << c.phrase << " on " << c.y << "-" << c.m << "-" << c.d;
}

TEST_F(PeopleDictTest, NoBareCommonSurnames) {
  // Surnames shared by several office holders, or common words, must not
  // be phrases on their own.
  for (const char* w : {"SMITH", "JOHNSON", "BROWN", "KHAN", "SHARIF", "GANDHI", "CASTRO", "ABBAS",
                        "HASSAN", "ALI", "KIM", "LEE", "PARK", "WANG", "LI", "SINGH", "MOHAMMED",
                        "HUSSEIN", "WALKER", "MAY", "POWELL", "RICE", "KING"})
    EXPECT_EQ(index_->count(w), 0u) << w << " should not be a people phrase";
}

// Through the whole default set and the real coder: the same sentence codes
// its source differently in 2004 and 2006.
class PeopleCoderTest : public test::DefaultCoderTest {};

using V = std::vector<std::string>;

TEST_F(PeopleCoderTest, JaafariIsGovernmentIn2005AndEliteIn2007) {
  const std::string text = "Ibrahim al-Jaafari criticized Iran on Monday.";
  EXPECT_EQ(Code(text, "2004-12-01"), V{"IRQGOV>IRN 111"});
  EXPECT_EQ(Code(text, "2005-07-15"), V{"IRQGOV>IRN 111"});
  EXPECT_EQ(Code(text, "2007-06-01"), V{"IRQELI>IRN 111"});
}

TEST_F(PeopleCoderTest, SaddamIsGovernmentBeforeTheFallOfBaghdadAndEliteAfter) {
  const std::string text = "Saddam Hussein criticized Iran on Monday.";
  EXPECT_EQ(Code(text, "2002-06-01"), V{"IRQGOV>IRN 111"});
  EXPECT_EQ(Code(text, "2003-04-09"), V{"IRQGOV>IRN 111"});
  EXPECT_EQ(Code(text, "2004-06-01"), V{"IRQELI>IRN 111"});
}

}  // namespace
}  // namespace dyad
