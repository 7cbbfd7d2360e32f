#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "dyad/text.h"

namespace dyad {
namespace {

class TokenizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = Tokenizer::Create();
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    tok_ = std::make_unique<Tokenizer>(std::move(*t));
  }
  // "NORM/kind" dump: kinds as w n p x , . : q ( ) - s ; '^' marks hyphen_before.
  std::string Dump(std::string_view s) {
    tok_->Tokenize(s, out_);
    std::string d;
    for (const Token& t : out_) {
      EXPECT_LE(t.begin, t.end);
      EXPECT_LE(t.end, s.size());
      if (!d.empty()) d += ' ';
      if (t.hyphen_before) d += '^';
      d += t.norm;
      static const char kKinds[] = "wnpx,.:q()-s";
      if (t.kind != TokenKind::kWord) d += std::string("/") + kKinds[static_cast<int>(t.kind)];
    }
    return d;
  }
  std::unique_ptr<Tokenizer> tok_;
  std::vector<Token> out_;
};

TEST_F(TokenizerTest, WordsAndPunctuation) {
  EXPECT_EQ(Dump("Iran pledged aid, training; and more."), "IRAN PLEDGED AID ,/, TRAINING ;/: AND MORE ./.");
  EXPECT_EQ(Dump("Why? Really!"), "WHY ?/. REALLY !/.");
  EXPECT_EQ(Dump("(Baghdad) [x]"), "(/( BAGHDAD )/) [/( X ]/)");
}

TEST_F(TokenizerTest, Hyphens) {
  EXPECT_EQ(Dump("Saadoun al-Duleimi"), "SAADOUN AL ^DULEIMI");
  EXPECT_EQ(Dump("an eight-year-long war"), "AN EIGHT ^YEAR ^LONG WAR");
  EXPECT_EQ(Dump("indeed\u2014especially"), "INDEED --/- ESPECIALLY");
  EXPECT_EQ(Dump("war -- and - peace"), "WAR --/- AND -/- PEACE");
  EXPECT_EQ(Dump("U.S.-led forces"), "U.S. ^LED FORCES");
}

TEST_F(TokenizerTest, Possessives) {
  EXPECT_EQ(Dump("Iraq's army"), "IRAQ 'S/p ARMY");
  EXPECT_EQ(Dump("Iraq\u2019s army"), "IRAQ 'S/p ARMY");
  EXPECT_EQ(Dump("the countries' leaders"), "THE COUNTRIES '/p LEADERS");
  EXPECT_EQ(Dump("O'Brien said"), "O'BRIEN SAID");
}

TEST_F(TokenizerTest, Negations) {
  EXPECT_EQ(Dump("didn't"), "DID N'T/x");
  EXPECT_EQ(Dump("can't"), "CA N'T/x");
  EXPECT_EQ(Dump("won't"), "WO N'T/x");
  EXPECT_EQ(Dump("Iran doesn\u2019t"), "IRAN DOES N'T/x");
  EXPECT_EQ(Dump("We've come"), "WE 'VE COME");
}

TEST_F(TokenizerTest, Numbers) {
  EXPECT_EQ(Dump("about 140,000 troops"), "ABOUT 140,000/n TROOPS");
  EXPECT_EQ(Dump("$1 billion and 1.5 percent in 1980"), "$1/n BILLION AND 1.5/n PERCENT IN 1980/n");
  EXPECT_EQ(Dump("the 1990s"), "THE 1990S");
  EXPECT_EQ(Dump("12-year break"), "12/n ^YEAR BREAK");
  EXPECT_EQ(Dump("50%"), "50/n %/s");
}

TEST_F(TokenizerTest, Abbreviations) {
  EXPECT_EQ(Dump("The U.S. Army said."), "THE U.S. ARMY SAID ./.");
  EXPECT_EQ(Dump("to the U.N."), "TO THE U.N.");
  EXPECT_EQ(Dump("Gen. Smith met Mr. Jones"), "GEN. SMITH MET MR. JONES");
  EXPECT_EQ(Dump("George W. Bush"), "GEORGE W. BUSH");
  EXPECT_EQ(Dump("AT&T"), "AT&T");
  EXPECT_EQ(Dump("He said no."), "HE SAID NO ./.");
  EXPECT_EQ(Dump("said, \u201C[T]he party"), "SAID ,/, \"/q THE PARTY");
  EXPECT_EQ(Dump("[the] party"), "[/( THE ]/) PARTY");
}

TEST_F(TokenizerTest, Quotes) {
  EXPECT_EQ(Dump("\u201CWe came,\u201D he said"), "\"/q WE CAME ,/, \"/q HE SAID");
  EXPECT_EQ(Dump("\"Yes\" and 'no' and ``so''"), "\"/q YES \"/q AND '/q NO '/q AND \"/q SO \"/q");
}

TEST_F(TokenizerTest, AccentsAreFolded) {
  EXPECT_EQ(Dump("\u00C9ire and S\u00E3o Paulo, Stra\u00DFe"), "EIRE AND SAO PAULO ,/, STRASSE");
  tok_->Tokenize("\u00C9ire", out_);
  ASSERT_EQ(out_.size(), 1u);
  EXPECT_TRUE(out_[0].capitalized);
}

TEST_F(TokenizerTest, OffsetsAndCapitalization) {
  const std::string s = "Iraq\u2019s al-Duleimi didn't go.";
  tok_->Tokenize(s, out_);
  std::vector<std::string> texts;
  for (const Token& t : out_) texts.push_back(s.substr(t.begin, t.end - t.begin));
  EXPECT_EQ(texts, (std::vector<std::string>{"Iraq", "\u2019s", "al", "Duleimi", "did", "n't", "go", "."}));
  EXPECT_TRUE(out_[0].capitalized);
  EXPECT_FALSE(out_[2].capitalized);
  EXPECT_TRUE(out_[3].capitalized);
  EXPECT_TRUE(out_[3].hyphen_before);
  EXPECT_FALSE(out_[4].hyphen_before);
}

TEST_F(TokenizerTest, ReusesOutput) {
  tok_->Tokenize("one two three four", out_);
  EXPECT_EQ(out_.size(), 4u);
  tok_->Tokenize("five", out_);
  ASSERT_EQ(out_.size(), 1u);
  EXPECT_EQ(out_[0].norm, "FIVE");
  tok_->Tokenize("", out_);
  EXPECT_TRUE(out_.empty());
}

TEST_F(TokenizerTest, RandomBytesNeverCrash) {
  std::mt19937 rng(42);
  const std::string alphabet = "aZ9 .,'-\"()$&\xe2\x80\x99\xc3\xa9\xff\x80\n";
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s(rng() % 64, '\0');
    for (char& c : s) c = (iter % 2) ? static_cast<char>(rng()) : alphabet[rng() % alphabet.size()];
    tok_->Tokenize(s, out_);
    uint32_t prev_end = 0;
    for (const Token& t : out_) {
      ASSERT_LT(t.begin, t.end);
      ASSERT_LE(t.end, s.size());
      ASSERT_GE(t.begin, prev_end);
      prev_end = t.end;
    }
  }
}

}  // namespace
}  // namespace dyad
