// The tokenizer's 16-byte word steps (src/text/scan.h) against their
// byte-loop definitions.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "text/scan.h"

namespace dyad::text {
namespace {

std::string Upper(std::string_view s) {
  std::string u(s);
  for (char& c : u)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return u;
}

// Random strings of letters, digits, punctuation and high bytes; every
// letter position near the end is tried.
TEST(Scan, UpperWordTail16MatchesByteLoops) {
#if !DYAD_SSE2
  GTEST_SKIP() << "no SSE2: UpperWordTail16 always defers to the general path";
#endif
  std::mt19937 rng(5);
  const std::string alphabet = "abcXYZ0189 .,'-&_\x80\xE2\xFF\tQq";
  int checked = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string s(16 + rng() % 24, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    for (size_t from = s.size() - 15; from < s.size(); ++from) {
      const char c = s[from];
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) continue;
      char buf[16];
      const size_t j = UpperWordTail16(s, from, buf);
      ASSERT_EQ(j, SkipAsciiAlnum(s, from + 1)) << "[" << s << "] from " << from;
      ASSERT_EQ(std::string(buf, 16), Upper(std::string_view(s).substr(s.size() - 16))) << "[" << s << "]";
      ASSERT_EQ(std::string(buf + (from + 16 - s.size()), j - from), Upper(std::string_view(s).substr(from, j - from)));
      ++checked;
    }
  }
  EXPECT_GT(checked, 10000);
}

TEST(Scan, UpperWordTail16WordToTheEnd) {
#if !DYAD_SSE2
  GTEST_SKIP() << "no SSE2";
#endif
  const std::string s = "said the ministers";
  char buf[16];
  EXPECT_EQ(UpperWordTail16(s, 9, buf), s.size());
  EXPECT_EQ(std::string(buf + (9 + 16 - s.size()), s.size() - 9), "MINISTERS");
  EXPECT_EQ(UpperWordTail16(s, 5, buf), 8u);  // "the", ended by a space
  EXPECT_EQ(std::string(buf + (5 + 16 - s.size()), 3), "THE");
}

// IsAscii and ScanFlags read a tail shorter than 16 bytes as the last 16
// bytes of the string: every length and every position of the odd byte.
TEST(Scan, IsAsciiAndScanFlagsMatchByteLoops) {
  std::mt19937 rng(11);
  const std::string alphabet = "abz AZM.!?,\x80\xC3\xFF" "09";
  for (int iter = 0; iter < 20000; ++iter) {
    std::string s(rng() % 48, 'x');
    for (char& c : s) c = (rng() % 8 == 0) ? alphabet[rng() % alphabet.size()] : ' ';
    bool ascii = true, term = false, up = false, low = false;
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      ascii &= c < 0x80;
      term |= c == '.' || c == '!' || c == '?';
      up |= c >= 'A' && c <= 'Z';
      low |= c >= 'a' && c <= 'z';
    }
    ASSERT_EQ(IsAscii(s), ascii) << "[" << s << "]";
    const TextFlags f = ScanFlags(s);
    ASSERT_EQ(f.non_ascii, !ascii) << "[" << s << "]";
    ASSERT_EQ(f.terminator, term) << "[" << s << "]";
    ASSERT_EQ(f.upper, up) << "[" << s << "]";
    ASSERT_EQ(f.lower, low) << "[" << s << "]";
  }
}

}  // namespace
}  // namespace dyad::text
