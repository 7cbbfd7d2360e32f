// The ASCII fast path of the Segmenter against ICU's BreakIterator: raw
// breaks on random text, and whole Segmenter output (abbreviations,
// quotes, lower-cased text, blank lines) on random and real news text.
#include <gtest/gtest.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dyad/text.h"
#include "news_lines.h"
#include "text/sentence_breaks.h"

namespace dyad {
namespace {

using text::SbClass;

std::vector<uint32_t> FastBreaks(const text::AsciiSentenceClasses& cls, std::string_view s) {
  std::vector<uint32_t> out;
  text::AsciiSentenceBreaks(cls, s, [&](size_t p) { out.push_back(static_cast<uint32_t>(p)); });
  return out;
}

std::vector<uint32_t> IcuBreaks(icu::BreakIterator& bi, std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\f' || c == '\v') c = ' ';
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, s.data(), static_cast<int64_t>(s.size()), &status);
  bi.setText(&ut, status);
  std::vector<uint32_t> out;
  bi.first();
  for (int32_t p = bi.next(); p != icu::BreakIterator::DONE; p = bi.next()) out.push_back(static_cast<uint32_t>(p));
  UText empty = UTEXT_INITIALIZER;
  utext_openUTF8(&empty, "", 0, &status);
  bi.setText(&empty, status);
  utext_close(&empty);
  utext_close(&ut);
  return out;
}

std::unique_ptr<icu::BreakIterator> IcuSentences() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> bi(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), status));
  EXPECT_TRUE(U_SUCCESS(status));
  return bi;
}

TEST(AsciiSentenceBreaks, ClassesComeFromIcu) {
  const auto cls = text::AsciiSentenceClasses::FromIcu();
  EXPECT_EQ(cls.Get('.'), SbClass::kATerm);
  EXPECT_EQ(cls.Get('?'), SbClass::kSTerm);
  EXPECT_EQ(cls.Get('!'), SbClass::kSTerm);
  EXPECT_EQ(cls.Get('a'), SbClass::kLower);
  EXPECT_EQ(cls.Get('Q'), SbClass::kUpper);
  EXPECT_EQ(cls.Get('7'), SbClass::kNumeric);
  EXPECT_EQ(cls.Get('"'), SbClass::kClose);
  EXPECT_EQ(cls.Get(')'), SbClass::kClose);
  EXPECT_EQ(cls.Get(','), SbClass::kSContinue);
  EXPECT_EQ(cls.Get(' '), SbClass::kSp);
  EXPECT_EQ(cls.Get('\n'), SbClass::kSp);  // the Segmenter turns line ends into spaces
  EXPECT_EQ(cls.Get(0xC3), SbClass::kUnsupported);
  EXPECT_TRUE(cls.Supported("Iran agreed. \"Why?\" he asked (twice)."));
  EXPECT_FALSE(cls.Supported("Caf\u00e9."));
}

TEST(AsciiSentenceBreaks, Examples) {
  const auto cls = text::AsciiSentenceClasses::FromIcu();
  auto bi = IcuSentences();
  for (std::string_view s : {"Iran agreed. Iraq left.", "He said \"stop.\" Then he left.", "It cost 3.5 bn. Fine.",
                             "The U.S. Army left.", "Why? he asked. OK!", "etc. and so on", "A.B", "x.  (Y) z",
                             "Done.", "", "..."}) {
    EXPECT_EQ(FastBreaks(cls, s), IcuBreaks(*bi, std::string(s))) << s;
  }
  EXPECT_EQ(FastBreaks(cls, "Iran agreed. Iraq left."), (std::vector<uint32_t>{13, 23}));
}

// Random strings over one or two representatives of every ASCII class.
TEST(AsciiSentenceBreaks, MatchesIcuOnRandomText) {
  const auto cls = text::AsciiSentenceClasses::FromIcu();
  auto bi = IcuSentences();
  std::mt19937 rng(2026);
  const std::string alphabet = "aaabZZY19..!?\"'()[]{},-:; \t\n#$&%_`*";
  for (int iter = 0; iter < 60000; ++iter) {
    std::string s(rng() % 24, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    ASSERT_EQ(FastBreaks(cls, s), IcuBreaks(*bi, s)) << "text: [" << s << "]";
  }
  // Every ASCII byte, including control characters.
  for (int iter = 0; iter < 20000; ++iter) {
    std::string s(rng() % 16, ' ');
    for (char& c : s) c = static_cast<char>(rng() % 128);
    if (!cls.Supported(s)) continue;
    ASSERT_EQ(FastBreaks(cls, s), IcuBreaks(*bi, s));
  }
}

std::vector<std::string> Spans(const Segmenter& seg, const std::string& text) {
  std::vector<std::string> out;
  for (const SentenceSpan& sp : seg.Split(text)) out.push_back(text.substr(sp.begin, sp.end - sp.begin));
  return out;
}

class SegmenterFastPath : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fast = Segmenter::Create();
    auto icu = Segmenter::Create(SegmenterOptions{.ascii_fast_path = false});
    ASSERT_TRUE(fast.ok() && icu.ok());
    fast_ = std::make_unique<Segmenter>(std::move(*fast));
    icu_ = std::make_unique<Segmenter>(std::move(*icu));
  }
  void Same(const std::string& text) {
    EXPECT_EQ(Spans(*fast_, text), Spans(*icu_, text)) << "text: [" << text << "]";
  }
  std::unique_ptr<Segmenter> fast_, icu_;
};

TEST_F(SegmenterFastPath, SameAsIcuOnExamples) {
  Same("Iran pledged aid. Iraq thanked it! Why? ");
  Same("The U.S. Army said. Then it left. He went to the U.S. He left.");
  Same("Gen. Smith met Mr. Jones and Dr. Who on Jan. 5 in St. Louis. George W. Bush spoke.");
  Same("He said \"stop.\" Then he left. \"Why?\" he asked. (Iraq later denied it.) Talks went on.");
  Same("A headline\n\nThe body starts here\nand goes on. Done.\r\n\r\nThree");
  Same("the minister met u.s. officials on monday. mr. blair said talks went well. the end");
  Same("Prices rose 3.5 percent. Sales fell.Then what? Nothing... Really!? Yes.");
  // Non-ASCII paragraphs take the ICU path in both.
  Same("\u201CWe will help,\u201D he said. \u201CNo one can stop us.\u201D Iran agreed.\n\nPlain ASCII. Here.");
}

// Random texts made of words that exercise the rules and the suppressions.
TEST_F(SegmenterFastPath, SameAsIcuOnRandomWords) {
  const std::vector<std::string> words = {
      "Iran", "said", "the", "U.S.", "U.N.", "Mr.", "Gen.", "Jan.", "W.", "He", "They", "It's", "etc.",
      "Inc.", "a.m.", "3.5", "1980.", "agreed.", "left!", "why?", "\"Why?\"", "(Iraq", "denied.)", "\"stop.\"",
      "'no'", "--", "-", ",", ";", ":", "...", "a", "b.", "x.y", "St.", "co.", "mr.", "u.s.", "\n", "\n\n",
      "\t", "(", ")", "[T]he", "No.", "A-list", "The"};
  std::mt19937 rng(7);
  for (int iter = 0; iter < 20000; ++iter) {
    std::string s;
    const size_t n = rng() % 20;
    for (size_t k = 0; k < n; ++k) {
      s += words[rng() % words.size()];
      if (rng() % 5) s += ' ';
    }
    Same(s);
    if (HasFailure()) return;
  }
}

// Real news text (../shared): each line of the corpora, and the BBC lines
// with their sentences capitalised so that ICU's rules, not the lower-case
// fallback, apply to them.
TEST_F(SegmenterFastPath, SameAsIcuOnNewsCorpora) {
  std::string missing;
  const std::vector<std::string> lines = test::NewsLines(4000, &missing);
  if (!missing.empty()) GTEST_SKIP() << "../shared is absent (" << missing << ")";
  for (const std::string& line : lines) {
    Same(line);
    std::string cap = line;
    bool start = true;
    for (size_t i = 0; i < cap.size(); ++i) {
      if (start && cap[i] >= 'a' && cap[i] <= 'z') cap[i] = static_cast<char>(cap[i] - 'a' + 'A');
      if (cap[i] != ' ') start = cap[i] == '.' || cap[i] == '?' || cap[i] == '!';
      if (cap[i] == '\\' && i + 1 < cap.size() && cap[i + 1] == 'n') cap[i] = '\n', cap[i + 1] = '\n';
    }
    Same(cap);
    if (HasFailure()) return;
  }
  EXPECT_GT(lines.size(), 1000u);
}

}  // namespace
}  // namespace dyad

namespace dyad {
namespace {

// Lower-cased corpora (the BBC text) take the fallback in both modes; the
// abbreviation list is matched in lower case.
TEST(SegmenterLowerCaseFallback, LowerCaseAbbreviationsDoNotSplit) {
  auto seg = Segmenter::Create();
  ASSERT_TRUE(seg.ok());
  const std::string text =
      "gen. smith met messrs. brown and jones on jan. 5 at approx. 10 a.m. in st. louis. prof. lee said "
      "no. really? the ph.d. thesis was done! sen. reid left. the end.";
  std::vector<std::string> got;
  for (const auto& s : seg->Split(text)) got.push_back(text.substr(s.begin, s.end - s.begin));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "gen. smith met messrs. brown and jones on jan. 5 at approx. 10 a.m. in st. louis.",
                     "prof. lee said no. really?", "the ph.d. thesis was done!", "sen. reid left.", "the end."}));
}

}  // namespace
}  // namespace dyad
