// Test fixture shared by the tests that run dyad's generated default
// dictionaries (build/share/dyad/dict) through the real reader and coder.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "dyad/coder.h"
#include "dyad/date.h"
#include "dyad/pipeline.h"
#include "test_env.h"

namespace dyad::test {

inline std::string DefaultDictDir() { return BinaryDir() + "/share/dyad/dict"; }

// One coder over the whole default set per test suite; tests skip (saying
// why) when the dictionaries have not been generated.
class DefaultCoderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::error_code ec;
    if (!std::filesystem::exists(DefaultDictDir() + "/dyad.verbs.txt", ec)) return;
    std::vector<DictWarning> warnings;
    auto set = LoadDictArgument(DefaultDictDir(), &warnings);
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    auto coder = Coder::Create(*set);
    ASSERT_TRUE(coder.ok()) << coder.status().ToString();
    coder_ = coder->release();
  }
  static void TearDownTestSuite() {
    delete coder_;
    coder_ = nullptr;
  }
  void SetUp() override {
    if (!coder_) GTEST_SKIP() << DefaultDictDir() << " not generated (build dyad_default_dict)";
  }
  // "SRC>TGT CODE" for each event of `text` coded as one story on `date`.
  static std::vector<std::string> Code(const std::string& text, const std::string& date = "2005-07-15") {
    Story s;
    s.id = "t";
    s.date = *Date::Parse(date);
    s.text = text;
    std::vector<std::string> out;
    for (const Event& e : coder_->Code(s).events) out.push_back(e.source + ">" + e.target + " " + e.code);
    return out;
  }
  static inline Coder* coder_ = nullptr;
};

}  // namespace dyad::test
