// Floors for the default dictionaries on the PLOVER GSR gold sentences
// (../shared/data/gold/plover_gsr_cameo.dev.jsonl): the figures measured
// when the dictionaries were last tuned (docs/quality/news-sample.md), so a
// dictionary or coder change that loses gold sentences fails here.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "dyad/coder.h"
#include "dyad/eval.h"
#include "dyad/pipeline.h"
#include "test_env.h"

namespace dyad {
namespace {

// Measured 2026-11-25 (news rules of round 8, 64037ab): 115/161 = 71.4%
// recall-like, 126/151 = 83.4% event precision. The recall floor is issue
// 3's target (70%: 113 sentences); the precision floor is a little below the
// measured figure to allow for coder changes that trade one event for another.
constexpr double kMinRecall = 0.70;
constexpr double kMinPrecision = 0.80;

TEST(GoldFloors, DefaultDictionariesOnCameoManualSentences) {
  DYAD_REQUIRE_SHARED(gold_path, "data/gold/plover_gsr_cameo.dev.jsonl");
  const std::string dict = test::BinaryDir() + "/share/dyad/dict";
  std::error_code ec;
  if (!std::filesystem::exists(dict + "/dyad.verbs.txt", ec))
    GTEST_SKIP() << dict << " not generated (build dyad_default_dict)";
  std::vector<DictWarning> warnings;
  auto set = LoadDictArgument(dict, &warnings);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  auto coder = Coder::Create(*set);
  ASSERT_TRUE(coder.ok()) << coder.status().ToString();
  auto gold = ReadGoldFile(gold_path);
  ASSERT_TRUE(gold.ok()) << gold.status().ToString();
  ASSERT_GT(gold->size(), 100u);
  const EvalReport r = Evaluate(**coder, *gold);
  EXPECT_GE(r.recall(), kMinRecall) << FormatEvalReport(r, *gold, /*verbose=*/false);
  EXPECT_GE(r.precision(), kMinPrecision) << FormatEvalReport(r, *gold, /*verbose=*/false);
}

}  // namespace
}  // namespace dyad
