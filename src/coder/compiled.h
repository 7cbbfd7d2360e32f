// The compiled form of a DictionarySet: every dictionary word interned to an
// integer id, every phrase turned into a sequence of id-matching elements,
// and first-word indexes so that finding the phrases that may start at a
// token costs one or two hash lookups whatever the dictionary size.
//
// Built once per Coder; immutable and shared by all coding threads.
#pragma once

#include <cstdint>
#include <cstring>
#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/prefetch.h"
#include "base/simd.h"
#include "dyad/dict.h"

namespace dyad::coder {

inline constexpr uint32_t kNoWord = 0xffffffffu;

// A trie over the bytes of strings with a payload per node (the stem
// tries): node 0 is the root, whose children are found by first byte;
// every other node lists its children's edges. Made by a Builder, then
// read-only.
template <typename Payload>
class CharTrie {
  struct Edge {
    char ch = 0;
    uint32_t child = 0;
  };
  struct Node {
    uint32_t edges_begin = 0, edges_end = 0;  // into edges_
    Payload payload{};
  };

 public:
  class Builder {
   public:
    // `empty` is the payload of a node no key ends at.
    explicit Builder(Payload empty) : empty_(empty), tmp_(1, TmpNode{{}, empty}) {}
    // The payload of `key`'s node (the root's for an empty key), adding the
    // missing nodes; valid until the next call.
    Payload& At(std::string_view key) {
      uint32_t n = 0;
      for (const char ch : key) {
        uint32_t child = kNoWord;
        for (const Edge& e : tmp_[n].edges)
          if (e.ch == ch) {
            child = e.child;
            break;
          }
        if (child == kNoWord) {
          child = static_cast<uint32_t>(tmp_.size());
          tmp_[n].edges.push_back({ch, child});
          tmp_.push_back(TmpNode{{}, empty_});
        }
        n = child;
      }
      return tmp_[n].payload;
    }
    // The trie, flattened (empty when no key was added).
    CharTrie Build() const {
      CharTrie t;
      t.root_.fill(kNoWord);
      if (tmp_.size() == 1) return t;
      for (const Edge& e : tmp_[0].edges) t.root_[static_cast<unsigned char>(e.ch)] = e.child;
      t.nodes_.resize(tmp_.size());
      for (size_t n = 0; n < tmp_.size(); ++n) {
        t.nodes_[n].edges_begin = static_cast<uint32_t>(t.edges_.size());
        t.edges_.insert(t.edges_.end(), tmp_[n].edges.begin(), tmp_[n].edges.end());
        t.nodes_[n].edges_end = static_cast<uint32_t>(t.edges_.size());
        t.nodes_[n].payload = tmp_[n].payload;
      }
      return t;
    }

   private:
    struct TmpNode {
      std::vector<Edge> edges;
      Payload payload;
    };
    Payload empty_;
    std::vector<TmpNode> tmp_;
  };

  CharTrie() { root_.fill(kNoWord); }
  bool empty() const { return nodes_.empty(); }

  // Calls f(payload) for the node of every non-empty prefix of `s` in the
  // trie, shortest first: the walk ends at the first byte no key continues
  // with. Stops early when f returns true; returns whether it did.
  template <typename F>
  bool ForEachPrefix(std::string_view s, F&& f) const {
    if (nodes_.empty() || s.empty()) return false;
    uint32_t node = root_[static_cast<unsigned char>(s[0])];
    if (node == kNoWord) return false;
    if (f(nodes_[node].payload)) return true;
    for (size_t i = 1; i < s.size(); ++i) {
      const Node& nd = nodes_[node];
      uint32_t next = kNoWord;
      for (uint32_t e = nd.edges_begin; e < nd.edges_end; ++e)
        if (edges_[e].ch == s[i]) {
          next = edges_[e].child;
          break;
        }
      if (next == kNoWord) return false;
      node = next;
      if (f(nodes_[node].payload)) return true;
    }
    return false;
  }

 private:
  std::vector<Node> nodes_;
  std::array<uint32_t, 256> root_{};  // the root's children by first byte, kNoWord when none
  std::vector<Edge> edges_;
};

// Transparent hashing so lookups by string_view do not allocate.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using WordIds = std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>>;

// Strings numbered 0, 1, 2... in insertion order, in an open-addressing
// table with a cheap hash: a lookup hashes the key once (8 bytes at a time)
// and usually compares one string. It numbers the vocabulary and the
// stems; the coder's per-token lookup is WordTable (below).
class StringIds {
 public:
  // The id of `s`, adding it when absent.
  uint32_t Intern(std::string_view s);
  // The id of `s`, or kNoWord.
  uint32_t Find(std::string_view s) const { return Find(s, Hash(s)); }
  // Find(s) with h = Hash(s) already computed.
  uint32_t Find(std::string_view s, uint64_t h) const {
    if (slots_.empty()) return kNoWord;
    const uint64_t tag = h >> 32;
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const uint64_t slot = slots_[i];
      const auto id = static_cast<uint32_t>(slot);
      if (id == kNoWord) return kNoWord;
      if ((slot >> 32) == tag && keys_[id] == s) return id;
    }
  }
  const std::string& Key(uint32_t id) const { return keys_[id]; }
  size_t size() const { return keys_.size(); }

  static uint64_t Hash(std::string_view s) {
    uint64_t h = 0x9e3779b97f4a7c15ull ^ s.size();
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t v;
      __builtin_memcpy(&v, s.data() + i, 8);
      h = (h ^ v) * 0xff51afd7ed558ccdull;
      h ^= h >> 32;
    }
    const uint64_t v = Tail(s.data() + i, s.size() - i);
    h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
  }
  // The r < 8 bytes at p as a little-endian integer (byte j at bits 8j),
  // from two overlapping loads instead of a loop over the bytes.
  static uint64_t Tail(const char* p, size_t r) {
    if (r >= 4) {
      uint32_t a, b;
      __builtin_memcpy(&a, p, 4);
      __builtin_memcpy(&b, p + r - 4, 4);
      return a | (uint64_t{b} << (8 * (r - 4)));
    }
    if (r == 0) return 0;
    auto byte = [p](size_t j) { return uint64_t{static_cast<unsigned char>(p[j])} << (8 * j); };
    return byte(0) | byte(r / 2) | byte(r - 1);
  }

 private:
  void Grow();
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  std::vector<std::string> keys_;
  // (high hash bits << 32) | id; id kNoWord = empty; size a power of two.
  // The hash bits beside the id spare a visit to keys_ for most misses.
  std::vector<uint64_t> slots_;
  size_t mask_ = 0;
};

// Interned dictionary words (upper case). Text tokens are looked up, never added.
class Vocab {
 public:
  uint32_t Intern(std::string_view w) { return ids_.Intern(w); }
  uint32_t Find(std::string_view w) const { return ids_.Find(w); }
  const std::string& Word(uint32_t id) const { return ids_.Key(id); }
  size_t size() const { return ids_.size(); }

 private:
  StringIds ids_;
};

// The per-token lookup of the coder: word -> (vocabulary id, 16-bit record
// of CompiledDict::starts). Each slot holds a word of up to kInline bytes
// itself, with its id and record, so looking up a token reads one cache
// line (a Vocab lookup reads the slot, the key string and the record: three
// lines far apart). Longer words are compared with the vocabulary's own
// copy. Built once from a finished Vocab; read-only after.
class WordTable {
 public:
  static constexpr size_t kInline = 23;
  struct Hit {
    uint32_t id = kNoWord;
    uint16_t record = 0;
  };
  // A word's first 16 bytes: one SSE2 register, or two integers in the
  // portable build (src/base/simd.h).
#if DYAD_SSE2
  using Head = __m128i;
#else
  struct Head {
    uint64_t lo = 0, hi = 0;
  };
#endif
  // A word made ready for Find: its first 16 bytes, zero past its end;
  // `tag`: bytes 16 to 22 (zero past the end) with the length (kLong when
  // longer than kInline) in the top byte; the hash. Comparing a slot with
  // it takes one 16-byte compare and one integer compare, without a branch
  // on the length or per byte.
  struct Key {
    Head head;
    uint64_t tag;
    uint64_t hash;
  };
  // Takes a std::string, not any string_view: words of up to 16 bytes are
  // read as 16 bytes from data(), which libstdc++ guarantees are inside the
  // string's buffer (its capacity is never below 15, plus the terminator);
  // the bytes past the end are masked off. (The portable build copies
  // every word through SlowKey, which reads only the word's bytes.)
  static Key MakeKey(const std::string& s) {
    Key k;
    uint64_t extra = 0;  // words longer than kInline: the hash of the rest
#if DYAD_SSE2
    const size_t n = s.size();
    if (n <= 16 && s.capacity() >= 15) [[likely]] {
      const __m128i iota = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data()));
      k.head = _mm_and_si128(v, _mm_cmpgt_epi8(_mm_set1_epi8(static_cast<char>(n)), iota));
      k.tag = uint64_t{n} << 56;
    } else
#endif
    {
      extra = SlowKey(s, k);
    }
#if DYAD_SSE2
    const auto lo = static_cast<uint64_t>(_mm_cvtsi128_si64(k.head));
    const auto hi = static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(k.head, k.head)));
#else
    const uint64_t lo = k.head.lo, hi = k.head.hi;
#endif
    uint64_t h = (lo * 0x9e3779b97f4a7c15ull) ^ (hi * 0xc2b2ae3d27d4eb4full) ^ k.tag ^ extra;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    k.hash = h ^ (h >> 33);
    return k;
  }
  void Build(const Vocab& vocab, const std::vector<uint16_t>& records);
  void Prefetch(const Key& k) const {
    if (!slots_.empty()) dyad::Prefetch(&slots_[k.hash & mask_]);
  }
  // `k` = MakeKey(w); `vocab` is the one Build() was given.
  Hit Find(const Key& k, const std::string& w, const Vocab& vocab) const {
    if (slots_.empty()) return {};
    // One branch per slot, on "this slot decides" (the word or an empty
    // slot), whose answer is then chosen without a branch: whether a token
    // is in the vocabulary follows the text, not a pattern.
    for (size_t i = k.hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      const bool eq = (HeadDiff(s, k.head) | (s.tag ^ k.tag)) == 0;
      if (eq | (s.tag == kEmpty)) {
        if (eq & ((s.tag >> 56) == kLong) && vocab.Word(s.id) != w) continue;  // rare: same first 23 bytes
        Hit h;
        h.id = eq ? s.id : kNoWord;
        h.record = eq ? s.record : uint16_t{0};
        return h;
      }
    }
  }

 private:
  static constexpr uint64_t kLong = 255;           // the word is longer than kInline
  static constexpr uint64_t kEmpty = 254ull << 56;  // the tag of a slot without a word
  // MakeKey for words longer than 16 bytes (for every word in the portable
  // build); returns a hash of the bytes past kInline (0 when none).
  static uint64_t SlowKey(const std::string& s, Key& k);
  struct alignas(32) Slot {
    uint32_t id = kNoWord;
    uint16_t record = 0;
    uint64_t tag = kEmpty;  // Key::tag of the word
    alignas(16) char head[16] = {};  // Key::head of the word
  };
  static_assert(sizeof(Slot) == 32);
  // 0 when the slot's head is `head`.
  static uint64_t HeadDiff(const Slot& s, const Head& head) {
#if DYAD_SSE2
    const __m128i v = _mm_load_si128(reinterpret_cast<const __m128i*>(s.head));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, head))) ^ 0xffffu;
#else
    uint64_t w[2];
    std::memcpy(w, s.head, sizeof w);
    return (w[0] ^ head.lo) | (w[1] ^ head.hi);
#endif
  }
  std::vector<Slot> slots_;   // size a power of two, at most half full
  size_t mask_ = 0;
};

// One compiled element of a phrase or verb pattern.
struct CElem {
  PatternElement::Kind kind = PatternElement::Kind::kWord;
  WordMatch match = WordMatch::kEndings;
  uint32_t word = kNoWord;      // kWord: interned word
  std::string text;             // kWord: the word (for stems); kSynset: name
  bool adjacent = false;        // must immediately follow the previous element
  uint32_t synset = kNoWord;    // kSynset: index into CompiledDict::synsets
  std::vector<std::vector<CElem>> alts;  // kAlternatives
};
using CPhrase = std::vector<CElem>;

// A verb pattern split around the verb: `pre` elements precede the verb,
// `post` elements follow it.
struct CPattern {
  CPhrase pre;
  CPhrase post;
  bool verb_adjacent = false;   // the verb immediately follows the last pre element
  bool post_adjacent = false;   // the first post element immediately follows the verb
  VerbCode code;
  int length = 0;               // TABARI length: letters in literal words
  DictLoc loc;
  // Sorted ids of the pattern's mandatory literal words (top-level kWord
  // elements matched exactly or by endings; not stems, synsets or
  // alternatives). A pattern cannot match a clause that lacks one of them:
  // see WordSet.
  std::vector<uint32_t> required;
  // For each top-level synset or alternatives element whose matches always
  // start with a known word: the sorted ids of those first words. The clause
  // must hold at least one word of every set.
  std::vector<std::vector<uint32_t>> required_any;
};

// The dictionary words present in a stretch of a sentence: each token's id
// and the words it is a regular inflection of. Lets the coder skip, without
// scanning the clause, every verb pattern whose required words are absent
// (CPattern::required), which keeps the cost per verb independent of how
// many patterns the verb has. Reuse one WordSet per thread: Clear() keeps
// the capacity.
class WordSet {
 public:
  void Clear() { ids_.clear(); }
  void Add(uint32_t id) {
    if (id != kNoWord) ids_.push_back(id);
  }
  void Add(const std::vector<uint32_t>* lemmas) {
    if (lemmas)
      for (const uint32_t id : *lemmas) ids_.push_back(id);  // one or two words: cheaper than insert()
  }
  // Call after the Add()s, before Has(). Drops repeated words into an
  // open-addressing table at most half full (a few hundred bytes for a
  // clause, in L1), in which every word lies at most kWindow - 1 slots
  // after its home slot (the table doubles until it does), so Has() is
  // one comparison of kWindow slots and nothing is sorted.
  void Finish() {
    size_t cap = 64;
    while (cap < 2 * ids_.size()) cap *= 2;
    // A word's home is 24 bits of a hash, so a few words may crowd one
    // spot at every size: the doubling stops at 64 times the first size,
    // and the set is then `crowded()` (never seen in the corpora).
    const size_t limit = 64 * cap;
    crowded_ = false;
    while (!Fill(cap, false)) {
      if (cap >= limit) {
        Fill(cap, true);
        crowded_ = true;
        break;
      }
      cap *= 2;  // a word would lie too far from its home slot
    }
    if (++gen_ == (1u << 31)) {  // the memo's stamps wrap: forget them
      std::fill(any_memo_.begin(), any_memo_.end(), 0);
      gen_ = 1;
    }
  }
  // Whether the clause holds word `id` (not kNoWord). Branch-free: the
  // answer is a coin toss for the branch predictor, and a probe loop
  // mispredicted about once per call.
  //
  // Exact unless crowded(): a word placed further than the window from its
  // home is then not found. A caller must check crowded() first (and
  // VerbPatterns, the filter's one user, then tries every pattern: the
  // filter only saves work).
  bool Has(uint32_t id) const {
    const uint32_t* t = table_.data() + Slot(id);
#if DYAD_SSE2
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t));
    return _mm_movemask_epi8(_mm_cmpeq_epi32(v, _mm_set1_epi32(static_cast<int>(id)))) != 0;
#else
    return (t[0] == id) | (t[1] == id) | (t[2] == id) | (t[3] == id);
#endif
  }
  // Some words lie too far from their homes for Has() (see Finish()).
  bool crowded() const { return crowded_; }
  // The words, each once, in the order first added.
  const std::vector<uint32_t>& ids() const { return ids_; }
  // Memo of "holds a word of required_any set `set`" for the words of the
  // last Finish(): 1 or 0, or -1 when not yet asked.
  int CachedAny(uint32_t set) const {
    return set < any_memo_.size() && (any_memo_[set] >> 1) == gen_ ? static_cast<int>(any_memo_[set] & 1) : -1;
  }
  void CacheAny(uint32_t set, bool holds) const {
    if (set >= any_memo_.size()) any_memo_.resize(set + 1, 0);
    any_memo_[set] = gen_ << 1 | (holds ? 1u : 0u);
  }
  // Room for n values, for CompiledDict::VerbPatterns' candidates (a
  // WordSet is per thread): grows, never shrinks, so that a call writes
  // its candidates without a capacity check per value. Not kept between
  // calls.
  uint64_t* Scratch(size_t n) const {
    if (scratch_.size() < n) scratch_.resize(std::max(n, 2 * scratch_.size()));
    return scratch_.data();
  }

 private:
  static constexpr size_t kWindow = 4;
  size_t Slot(uint32_t id) const { return static_cast<size_t>((uint64_t{id} * 0x9e3779b97f4a7c15ull) >> 40) & mask_; }
  // Builds the table with `cap` home slots (and kWindow - 1 slots after
  // the last, so that no probe wraps) from ids_, dropping repeated words;
  // false when a word would lie kWindow or more slots after its home slot
  // (ids_ then holds the same words, in the same first-added order).
  // `probing`: no such limit (every word is placed, however far from its
  // home), and room after the last home slot for every word.
  bool Fill(size_t cap, bool probing) {
    table_.assign(cap + kWindow - 1 + (probing ? ids_.size() : 0), kNoWord);
    mask_ = cap - 1;
    const size_t reach = probing ? table_.size() : kWindow;
    size_t n = 0;
    for (size_t j = 0; j < ids_.size(); ++j) {
      const uint32_t id = ids_[j];
      const size_t home = Slot(id);
      size_t i = home;
      while (i - home < reach && table_[i] != kNoWord && table_[i] != id) ++i;
      if (i - home >= reach) {
        // Undo: ids_[0, n) holds the distinct words so far, ids_[j, ...)
        // the rest; close the gap so that ids_ is whole again.
        ids_.erase(ids_.begin() + static_cast<std::ptrdiff_t>(n), ids_.begin() + static_cast<std::ptrdiff_t>(j));
        return false;
      }
      if (table_[i] == kNoWord) {
        table_[i] = id;
        ids_[n++] = id;
      }
    }
    ids_.resize(n);
    return true;
  }
  std::vector<uint32_t> ids_;
  std::vector<uint32_t> table_ = std::vector<uint32_t>(64 + kWindow - 1, kNoWord);  // kNoWord = empty
  size_t mask_ = 63;  // home slots - 1; a power of two - 1
  bool crowded_ = false;  // see Finish()
  // Per required_any set: (generation of Finish() << 1) | answer; 0 = never.
  uint32_t gen_ = 0;
  mutable std::vector<uint32_t> any_memo_;
  mutable std::vector<uint64_t> scratch_;
};

// The pattern index of a verb's pattern list. Verbs of one dictionary
// block share their list (CAMEO gives a block's synonyms one list), and
// then one VerbIndex: the tables are built, and cached, once per block.
//
// The patterns are indexed by one required word each (the rarest). `cands`
// holds one entry per candidate position: first the positions of the
// patterns without required words (n_unkeyed of them), then, per key word,
// its run of positions. key_table is an open-addressing table of the key
// words holding the runs themselves (key_slots slots, word kNoWord =
// empty, a power of two), so a probe costs one cache line, followed by the
// same key_count entries densely (for the verbs with few keys, whose keys
// are looked up in the clause one by one), and a candidate entry carries
// what checking it needs (the pattern, where its other required words
// are), so no second table is read per candidate. See
// CompiledDict::VerbPatterns.
struct alignas(64) VerbIndex {
  struct KeyEntry {
    uint32_t word = kNoWord;
    uint32_t begin = 0, end = 0;  // into cands
  };
  struct Cand {
    uint32_t pos = 0;       // in the verb's `patterns`
    uint32_t pattern = 0;   // patterns[pos]
    // Into CompiledDict::required_blob: n_rest required words other than
    // the key (present whenever the position is a candidate), then n_any
    // sets of first words (CPattern::required_any), each as its id in
    // CompiledDict::any_sets; a position keyed by the words of one of its
    // sets (a pattern without required words) leaves that set out, since
    // it holds a word of the clause whenever the position is a candidate.
    uint32_t req = 0;
    uint16_t n_rest = 0, n_any = 0;
  };
  std::vector<Cand> cands;
  std::vector<KeyEntry> key_table;  // key_slots table slots, then key_count entries
  uint32_t n_unkeyed = 0;
  uint32_t key_count = 0;        // distinct key words
  uint32_t key_slots = 0;        // 0 or a power of two
  const KeyEntry* dense_keys() const { return key_table.data() + key_slots; }
  // A 1024-bit Bloom filter of the key words, two bits per word: most words
  // of a clause are no key of the verb, and two bit tests of these two
  // cache lines say so without probing key_table (another miss). With one
  // bit per word, Phoenix's verbs let 14% of the other words through.
  uint64_t key_bloom[16] = {};

  static uint64_t BloomHash(uint32_t w) { return uint64_t{w} * 0xff51afd7ed558ccdull; }
  // The filter's two bits of a word: hash bits 54-63 and 44-53.
  static uint32_t BloomBit1(uint64_t h) { return static_cast<uint32_t>(h >> 54); }
  static uint32_t BloomBit2(uint64_t h) { return static_cast<uint32_t>(h >> 44) & 1023; }
  void AddToBloom(uint32_t w) {
    const uint64_t h = BloomHash(w);
    key_bloom[BloomBit1(h) >> 6] |= uint64_t{1} << (BloomBit1(h) & 63);
    key_bloom[BloomBit2(h) >> 6] |= uint64_t{1} << (BloomBit2(h) & 63);
  }
  bool MayBeKey(uint32_t w) const {
    const uint64_t h = BloomHash(w);
    const uint32_t a = BloomBit1(h), b = BloomBit2(h);
    return (key_bloom[a >> 6] >> (a & 63)) & (key_bloom[b >> 6] >> (b & 63)) & 1;
  }
  // The entry of key word `w`, or null.
  const KeyEntry* FindKey(uint32_t w) const {
    if (key_slots == 0) return nullptr;
    const size_t mask = key_slots - 1;
    for (size_t i = KeySlot(w) & mask;; i = (i + 1) & mask) {
      const KeyEntry& k = key_table[i];
      if (k.word == w) return &k;
      if (k.word == kNoWord) return nullptr;
    }
  }
  static size_t KeySlot(uint32_t w) { return static_cast<size_t>((uint64_t{w} * 0x9e3779b97f4a7c15ull) >> 32); }
};

// A verb.
struct CVerb {
  uint32_t index = 0;              // into CompiledDict::verb_indexes
  std::vector<uint32_t> patterns;  // into CompiledDict::patterns, longest first
  std::string lemma;            // for traces
  VerbCode code;                // code of the isolated verb
  DictLoc loc;
  // Its own code or one of its patterns' is a discard ([###]) or complex
  // ([+++]) code: coding its clause may mark the sentence, with or
  // without an actor in it.
  bool may_mark_sentence = false;
};

// A phrase that identifies something in a sentence, with what it identifies.
struct IndexedPhrase {
  CPhrase elems;
  uint32_t payload = 0;   // actor entry, agent index, verb index, ...
  uint16_t letters = 0;   // for tie-breaking between equal token counts
};

// Phrases indexed by the word their first element matches.
class PhraseIndex {
 public:
  void Add(IndexedPhrase p);
  // Index phrases. Call once after all Add()s.
  void Finish();
  const std::vector<IndexedPhrase>& phrases() const { return phrases_; }
  // Candidate phrase indexes whose first word is `word_id` (exact or by
  // endings) or, for stems, a prefix of the token.
  const std::vector<uint32_t>* ByWord(uint32_t word_id) const {
    const uint32_t l = ListOfWord(word_id);
    return l == kNoWord ? nullptr : &lists_[l];
  }
  const std::vector<uint32_t>* ByStem(std::string_view prefix) const {
    // Most prefix lengths have no stem at all: one bit test rules them out.
    if (prefix.size() < 64 && !((stem_lengths_ >> prefix.size()) & 1)) return nullptr;
    const uint32_t k = stems_.Find(prefix);
    return k == kNoWord ? nullptr : &lists_[stem_list_[k]];
  }
  bool has_stems() const { return stems_.size() > 0; }
  size_t max_stem_len() const { return max_stem_len_; }
  // Calls f(stem) for every stem ForEachStem can report (not empty, with
  // a candidate list).
  template <typename F>
  void ForEachStemKey(F&& f) const {
    for (uint32_t k = 0; k < stems_.size(); ++k)
      if (!stems_.Key(k).empty() && stem_list_[k] != kNoWord) f(std::string_view(stems_.Key(k)));
  }
  // Calls f(candidates) for every stem that is a prefix of `norm`, shortest
  // first (as ByStem over the prefix lengths would), walking a character
  // trie of the stems: the walk ends at the first character no stem
  // continues with. Stops early when f returns true; returns whether it did.
  template <typename F>
  bool ForEachStem(std::string_view norm, F&& f) const {
    return stem_trie_.ForEachPrefix(norm, [&](uint32_t list) { return list != kNoWord && f(lists_[list]); });
  }

  // The phrases of one first-word list as a trie over the words after the
  // first, so that all candidates are matched at once and the walk stops at
  // the first token no candidate continues with. Phrases whose later
  // elements are all words matched exactly or by endings are in the trie;
  // the others (stems, synsets) are in `rest`, to be matched one by one.
  // `ordered`: the list holds a phrase whose match may be longer than its
  // element count (a synset), so the list must be matched in order, one
  // phrase at a time, as before the trie (see SentenceParser::Longest).
  struct TrieEdge {
    uint32_t word = kNoWord;
    bool endings = false;   // the element takes regular endings
    uint32_t child = 0;
  };
  struct TrieNode {
    uint32_t edges_begin = 0, edges_end = 0;  // into trie_edges(), sorted by (word, endings)
    // The best phrase ending at this node (most letters, then first in the
    // list), over all phrases and over those whose first word takes
    // endings; kNoWord when none.
    uint32_t best_all = kNoWord, best_endings = kNoWord;
    // IndexedPhrase::letters of best_all and best_endings, so the walk does
    // not read the phrase (a cache miss) to rank it.
    uint16_t letters_all = 0, letters_endings = 0;
    // Bit EdgeBit(w) set for the word of every edge: most tokens continue
    // no phrase, and one bit test of the node (read anyway) says so without
    // searching the edges (a cache miss of its own).
    uint64_t edge_bits = 0;
    static uint32_t EdgeBit(uint32_t w) { return static_cast<uint32_t>((uint64_t{w} * 0x9e3779b97f4a7c15ull) >> 58); }
    static bool MayHaveEdge(uint64_t edge_bits, uint32_t w) { return (edge_bits >> EdgeBit(w)) & 1; }
    bool MayHaveEdge(uint32_t w) const { return MayHaveEdge(edge_bits, w); }
  };
  struct ListTrie {
    uint32_t root = kNoWord;        // into trie_nodes(); kNoWord when no phrase is in the trie
    bool ordered = false;
    std::vector<uint32_t> rest;     // phrase indexes, in list order
    TrieNode root_node;             // a copy of Node(root): the walk starts without a read of nodes_
  };
  // What a word id starts, in one 32-byte record, so that the common case
  // of SentenceParser::Classify (a token whose phrases, by its id and by
  // the words it inflects, are list tries of one root each that the next
  // token does not continue) reads neither the lists' tries nor their
  // phrases: two cache misses fewer per list.
  struct alignas(32) WordRoot {
    static constexpr uint32_t kSimple = 1u << 31;          // unordered trie, a root, no `rest`
    static constexpr uint32_t kHasBest = 1u << 30;         // the root has a best_all
    static constexpr uint32_t kHasBestEndings = 1u << 29;  // the root has a best_endings
    static constexpr uint32_t kListMask = kHasBestEndings - 1;
    uint64_t edge_bits = 0;         // the root's, when kSimple (0: no edges)
    uint32_t list = kNoWord;        // list id | flags; kNoWord: the word starts no phrase
    // When kSimple: IndexedPhrase::payload and letters of the root's
    // best_all (kHasBest) and best_endings (kHasBestEndings).
    uint32_t payload = 0, payload_endings = 0;
    uint16_t letters = 0, letters_endings = 0;
    bool simple() const { return list & kSimple; }
    bool has_best() const { return list & kHasBest; }
    bool has_best_endings() const { return list & kHasBestEndings; }
  };
  // The record of `word_id`, or null when it starts no phrase.
  const WordRoot* RootOfWord(uint32_t word_id) const {
    if (word_id >= word_roots_.size() || word_roots_[word_id].list == kNoWord) return nullptr;
    return &word_roots_[word_id];
  }
  void PrefetchRoot(uint32_t word_id) const {
    if (word_id < word_roots_.size()) dyad::Prefetch(&word_roots_[word_id]);
  }
  // The list id of the phrases starting with `word_id`, or kNoWord.
  uint32_t ListOfWord(uint32_t word_id) const {
    const WordRoot* r = RootOfWord(word_id);
    return r ? (r->list & WordRoot::kListMask) : kNoWord;
  }
  const std::vector<uint32_t>& List(uint32_t list) const { return lists_[list]; }
  const ListTrie& Trie(uint32_t list) const { return tries_[list]; }
  const TrieNode& Node(uint32_t n) const { return nodes_[n]; }
  const TrieEdge* EdgesBegin(const TrieNode& n) const { return edges_.data() + n.edges_begin; }
  const TrieEdge* EdgesEnd(const TrieNode& n) const { return edges_.data() + n.edges_end; }

 private:
  void BuildTries();
  void BuildStemTrie();

  std::vector<IndexedPhrase> phrases_;
  std::vector<ListTrie> tries_;   // one per list in lists_
  std::vector<TrieNode> nodes_;
  std::vector<TrieEdge> edges_;
  // Candidate lists; word_roots_ (by word id) and stem_list_ (by stem id)
  // point into them, kNoWord when a word starts no phrase.
  std::vector<std::vector<uint32_t>> lists_;
  std::vector<WordRoot> word_roots_;
  StringIds stems_;
  std::vector<uint32_t> stem_list_;
  CharTrie<uint32_t> stem_trie_;  // payload: the list in lists_ of a stem ending there, else kNoWord
  uint64_t stem_lengths_ = 0;  // bit n: some stem has n bytes (bit 63: 63 or more)
  size_t max_stem_len_ = 0;
};

struct CAgent {
  std::string code;
  bool prefix = false;  // "NGO~"
};

struct CSynset {
  std::vector<CPhrase> members;
  // Members indexed by the word they start with: sorted (word, member)
  // pairs, and the members that start otherwise (stems, nested synsets).
  std::vector<std::pair<uint32_t, uint32_t>> by_first;
  std::vector<uint32_t> unindexed;
  // A 256-bit filter of the words in by_first (FirstBit): a word whose bit
  // is clear starts no indexed member, and its binary search is skipped.
  uint64_t first_bits[4] = {0, 0, 0, 0};
  static uint32_t FirstBit(uint32_t w) { return static_cast<uint32_t>((uint64_t{w} * 0x9e3779b97f4a7c15ull) >> 56); }
  void AddFirst(uint32_t w) { first_bits[FirstBit(w) >> 6] |= uint64_t{1} << (FirstBit(w) & 63); }
  bool MayStart(uint32_t w) const { return (first_bits[FirstBit(w) >> 6] >> (FirstBit(w) & 63)) & 1; }
  // Calls f(member) for every member that may match at a token with vocab
  // id `id` inflecting the words `lemmas` (may be null); other members
  // cannot match there. Cost: O(log members + candidates).
  template <typename F>
  void ForCandidates(uint32_t id, const std::vector<uint32_t>* lemmas, F&& f) const {
    for (uint32_t m : unindexed) f(members[m]);
    auto visit = [&](uint32_t w) {
      if (!MayStart(w)) return;
      // (the first pair >= (w, 0): the first whose word is not below w)
      auto it = std::lower_bound(by_first.begin(), by_first.end(), w,
                                 [](const std::pair<uint32_t, uint32_t>& x, uint32_t v) { return x.first < v; });
      for (; it != by_first.end() && it->first == w; ++it) f(members[it->second]);
    };
    if (id != kNoWord) visit(id);
    if (lemmas)
      for (uint32_t w : *lemmas) visit(w);
  }
};

struct CTime {
  int32_t days = 0;
  VerbCode::Special special = VerbCode::Special::kNone;
};

struct CDiscard {
  bool story_level = false;
};

class CompiledDict {
 public:
  static Result<std::shared_ptr<const CompiledDict>> Build(const DictionarySet& set);

  Vocab vocab;
  // For each interned form, the dictionary words it is a regular inflection of
  // (indexed by form id; empty for most).
  std::vector<std::vector<uint32_t>> lemmas_of;

  PhraseIndex actors;      // payload: index into DictionarySet::actors
  PhraseIndex agents;      // payload: index into `agent_codes`
  PhraseIndex verbs;       // payload: index into `verb_list`
  PhraseIndex nouns;       // payload: 0 = noun, 1 = adjective
  PhraseIndex times;       // payload: index into `time_list`
  PhraseIndex discards;    // payload: index into `discard_list`
  PhraseIndex issues;      // payload: index into `issue_codes` (ignore = kNoWord code)
  // One record per vocabulary word, so that a token's lookups cost one
  // read: which indexes have phrases starting with the word or with a word
  // it inflects (bits kStarts*, the word's lemmas folded in; stems not
  // included), whether some stem of an index is a prefix of the word (bits
  // kStem*), and kHasLemmas (lemmas_of[id] is not empty, read without
  // touching it). SentenceParser::Lookup copies it per token
  // (ParsedSentence::starts), computing the stem bits of unknown words.
  enum : uint16_t { kStartsActor = 1, kStartsAgent = 2, kStartsVerb = 4, kStartsNoun = 8, kStartsTime = 16,
                    kStartsDiscard = 32, kHasLemmas = 64, kStemActor = 128, kStemAgent = 256, kStemVerb = 512,
                    kStemNoun = 1024, kStemTime = 2048, kStemDiscard = 4096, kPhraseStop = 8192,
                    kFunctionTag = 16384 };  // a determiner, conjunction, negation or pronoun of `fw`
  static constexpr uint16_t kStartsAll = 63;
  static constexpr uint16_t kStemAll = kStemActor | kStemAgent | kStemVerb | kStemNoun | kStemTime | kStemDiscard;
  std::vector<uint16_t> starts;
  // Vocabulary ids with their `starts` record, for SentenceParser::Lookup.
  WordTable word_table;
  uint32_t us_dotted = kNoWord;   // the id of "U.S.", kNoWord when absent
  // The kStem* bits of a word: for each index, whether one of its stems is
  // a prefix of the word (one walk of stem_union, the stems of all indexes).
  uint16_t StemBits(std::string_view norm) const;
  // A character trie of the stems of all indexes; a node's `bits` are the
  // kStem* bits of the indexes with a stem ending there.
  CharTrie<uint16_t> stem_union;
  void BuildStemUnion();
  std::vector<CAgent> agent_codes;
  std::vector<CVerb> verb_list;
  std::vector<VerbIndex> verb_indexes;   // one per distinct pattern list of verb_list
  // verb_list[i].index by i, a few KB: SentenceParser::Parse requests a
  // sentence's VerbIndexes without first waiting for their CVerbs.
  std::vector<uint32_t> verb_index_of;
  std::vector<CPattern> patterns;
  std::vector<CSynset> synsets;
  std::vector<CTime> time_list;
  std::vector<CDiscard> discard_list;
  std::vector<std::string> issue_codes;   // "" = ignore phrase
  bool tabari_stems = false;              // some phrases use stems

  // Ids of fixed function words, kNoWord when absent from the vocabulary.
  struct FunctionWords {
    uint32_t the, a, an, of, in, from, by, and_, or_, but, nor, former, not_, nt,
        never, no, to, with, for_, at, on, against, was, were, been, be, is, are,
        being, has, have, had, will, would, could, should, may, might, can, must,
        said, he, she, it, its, his, her, they, them, their, we, our, us, i, my, me,
        who, which, that, after, before, when, while_, as, than;
  } fw{};
  // Function words that end a noun phrase (prepositions, auxiliaries,
  // subordinators, common adverbs), sorted ids.
  std::vector<uint32_t> phrase_stops;
  // Words that open a subordinate clause at the start of a sentence
  // ("While ...", "After ...", "Although ...").
  std::vector<uint32_t> subordinators;
  // The patterns of `verb` that may match a clause whose words are
  // `present`: every one has all its required words present; in the order
  // of verb.patterns (longest first). Costs O(words in the clause + patterns
  // returned), not O(patterns of the verb). `out` (pattern indexes into
  // `patterns`) is cleared first.
  void VerbPatterns(const CVerb& verb, const WordSet& present, std::vector<uint32_t>& out) const;
  // CPattern::required of every pattern in one array (pattern p's words are
  // required_words[required_begin[p], required_begin[p + 1])); each verb's
  // CVerb::pos_info points into it.
  std::vector<uint32_t> required_begin, required_words;
  // Per verb candidate (VerbIndex::Cand::req): the pattern's required words
  // except its key, which is present whenever VerbPatterns considers the
  // position, then the ids of its required_any sets (into any_sets), in one
  // stretch.
  std::vector<uint32_t> required_blob;
  // The distinct required_any sets (Phoenix's 2,174 references are 37
  // sets): set i's words are any_words[any_sets[i].begin, + len). A clause
  // answers each at most once (WordSet's memo).
  struct AnySet {
    uint32_t begin = 0, len = 0;
  };
  std::vector<AnySet> any_sets;
  std::vector<uint32_t> any_words;

  // Also bit kPhraseStop of the word's `starts` record.
  bool IsPhraseStop(uint32_t id) const { return id < starts.size() && (starts[id] & kPhraseStop); }
};

// Regular inflections of `w` (plural, 3rd person, past, participle, gerund),
// used for kEndings words. The word itself is not included.
std::vector<std::string> RegularForms(std::string_view w);

}  // namespace dyad::coder
