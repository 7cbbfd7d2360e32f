// The Tokenizer's ASCII fast path against the general scanner (UTF-8
// decoding, ICU transliteration): every token field must be the same.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "dyad/text.h"
#include "news_lines.h"

namespace dyad {
namespace {

std::string Dump(const std::vector<Token>& v) {
  std::string d;
  for (const Token& t : v) {
    d += std::to_string(t.begin) + "-" + std::to_string(t.end) + ":" + std::to_string(static_cast<int>(t.kind)) + ":" +
         t.norm + (t.capitalized ? ":C" : "") + (t.hyphen_before ? ":H" : "") + " ";
  }
  return d;
}

class TokenizerFastPath : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fast = Tokenizer::Create();
    auto slow = Tokenizer::Create(TokenizerOptions{.ascii_fast_path = false});
    ASSERT_TRUE(fast.ok() && slow.ok());
    fast_ = std::make_unique<Tokenizer>(std::move(*fast));
    slow_ = std::make_unique<Tokenizer>(std::move(*slow));
  }
  void Same(std::string_view s) {
    fast_->Tokenize(s, a_);
    slow_->Tokenize(s, b_);
    EXPECT_EQ(Dump(a_), Dump(b_)) << "text: [" << s << "]";
  }
  std::unique_ptr<Tokenizer> fast_, slow_;
  std::vector<Token> a_, b_;
};

TEST_F(TokenizerFastPath, SameTokensOnExamples) {
  Same("Iran pledged aid, training; and more.");
  Same("The U.S. Army said. Gen. Smith met Mr. Jones and George W. Bush at 5 p.m. in St. Louis.");
  Same("Iraq's army, the countries' leaders, O'Brien didn't, can't, won't; we've they're I'll he'd I'm");
  Same("Saadoun al-Duleimi, an eight-year-long war -- and - peace, U.S.-led forces, Dol_Amroth");
  Same("about 140,000 troops, $1 billion and 1.5 percent in 1980, the 1990s, 12-year break, 50% .5 a.5");
  Same("\"Yes\" and 'no' and ``so'' (Baghdad) [x] said, \"[T]he party [the] party AT&T R&D");
  Same("Why? Really! Wait... what?! ok.. x!? {braces} <angle> #tag @user a/b c\\d ~ ^ * +=|");
  Same("A B C. D.E. F.G.H e.g. i.e. etc. No. 5 nos. Co. Ltd. Inc., Corp.; Jr.) Sr.\"");
  // Non-ASCII sentences take the general path in both.
  Same("\u00C9ire and S\u00E3o Paulo, Iraq\u2019s \u201Cwar\u201D");
}

// Words before a period take the fast lane unless the period joins them
// ("U.S", "1.5") or they keep it (abbreviations and initials with more
// text after them), and so do words before a hyphen; positions near the
// sentence's end use its last 16 bytes.
TEST_F(TokenizerFastPath, SameTokensForWordsBeforePeriodsAndHyphens) {
  for (std::string_view w : {"said", "Gen", "Gens", "Mr", "W", "w", "St", "Blvd", "Messrs", "approx", "Inc",
                             "x", "Iraq2", "a1b", "VeryLongWordOfTwentySix"}) {
    for (std::string_view after : {"", " ", " Smith", " he", "\"", ")", " 5", "5", "a", ".", "..", "!", " \"Yes\""}) {
      for (std::string_view joint : {".", "-", "_", "--", "-.", "_-"}) {
        const std::string word = std::string(w) + std::string(joint) + std::string(after);
        Same(word);
        Same("The officials in the capital " + word);
        Same("x " + word + " and more text after it, for sixteen bytes");
      }
    }
  }
}

TEST_F(TokenizerFastPath, SameTokensOnRandomAscii) {
  std::mt19937 rng(99);
  const std::string alphabet = "aZbY9 0.,'-\"()$&_`[];:!?%/\n\tsSnNtT";
  for (int iter = 0; iter < 50000; ++iter) {
    std::string s(rng() % 32, ' ');
    for (char& c : s) c = (iter % 3 == 0) ? static_cast<char>(rng() % 128) : alphabet[rng() % alphabet.size()];
    Same(s);
    if (HasFailure()) return;
  }
}

TEST_F(TokenizerFastPath, SameTokensOnNewsCorpora) {
  std::string missing;
  const std::vector<std::string> lines = test::NewsLines(4000, &missing);
  if (!missing.empty()) GTEST_SKIP() << "../shared is absent (" << missing << ")";
  for (const std::string& line : lines) {
    Same(line);
    if (HasFailure()) return;
  }
  EXPECT_GT(lines.size(), 1000u);
}

}  // namespace
}  // namespace dyad

namespace dyad {
namespace {

// The transliterator is built on the first non-ASCII word, once, even when
// copies of a Tokenizer made before that use it from several threads.
TEST(TokenizerLazyTransliterator, CopiesFoldNonAsciiFromThreads) {
  auto tok = Tokenizer::Create();
  ASSERT_TRUE(tok.ok());
  std::vector<Tokenizer> copies(4, *tok);
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (Tokenizer& t : copies) {
    threads.emplace_back([&t, &bad] {
      std::vector<Token> out;
      for (int k = 0; k < 200; ++k) {
        t.Tokenize("\u00C9ire and S\u00E3o Paulo, Stra\u00DFe", out);
        if (out.size() != 6 || out[0].norm != "EIRE" || out[3].norm != "PAULO" || out[5].norm != "STRASSE") ++bad;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
  std::vector<Token> out;
  tok->Tokenize("S\u00E3o Tom\u00E9", out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].norm, "TOME");
}

}  // namespace
}  // namespace dyad
