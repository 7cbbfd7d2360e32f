// WordTable (the coder's per-token look-up) against Vocab::Find: every
// vocabulary word is found with its id and record, and words that are not
// in it are not, whatever their length (the table keeps up to 16 bytes in
// one masked load, bytes 16-22 in a tag, longer words by their vocabulary
// copy) and whatever the string's buffer held before (reused tokens).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "coder/compiled.h"

namespace dyad {
namespace {

using coder::Vocab;
using coder::WordTable;

WordTable::Hit Look(const WordTable& table, const Vocab& vocab, const std::string& w) {
  return table.Find(WordTable::MakeKey(w), w, vocab);
}

TEST(WordTable, FindsExactlyTheVocabularyWords) {
  Vocab vocab;
  std::vector<std::string> words = {"", "A", "US", "THE", "IRAQ", "MINISTER", "ABCDEFGHIJKLMNO", "ABCDEFGHIJKLMNOP",
                                    "ABCDEFGHIJKLMNOPQ", "ABCDEFGHIJKLMNOPQRSTUVW", "ABCDEFGHIJKLMNOPQRSTUVWX",
                                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ABCDEFGHIJKLMNOPQRSTUVWXYZ_LONGER_STILL"};
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    std::string w(1 + rng() % 40, 'A');
    for (char& c : w) c = static_cast<char>('A' + rng() % 4);  // few letters: many shared prefixes
    words.push_back(w);
  }
  std::vector<uint16_t> records;
  for (const std::string& w : words) {
    const uint32_t id = vocab.Intern(w);
    if (id >= records.size()) records.push_back(static_cast<uint16_t>(id * 7 + 1));
  }
  WordTable table;
  table.Build(vocab, records);
  for (uint32_t id = 0; id < vocab.size(); ++id) {
    const std::string w = vocab.Word(id);
    const WordTable::Hit hit = Look(table, vocab, w);
    EXPECT_EQ(hit.id, id) << "'" << w << "'";
    EXPECT_EQ(hit.record, records[id]) << "'" << w << "'";
  }
  // Absent words: each vocabulary word with a letter changed, cut by one
  // byte or extended by one (the same first 16 or 23 bytes as a word).
  int absent = 0;
  for (uint32_t id = 0; id < vocab.size(); ++id) {
    const std::string& w = vocab.Word(id);
    for (std::string v : {w + "E", w.empty() ? std::string("E") : w.substr(0, w.size() - 1),
                          w.empty() ? std::string("Z") : w.substr(0, w.size() - 1) + "Z"}) {
      if (vocab.Find(v) != coder::kNoWord) continue;
      EXPECT_EQ(Look(table, vocab, v).id, coder::kNoWord) << "'" << v << "'";
      ++absent;
    }
  }
  EXPECT_GT(absent, 5000);
}

TEST(WordTable, IgnoresWhatTheStringBufferHeldBefore) {
  Vocab vocab;
  vocab.Intern("IRAQ");
  vocab.Intern("ABCDEFGHIJKLMNOPQR");
  WordTable table;
  table.Build(vocab, {3, 5});
  // A reused string: its buffer still holds the bytes of a longer word.
  std::string s = "IRAQIYA_AND_MORE_TEXT_HERE_LONG";
  s.resize(4);
  EXPECT_EQ(Look(table, vocab, s).id, 0u);
  EXPECT_EQ(Look(table, vocab, s).record, 3u);
  s.assign("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  s.resize(18);
  EXPECT_EQ(Look(table, vocab, s).id, 1u);
  s.resize(17);
  EXPECT_EQ(Look(table, vocab, s).id, coder::kNoWord);
  std::string sso = "IRAQ";
  EXPECT_EQ(Look(table, vocab, sso).id, 0u);
  EXPECT_EQ(Look(table, vocab, std::string()).id, coder::kNoWord);
}

}  // namespace
}  // namespace dyad
