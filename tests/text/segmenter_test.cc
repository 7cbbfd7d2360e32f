#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <thread>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "dyad/text.h"

namespace dyad {
namespace {

std::vector<std::string> Split(std::string_view text) {
  auto seg = Segmenter::Create();
  EXPECT_TRUE(seg.ok()) << seg.status().ToString();
  std::vector<std::string> out;
  for (const SentenceSpan& s : seg->Split(text)) {
    EXPECT_LT(s.begin, s.end);
    EXPECT_LE(s.end, text.size());
    out.emplace_back(text.substr(s.begin, s.end - s.begin));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(Segmenter, SimpleSentences) {
  EXPECT_EQ(Split("Iran pledged aid. Iraq thanked it! Why? "),
            (V{"Iran pledged aid.", "Iraq thanked it!", "Why?"}));
}

TEST(Segmenter, AbbreviationsDoNotSplit) {
  EXPECT_EQ(Split("The U.S. Army said. Then it left."), (V{"The U.S. Army said.", "Then it left."}));
  EXPECT_EQ(Split("Gen. Smith met Mr. Jones and Dr. Who on Jan. 5 in St. Louis."),
            (V{"Gen. Smith met Mr. Jones and Dr. Who on Jan. 5 in St. Louis."}));
  EXPECT_EQ(Split("Lt. Col. Adams and Sgt. Brown met Sen. Reid, Rep. Pelosi and Gov. Perry."),
            (V{"Lt. Col. Adams and Sgt. Brown met Sen. Reid, Rep. Pelosi and Gov. Perry."}));
  EXPECT_EQ(Split("The U.N. Security Council met. The U.K. agreed."),
            (V{"The U.N. Security Council met.", "The U.K. agreed."}));
}

TEST(Segmenter, AbbreviationFollowedByPronounEndsSentence) {
  EXPECT_EQ(Split("He went to the U.S. He left."), (V{"He went to the U.S.", "He left."}));
  EXPECT_EQ(Split("Troops came from the U.K. The army agreed."), (V{"Troops came from the U.K.", "The army agreed."}));
  // A capitalised noun after the abbreviation does not end the sentence.
  EXPECT_EQ(Split("He met U.S. Ambassador Khalilzad."), (V{"He met U.S. Ambassador Khalilzad."}));
}

TEST(Segmenter, QuotesAndParenthesesStayWithTheirSentence) {
  EXPECT_EQ(Split("\u201CWe will help,\u201D he said. \u201CNo one can stop us.\u201D Iran agreed."),
            (V{"\u201CWe will help,\u201D he said.", "\u201CNo one can stop us.\u201D", "Iran agreed."}));
  EXPECT_EQ(Split("Iran agreed. (Iraq later denied it.) Talks went on."),
            (V{"Iran agreed.", "(Iraq later denied it.)", "Talks went on."}));
  EXPECT_EQ(Split("He said \"stop.\" Then he left."), (V{"He said \"stop.\"", "Then he left."}));
  EXPECT_EQ(Split("\u201CWhy?\u201D he asked. \"Now!\" they cried. Why? Iran asked."),
            (V{"\u201CWhy?\u201D he asked.", "\"Now!\" they cried.", "Why?", "Iran asked."}));
}

TEST(Segmenter, BlankLinesEndSentencesSingleNewlinesDoNot) {
  EXPECT_EQ(Split("A headline without a period\n\nThe body starts here\nand goes on. Done."),
            (V{"A headline without a period", "The body starts here\nand goes on.", "Done."}));
  EXPECT_EQ(Split("One\n \t\nTwo\r\n\r\nThree"), (V{"One", "Two", "Three"}));
}

TEST(Segmenter, NoEmptySentences) {
  EXPECT_TRUE(Split("").empty());
  EXPECT_TRUE(Split("   \n\n \t ").empty());
  for (const std::string& s : Split("... !!! \n\n ?? . . ."))
    EXPECT_FALSE(s.empty());
}

TEST(Segmenter, OffsetsAreBytesIntoTheText) {
  const std::string text = "Caf\u00e9 owners protested. Iran\u2019s minister left.";
  auto seg = Segmenter::Create();
  ASSERT_TRUE(seg.ok());
  auto spans = seg->Split(text);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(text.substr(spans[1].begin, spans[1].end - spans[1].begin), "Iran\u2019s minister left.");
}

TEST(Segmenter, CopiesWorkIndependently) {
  auto seg = Segmenter::Create();
  ASSERT_TRUE(seg.ok());
  Segmenter copy = *seg;
  EXPECT_EQ(copy.Split("A b. C d.").size(), 2u);
  EXPECT_EQ(seg->Split("A b. C d. E f.").size(), 3u);
}

TEST(Segmenter, SharedInstanceIsThreadSafe) {
  auto seg = Segmenter::Create();
  ASSERT_TRUE(seg.ok());
  const std::string text = "Iran agreed. The U.S. Army left. Gen. Smith stayed. \u201CWhy?\u201D he asked.";
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int k = 0; k < 300; ++k)
        if (seg->Split(text).size() != 4u) ++bad;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

TEST(Segmenter, InvalidUtf8DoesNotCrash) {
  std::string bad = "Iran \xff\xfe agreed. \xc3 Iraq \xe2\x80 left.\x80";
  auto seg = Segmenter::Create();
  ASSERT_TRUE(seg.ok());
  auto spans = seg->Split(bad);
  EXPECT_FALSE(spans.empty());
  for (auto s : spans) EXPECT_LE(s.end, bad.size());
}

TEST(Segmenter, RandomBytesNeverCrash) {
  auto seg = Segmenter::Create();
  ASSERT_TRUE(seg.ok());
  std::mt19937 rng(11);
  const std::string alphabet = "aZ .?!\n\n\"()U.S. Mr. \xe2\x80\x9d\xe2\x80\xa6\xc3\xa9\xff\x80";
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s(rng() % 80, '\0');
    for (char& c : s) c = (iter % 2) ? static_cast<char>(rng()) : alphabet[rng() % alphabet.size()];
    uint32_t prev_end = 0;
    for (const SentenceSpan& span : seg->Split(s)) {
      ASSERT_LT(span.begin, span.end);
      ASSERT_LE(span.end, s.size());
      ASSERT_GE(span.begin, prev_end);
      prev_end = span.end;
    }
  }
}

TEST(Segmenter, IraqIranArticle) {
  const char* shared = std::getenv("DYAD_SHARED_DIR");
  const std::string path = std::string(shared ? shared : "") + "/examples/iraq-iran-military-cooperation.txt";
  std::ifstream in(path);
  if (!shared || !in) GTEST_SKIP() << "../shared is absent (" << path << ")";
  std::stringstream ss;
  ss << in.rdbuf();
  const V s = Split(ss.str());
  auto has = [&](const std::string& want) {
    for (const auto& x : s)
      if (x == want) return true;
    return false;
  };
  EXPECT_EQ(s.front(), "Iraq, Iran Announce Military Cooperation");
  EXPECT_TRUE(has("Does the United States have any say?"));
  EXPECT_TRUE(has("\u201CWe have come to our Iranian brothers to ask them for help,\u201D an Iraqi official "
                  "announced last week."));
  EXPECT_TRUE(has("The Iranian minister said that the agreement included Iran\u2019s training of Iraqi armed forces."));
  EXPECT_TRUE(has("This budding relationship is deeply significant."));
  // "U.S." inside a sentence does not split it.
  EXPECT_TRUE(has("Not only would Iran like to edge the U.S. out of its backyard, it wants to swing Iraq into "
                  "close alignment with itself."));
  EXPECT_TRUE(has("The Iranian defense minister went so far as to ask Baghdad to prevent the U.S. from "
                  "establishing a long-term base on its soil."));
  EXPECT_EQ(s.back(), "The situation is about to get a lot more interesting.");
  for (const auto& x : s) EXPECT_FALSE(x.empty());
}

}  // namespace
}  // namespace dyad

namespace dyad {
namespace {

TEST(SegmenterLowerCase, SplitsLowerCasedCorpusText) {
  auto seg = Segmenter::Create();
  ASSERT_TRUE(seg.ok());
  const std::string text =
      "the minister met u.s. officials on monday. mr. blair said talks went well.  "
      "the deal was signed? yes it was! the end";
  const auto spans = seg->Split(text);
  std::vector<std::string> got;
  for (const auto& s : spans) got.push_back(text.substr(s.begin, s.end - s.begin));
  EXPECT_EQ(got, (std::vector<std::string>{"the minister met u.s. officials on monday.",
                                           "mr. blair said talks went well.", "the deal was signed?",
                                           "yes it was!", "the end"}));
}

}  // namespace
}  // namespace dyad
