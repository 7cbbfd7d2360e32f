#include "base/ascii.h"

#include <gtest/gtest.h>

namespace dyad {
namespace {

TEST(AsciiLower, FoldsOnlyAToZ) {
  EXPECT_EQ(AsciiLower("IRQ Gov-2005 @[Z]"), "irq gov-2005 @[z]");
  // UTF-8 bytes and the neighbours of A-Z are left alone.
  EXPECT_EQ(AsciiLower("\xC3\x89TAT \xC3\xA9t\xC3\xA9"), "\xC3\x89tat \xC3\xA9t\xC3\xA9");
  EXPECT_EQ(AsciiLower(std::string_view("@[`{")), "@[`{");
  EXPECT_EQ(AsciiLower('Q'), 'q');
  EXPECT_EQ(AsciiLower('\xC9'), '\xC9');
  std::string s = "Phoenix.Countries.ACTORS.txt";
  AsciiLowerInPlace(s);
  EXPECT_EQ(s, "phoenix.countries.actors.txt");
  EXPECT_EQ(AsciiLower(""), "");
}

}  // namespace
}  // namespace dyad
