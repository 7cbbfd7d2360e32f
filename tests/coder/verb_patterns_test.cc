// CompiledDict::VerbPatterns against its definition: the patterns of a verb,
// in the verb's order, whose required words are all in the clause and each
// of whose required_any sets has a word in the clause. The index (key
// words, Bloom filter, inline keys, candidate runs) must return exactly
// that list, for every verb of the Phoenix verb dictionary and random
// clauses drawn from the words the patterns require.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "coder/compiled.h"
#include "dyad/dict.h"
#include "test_env.h"

namespace dyad {
namespace {

using coder::CompiledDict;
using coder::CPattern;
using coder::WordSet;

std::vector<uint32_t> BruteForce(const CompiledDict& d, const coder::CVerb& verb, const std::set<uint32_t>& words) {
  std::vector<uint32_t> out;
  for (const uint32_t pi : verb.patterns) {
    const CPattern& p = d.patterns[pi];
    bool ok = std::all_of(p.required.begin(), p.required.end(), [&](uint32_t w) { return words.count(w) > 0; });
    for (const auto& any : p.required_any)
      ok = ok && std::any_of(any.begin(), any.end(), [&](uint32_t w) { return words.count(w) > 0; });
    if (ok) out.push_back(pi);
  }
  return out;
}

// Six word ids whose homes in a WordSet coincide at every table size (the
// home is 24 bits of a hash, so doubling the table cannot part them);
// about two million ids are tried.
std::vector<uint32_t> CrowdedIds() {
  auto home = [](uint32_t id) { return static_cast<uint32_t>((uint64_t{id} * 0x9e3779b97f4a7c15ull) >> 40); };
  std::vector<uint8_t> count(size_t{1} << 24);
  uint32_t full = 0;
  for (uint32_t id = 0;; ++id)
    if (++count[home(id)] == 6) {
      full = home(id);
      break;
    }
  std::vector<uint32_t> crowd;
  for (uint32_t id = 0; crowd.size() < 6; ++id)
    if (home(id) == full) crowd.push_back(id);
  return crowd;
}

TEST(VerbPatterns, PhoenixVerbsMatchTheirDefinition) {
  DYAD_REQUIRE_SHARED(verbs, "data/petrarch/CAMEO.verbpatterns.150430.txt");
  DictSpec spec;
  spec.verb_files.push_back(verbs);
  std::vector<DictWarning> warnings;
  auto set = LoadDictionaries(spec, &warnings);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  auto built = CompiledDict::Build(**set);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const CompiledDict& d = **built;
  ASSERT_GT(d.verb_list.size(), 1000u);

  // The words a clause is drawn from: the patterns' required words, the
  // words of their required_any sets, and other vocabulary words.
  std::vector<uint32_t> pool;
  for (const CPattern& p : d.patterns) {
    pool.insert(pool.end(), p.required.begin(), p.required.end());
    for (const auto& any : p.required_any) pool.insert(pool.end(), any.begin(), any.end());
  }
  std::sort(pool.begin(), pool.end());
  pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
  ASSERT_GT(pool.size(), 100u);

  std::mt19937 rng(12345);
  WordSet present;
  std::vector<uint32_t> got;
  size_t nonempty = 0, multi = 0, checked = 0;
  for (size_t round = 0; round < 6; ++round)
    for (const coder::CVerb& verb : d.verb_list) {
      // Clause sizes from 1 to 60 words, half of them from the verb's own
      // patterns so that many patterns qualify.
      const size_t n = 1 + rng() % (round < 3 ? 20 : 60);
      std::set<uint32_t> words;
      present.Clear();
      for (size_t i = 0; i < n; ++i) {
        uint32_t w;
        if (rng() % 2 && !verb.patterns.empty()) {
          const CPattern& p = d.patterns[verb.patterns[rng() % verb.patterns.size()]];
          if (!p.required.empty() && rng() % 3) {
            w = p.required[rng() % p.required.size()];
          } else if (!p.required_any.empty()) {
            const auto& any = p.required_any[rng() % p.required_any.size()];
            w = any.empty() ? pool[rng() % pool.size()] : any[rng() % any.size()];
          } else {
            w = pool[rng() % pool.size()];
          }
        } else if (rng() % 4 == 0) {
          w = static_cast<uint32_t>(rng() % d.vocab.size());
        } else {
          w = pool[rng() % pool.size()];
        }
        words.insert(w);
        present.Add(w);
        if (rng() % 8 == 0) present.Add(w);  // repeated words count once
      }
      present.Finish();
      d.VerbPatterns(verb, present, got);
      const std::vector<uint32_t> want = BruteForce(d, verb, words);
      ASSERT_EQ(got, want) << "verb " << verb.lemma << ", round " << round << ", " << words.size() << " words";
      nonempty += !want.empty();
      multi += want.size() > 1;
      ++checked;
    }
  // A crowded set filters nothing: every pattern is a candidate.
  present.Clear();
  for (uint32_t w : CrowdedIds()) present.Add(w);
  present.Finish();
  ASSERT_TRUE(present.crowded());
  for (size_t v = 0; v < 50; ++v) {
    d.VerbPatterns(d.verb_list[v], present, got);
    EXPECT_EQ(got, d.verb_list[v].patterns) << d.verb_list[v].lemma;
  }
  // The draw must exercise the interesting cases, not only empty answers.
  EXPECT_GT(nonempty, checked / 4);
  EXPECT_GT(multi, checked / 10);
}

TEST(WordSet, HasExactlyTheAddedWords) {
  std::mt19937 rng(7);
  WordSet s;
  for (int round = 0; round < 200; ++round) {
    s.Clear();
    std::set<uint32_t> words;
    const size_t n = rng() % 300;
    for (size_t i = 0; i < n; ++i) {
      const uint32_t w = rng() % 2000;
      words.insert(w);
      s.Add(w);
    }
    s.Add(coder::kNoWord);  // ignored
    s.Finish();
    ASSERT_EQ(s.ids().size(), words.size());
    for (uint32_t w = 0; w < 2100; ++w) ASSERT_EQ(s.Has(w), words.count(w) > 0) << "word " << w << ", round " << round;
  }
}

// Finish() must end (it used to double its table without end) and say that
// the set is crowded (Has() is then not exact); a set after it is exact.
TEST(WordSet, WordsCrowdingOneHomeMakeTheSetCrowded) {
  const std::vector<uint32_t> crowd = CrowdedIds();
  WordSet s;
  for (int round = 0; round < 2; ++round) {  // and again after a Clear()
    s.Clear();
    for (uint32_t w : crowd) s.Add(w);
    s.Add(12345);
    s.Add(crowd[0]);  // repeated words count once
    s.Finish();
    EXPECT_TRUE(s.crowded());
    std::vector<uint32_t> want = crowd;
    want.push_back(12345);
    EXPECT_EQ(s.ids(), want);
  }
  s.Clear();
  for (size_t i = 0; i + 1 < crowd.size(); ++i) s.Add(crowd[i]);  // five: one too many for the window
  s.Finish();
  EXPECT_TRUE(s.crowded());
  s.Clear();
  for (size_t i = 0; i < 4; ++i) s.Add(crowd[i]);  // four fit
  s.Add(1);
  s.Finish();
  EXPECT_FALSE(s.crowded());
  for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(s.Has(crowd[i]));
  EXPECT_TRUE(s.Has(1));
  EXPECT_FALSE(s.Has(crowd[4]));
  EXPECT_FALSE(s.Has(2));
}

}  // namespace
}  // namespace dyad
