// The packed BLOBs of schema v6: event blocks and group cells.
#include "store/event_pack.h"

#include <gtest/gtest.h>

namespace dyad::store {
namespace {

TEST(EventPackTest, BlocksRoundTripAndRefuseTruncation) {
  BlockEvent a;
  a.seq = 0;
  a.sentence = 3;
  a.src = 1;
  a.tgt = 300;  // two-byte varint
  a.code = 17;
  a.verb_start = 14;
  a.verb_end = 22;
  a.src_text = "Iraq\xE2\x80\x99s premier";  // UTF-8 kept as bytes
  a.tgt_text = "Tehran";
  a.verb_text = "visited";
  BlockEvent b;  // unknown offsets, no evidence
  b.seq = 1u << 20;
  b.sentence = 0;
  b.src = 2;
  b.tgt = 2;
  b.code = 1;
  std::string block;
  AppendBlockEvent(block, a);
  AppendBlockEvent(block, b);
  std::vector<BlockEvent> out;
  ASSERT_TRUE(DecodeBlock(block, &out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].sentence, 3u);
  EXPECT_EQ(out[0].tgt, 300);
  EXPECT_EQ(out[0].verb_start, 14);
  EXPECT_EQ(out[0].verb_end, 22);
  EXPECT_EQ(out[0].src_text, "Iraq\xE2\x80\x99s premier");
  EXPECT_EQ(out[0].verb_text, "visited");
  EXPECT_EQ(out[1].seq, 1 << 20);
  EXPECT_EQ(out[1].verb_start, -1);
  EXPECT_EQ(out[1].verb_end, -1);
  EXPECT_TRUE(out[1].src_text.empty());
  // Every cut of the block but the one between the two events is malformed.
  std::string first;
  AppendBlockEvent(first, a);
  for (size_t n = 1; n < block.size(); ++n) {
    if (n == first.size()) continue;
    EXPECT_FALSE(DecodeBlock(std::string_view(block).substr(0, n), &out)) << n;
  }
  EXPECT_TRUE(DecodeBlock("", &out));
  EXPECT_TRUE(out.empty());
}

TEST(EventPackTest, CellsRoundTripWalkAndRefuseTruncation) {
  std::vector<CellGroup> groups(3);
  groups[0].key = GroupKeyV6{18266, 1, 2, 5};
  groups[0].mentions = 4;
  groups[0].stories = 3;
  groups[0].publishers = {{1, 2}, {7, 1}};
  groups[1].key = GroupKeyV6{18266, 1, 3, 5};
  groups[1].mentions = 1;
  groups[1].stories = 1;
  groups[1].publishers = {{7, 1}};
  groups[2].key = GroupKeyV6{18290, 1000, 2, 9};
  groups[2].mentions = 200;
  groups[2].stories = 150;
  groups[2].publishers = {{1, 100}, {2, 50}};
  const std::string cell = EncodeCell(groups);
  std::vector<CellGroup> out;
  ASSERT_TRUE(DecodeCell(cell, &out));
  ASSERT_EQ(out.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(out[i].key, groups[i].key);
    EXPECT_EQ(out[i].mentions, groups[i].mentions);
    EXPECT_EQ(out[i].stories, groups[i].stories);
    EXPECT_EQ(out[i].publishers, groups[i].publishers);
    EXPECT_EQ(out[i].sources(), static_cast<int64_t>(groups[i].publishers.size()));
  }
  EXPECT_EQ(EncodeCell(out), cell);  // canonical: the consistency check compares encodings
  std::vector<std::pair<GroupKeyV6, int64_t>> walked;
  ASSERT_TRUE(WalkCell(cell, [&](const GroupKeyV6& k, int64_t mentions, int64_t, int64_t sources) {
    walked.emplace_back(k, mentions * 10 + sources);
  }));
  ASSERT_EQ(walked.size(), 3u);
  EXPECT_EQ(walked[2].first.date, 18290);
  EXPECT_EQ(walked[2].second, 2002);
  size_t cuts_refused = 0;
  for (size_t n = 1; n < cell.size(); ++n) cuts_refused += !DecodeCell(std::string_view(cell).substr(0, n), &out);
  EXPECT_GE(cuts_refused, cell.size() - 3);  // all but the two cuts between groups (and none inside one)
  EXPECT_FALSE(WalkCell(std::string_view(cell).substr(0, cell.size() - 1), [](auto&&...) {}));
}

}  // namespace
}  // namespace dyad::store
