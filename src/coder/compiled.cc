#include "coder/compiled.h"

#include <algorithm>
#include <cstring>
#include <map>

namespace dyad::coder {

// ------------------------------------------------------------------ Vocab --

uint32_t StringIds::Intern(std::string_view s) {
  const uint32_t found = Find(s);
  if (found != kNoWord) return found;
  if ((keys_.size() + 1) * 2 > slots_.size()) Grow();
  const auto id = static_cast<uint32_t>(keys_.size());
  const uint64_t h = Hash(s);
  keys_.emplace_back(s);
  size_t i = h & mask_;
  while (static_cast<uint32_t>(slots_[i]) != kNoWord) i = (i + 1) & mask_;
  slots_[i] = (h >> 32 << 32) | id;
  return id;
}

void StringIds::Grow() {
  const size_t n = std::max<size_t>(64, slots_.size() * 2);
  slots_.assign(n, kEmpty);
  mask_ = n - 1;
  for (uint32_t id = 0; id < keys_.size(); ++id) {
    const uint64_t h = Hash(keys_[id]);
    size_t i = h & mask_;
    while (static_cast<uint32_t>(slots_[i]) != kNoWord) i = (i + 1) & mask_;
    slots_[i] = (h >> 32 << 32) | id;
  }
}

// ---------------------------------------------------------- RegularForms --

namespace {

bool IsVowel(char c) { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U'; }
bool IsLetter(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

std::vector<std::string> RegularForms(std::string_view w) {
  std::vector<std::string> out;
  if (w.empty() || !IsLetter(w.back())) {
    // "U.S." and the like only take the possessive, which is a separate token.
    return out;
  }
  const std::string s(w);
  const char last = s.back();
  const size_t n = s.size();
  auto add = [&](std::string f) {
    if (f != s && std::find(out.begin(), out.end(), f) == out.end()) out.push_back(std::move(f));
  };
  // TABARI's endings: S, ES, ED, EN, ING appended as written.
  add(s + "S");
  add(s + "ES");
  add(s + "ED");
  add(s + "EN");
  add(s + "ING");
  if (last == 'E') {  // AGREE -> AGREED, AGREES; MOVE -> MOVING
    add(s + "D");
    add(s + "N");
    if (n > 2 && s[n - 2] != 'E') add(s.substr(0, n - 1) + "ING");
  }
  if (last == 'Y' && n > 1 && !IsVowel(s[n - 2])) {  // ACCUSE... DENY -> DENIES, DENIED
    const std::string stem = s.substr(0, n - 1);
    add(stem + "IES");
    add(stem + "IED");
  }
  if (n >= 3 && !IsVowel(last) && last != 'W' && last != 'X' && last != 'Y' && IsVowel(s[n - 2]) &&
      !IsVowel(s[n - 3])) {  // STOP -> STOPPED; also REFER -> REFERRED, harmless for VISIT
    add(s + last + "ED");
    add(s + last + "ING");
  }
  if (n >= 2 && last == 'C') {  // PANIC -> PANICKED
    add(s + "KED");
    add(s + "KING");
  }
  return out;
}

// ------------------------------------------------------------ PhraseIndex --

void PhraseIndex::Add(IndexedPhrase p) { phrases_.push_back(std::move(p)); }

void PhraseIndex::Finish() {
  std::vector<uint32_t> word_list;  // list by word id
  for (uint32_t i = 0; i < phrases_.size(); ++i) {
    const CPhrase& e = phrases_[i].elems;
    if (e.empty() || e[0].kind != PatternElement::Kind::kWord) continue;
    uint32_t* slot = nullptr;
    if (e[0].match == WordMatch::kStem) {
      const uint32_t k = stems_.Intern(e[0].text);
      if (k >= stem_list_.size()) stem_list_.resize(k + 1, kNoWord);
      slot = &stem_list_[k];
      stem_lengths_ |= uint64_t{1} << std::min<size_t>(e[0].text.size(), 63);
      max_stem_len_ = std::max(max_stem_len_, e[0].text.size());
    } else {
      if (e[0].word == kNoWord) continue;
      if (e[0].word >= word_list.size()) word_list.resize(e[0].word + 1, kNoWord);
      slot = &word_list[e[0].word];
    }
    if (*slot == kNoWord) {
      *slot = static_cast<uint32_t>(lists_.size());
      lists_.emplace_back();
    }
    lists_[*slot].push_back(i);
  }
  BuildTries();
  BuildStemTrie();
  word_roots_.assign(word_list.size(), WordRoot{});
  for (uint32_t w = 0; w < word_list.size(); ++w) {
    const uint32_t l = word_list[w];
    if (l == kNoWord) continue;
    WordRoot& r = word_roots_[w];
    r.list = l;
    const ListTrie& lt = tries_[l];
    if (lt.ordered || lt.root == kNoWord || !lt.rest.empty()) continue;
    r.list |= WordRoot::kSimple;
    r.edge_bits = lt.root_node.edge_bits;
    if (lt.root_node.best_all != kNoWord) {
      r.list |= WordRoot::kHasBest;
      r.payload = phrases_[lt.root_node.best_all].payload;
      r.letters = lt.root_node.letters_all;
    }
    if (lt.root_node.best_endings != kNoWord) {
      r.list |= WordRoot::kHasBestEndings;
      r.payload_endings = phrases_[lt.root_node.best_endings].payload;
      r.letters_endings = lt.root_node.letters_endings;
    }
  }
}

void PhraseIndex::BuildStemTrie() {
  CharTrie<uint32_t>::Builder b(kNoWord);
  for (uint32_t k = 0; k < stems_.size(); ++k)
    if (!stems_.Key(k).empty()) b.At(stems_.Key(k)) = stem_list_[k];  // an empty stem matches nothing (as ByStem with k >= 1)
  stem_trie_ = b.Build();
}

void PhraseIndex::BuildTries() {
  // Build each list's trie with per-node edge vectors, then flatten.
  struct TmpNode {
    std::vector<TrieEdge> edges;
    uint32_t best_all = kNoWord, best_endings = kNoWord;
  };
  tries_.assign(lists_.size(), ListTrie{});
  std::vector<TmpNode> tmp;
  for (uint32_t l = 0; l < lists_.size(); ++l) {
    ListTrie& lt = tries_[l];
    for (uint32_t i : lists_[l]) {
      const CPhrase& e = phrases_[i].elems;
      if (e[0].match == WordMatch::kStem) {  // stem lists are matched one by one
        lt.rest.push_back(i);
        continue;
      }
      bool simple = true;
      for (size_t k = 1; k < e.size(); ++k) {
        if (e[k].kind == PatternElement::Kind::kSynset) lt.ordered = true;
        if (e[k].kind != PatternElement::Kind::kWord || e[k].match == WordMatch::kStem || e[k].word == kNoWord)
          simple = false;
      }
      if (!simple) {
        lt.rest.push_back(i);
        continue;
      }
      if (lt.root == kNoWord) {
        lt.root = static_cast<uint32_t>(tmp.size());
        tmp.emplace_back();
      }
      uint32_t n = lt.root;
      for (size_t k = 1; k < e.size(); ++k) {
        const bool endings = e[k].match == WordMatch::kEndings;
        uint32_t child = kNoWord;
        for (const TrieEdge& x : tmp[n].edges)
          if (x.word == e[k].word && x.endings == endings) {
            child = x.child;
            break;
          }
        if (child == kNoWord) {
          child = static_cast<uint32_t>(tmp.size());
          tmp[n].edges.push_back({e[k].word, endings, child});
          tmp.emplace_back();
        }
        n = child;
      }
      // Most letters wins; among equals the first in the list (i grows).
      auto better = [&](uint32_t cur) { return cur == kNoWord || phrases_[i].letters > phrases_[cur].letters; };
      if (better(tmp[n].best_all)) tmp[n].best_all = i;
      if (e[0].match == WordMatch::kEndings && better(tmp[n].best_endings)) tmp[n].best_endings = i;
    }
  }
  nodes_.resize(tmp.size());
  edges_.clear();
  for (size_t n = 0; n < tmp.size(); ++n) {
    auto& ed = tmp[n].edges;
    std::sort(ed.begin(), ed.end(), [](const TrieEdge& a, const TrieEdge& b) {
      return a.word != b.word ? a.word < b.word : a.endings < b.endings;
    });
    nodes_[n].edges_begin = static_cast<uint32_t>(edges_.size());
    edges_.insert(edges_.end(), ed.begin(), ed.end());
    nodes_[n].edges_end = static_cast<uint32_t>(edges_.size());
    nodes_[n].best_all = tmp[n].best_all;
    nodes_[n].best_endings = tmp[n].best_endings;
    nodes_[n].letters_all = tmp[n].best_all == kNoWord ? 0 : phrases_[tmp[n].best_all].letters;
    nodes_[n].letters_endings = tmp[n].best_endings == kNoWord ? 0 : phrases_[tmp[n].best_endings].letters;
    nodes_[n].edge_bits = 0;
    for (const TrieEdge& x : ed) nodes_[n].edge_bits |= uint64_t{1} << TrieNode::EdgeBit(x.word);
  }
  for (ListTrie& lt : tries_)
    if (lt.root != kNoWord) lt.root_node = nodes_[lt.root];
}

// ----------------------------------------------------------- VerbPatterns --

namespace {

// One compare-exchange of a sorting network: two conditional moves.
[[gnu::always_inline]] inline void CompareExchange(uint64_t& a, uint64_t& b) {
  const uint64_t lo = a < b ? a : b, hi = a < b ? b : a;
  a = lo;
  b = hi;
}

// Sorts x[0, 4) (n <= 4) or x[0, 8) (n <= 8) by a sorting network, whose
// compare-exchanges are conditional moves: the input order costs no
// mispredicted branch (std::sort's insertion sort of ~4 candidates missed
// ~5 per call). The caller pads x[n, 8) with the largest value.
[[gnu::always_inline]] inline void SortSmall(uint64_t* x, size_t n) {
  auto ce = [x](int a, int b) { CompareExchange(x[a], x[b]); };
  if (n <= 4) {
    ce(0, 1), ce(2, 3), ce(0, 2), ce(1, 3), ce(1, 2);
    return;
  }
  // Batcher's odd-even merge sort of 8: 19 compare-exchanges.
  ce(0, 1), ce(2, 3), ce(4, 5), ce(6, 7);
  ce(0, 2), ce(1, 3), ce(4, 6), ce(5, 7);
  ce(1, 2), ce(5, 6);
  ce(0, 4), ce(1, 5), ce(2, 6), ce(3, 7);
  ce(2, 4), ce(3, 5);
  ce(1, 2), ce(3, 4), ce(5, 6);
}

}  // namespace

void CompiledDict::VerbPatterns(const CVerb& verb, const WordSet& present, std::vector<uint32_t>& out) const {
  out.clear();
  if (present.crowded()) {  // no filter: every pattern is a candidate (the matcher decides)
    out.assign(verb.patterns.begin(), verb.patterns.end());
    return;
  }
  const VerbIndex& vi = verb_indexes[verb.index];
  const VerbIndex::Cand* cands = vi.cands.data();
  // The candidates, as (position << 32 | entry in cands), in the WordSet's
  // scratch space: the runs are disjoint stretches of cands, so there are
  // at most cands.size(), and 8 more are SortSmall's padding.
  uint64_t* const items = present.Scratch(vi.cands.size() + 8);
  size_t n = 0, runs = 0;
  for (uint32_t i = 0; i < vi.n_unkeyed; ++i) items[n++] = uint64_t{cands[i].pos} << 32 | i;
  runs += vi.n_unkeyed > 0;
  const auto& words = present.ids();
  auto add_key = [&](const VerbIndex::KeyEntry& k) {
    for (uint32_t i = k.begin; i < k.end; ++i) items[n++] = uint64_t{cands[i].pos} << 32 | i;
    ++runs;
  };
  // Whichever is cheaper: a bit test per key word of the verb, or a Bloom
  // test (and, rarely, a hash probe) per word of the clause.
  if (vi.key_count <= words.size()) {
    // Few keys: each is looked up in the clause, without a branch on the
    // answer (a coin toss); the entries found are collected, then added.
    const VerbIndex::KeyEntry* k = vi.dense_keys();
    const VerbIndex::KeyEntry* const k_end = k + vi.key_count;
    while (k != k_end) {
      const VerbIndex::KeyEntry* hit[32];
      size_t nh = 0;
      for (size_t i = 0; k != k_end && i < std::size(hit); ++i, ++k) {
        hit[nh] = k;
        nh += present.Has(k->word);
      }
      for (size_t i = 0; i < nh; ++i) add_key(*hit[i]);
    }
  } else {
    // The words that pass the Bloom filter are few; their table slots are
    // requested together before any is probed, so the misses overlap. The
    // filter pass has no branch per word (whether a word passes is a coin
    // toss for the branch predictor): each word is written, and kept by
    // advancing the count.
    uint32_t cand[64];
    const size_t mask = vi.key_slots - 1;
    const uint32_t* w = words.data();
    const uint32_t* const w_end = w + words.size();
    while (w != w_end) {
      size_t nc = 0;
      const uint32_t* const chunk_end = w + std::min<size_t>(static_cast<size_t>(w_end - w), std::size(cand));
      for (; w != chunk_end; ++w) {
        cand[nc] = *w;
        nc += vi.MayBeKey(*w);
      }
      for (size_t i = 0; i < nc; ++i) dyad::Prefetch(&vi.key_table[VerbIndex::KeySlot(cand[i]) & mask]);
      for (size_t i = 0; i < nc; ++i)
        if (const VerbIndex::KeyEntry* k = vi.FindKey(cand[i])) add_key(*k);
    }
  }
  if (n == 0) return;
  // Position order (longest pattern first); each run is in order already.
  // A position keyed by several words appears once per word.
  if (runs > 1) {
    if (n <= 8) {
      for (size_t i = 0; i < 8; ++i) items[n + i] = ~uint64_t{0};
      SortSmall(items, n);
    } else {
      std::sort(items, items + n);
    }
  }
  // Request the required words of all candidates, then check them.
  for (size_t j = 0; j < n; ++j) dyad::Prefetch(required_blob.data() + cands[static_cast<uint32_t>(items[j])].req);
  out.resize(n);
  uint32_t* const res = out.data();
  size_t kept = 0;
  uint32_t last_pos = kNoWord;
  for (size_t j = 0; j < n; ++j) {
    const VerbIndex::Cand& c = cands[static_cast<uint32_t>(items[j])];
    if (c.pos == last_pos) continue;
    last_pos = c.pos;
    const uint32_t* r = required_blob.data() + c.req;
    bool ok = true;
    for (uint32_t k = 0; ok && k < c.n_rest; ++k) ok = present.Has(r[k]);
    r += c.n_rest;
    for (uint32_t k = 0; ok && k < c.n_any; ++k) {
      const uint32_t set = r[k];
      int holds = present.CachedAny(set);
      if (holds < 0) {
        const AnySet& a = any_sets[set];
        const uint32_t* w = any_words.data() + a.begin;
        holds = 0;
        for (uint32_t m = 0; !holds && m < a.len; ++m) holds = present.Has(w[m]);
        present.CacheAny(set, holds);
      }
      ok = holds;
    }
    res[kept] = c.pattern;
    kept += ok;
  }
  out.resize(kept);
}

uint64_t WordTable::SlowKey(const std::string& s, Key& k) {
  const size_t n = s.size();
  char head[16] = {};
  uint64_t rest = 0;  // little-endian: byte j at bits 8j
  std::memcpy(head, s.data(), std::min<size_t>(n, 16));
  if (n > 16) std::memcpy(&rest, s.data() + 16, std::min<size_t>(n, kInline) - 16);
#if DYAD_SSE2
  k.head = _mm_loadu_si128(reinterpret_cast<const __m128i*>(head));
#else
  std::memcpy(&k.head.lo, head, 8);
  std::memcpy(&k.head.hi, head + 8, 8);
#endif
  k.tag = rest | (uint64_t{n > kInline ? kLong : n} << 56);
  return n > kInline ? StringIds::Hash(std::string_view(s).substr(kInline)) : 0;
}

void WordTable::Build(const Vocab& vocab, const std::vector<uint16_t>& records) {
  size_t n = 16;
  while (n < vocab.size() * 2) n *= 2;
  slots_.assign(n, Slot{});
  mask_ = n - 1;
  for (uint32_t id = 0; id < vocab.size(); ++id) {
    const Key k = MakeKey(vocab.Word(id));
    size_t i = k.hash & mask_;
    while (slots_[i].tag != kEmpty) i = (i + 1) & mask_;
    Slot& s = slots_[i];
    s.id = id;
    s.record = id < records.size() ? records[id] : 0;
    s.tag = k.tag;
#if DYAD_SSE2
    _mm_store_si128(reinterpret_cast<__m128i*>(s.head), k.head);
#else
    std::memcpy(s.head, &k.head.lo, 8);
    std::memcpy(s.head + 8, &k.head.hi, 8);
#endif
  }
}

uint16_t CompiledDict::StemBits(std::string_view norm) const {
  // The same bits as asking each index's ForEachStem whether any stem is a
  // prefix of `norm`, in one walk.
  uint16_t bits = 0;
  stem_union.ForEachPrefix(norm, [&](uint16_t b) {
    bits |= b;
    return false;
  });
  return bits;
}

void CompiledDict::BuildStemUnion() {
  CharTrie<uint16_t>::Builder b(0);
  for (auto [index, bit] : {std::pair{&actors, kStemActor}, {&agents, kStemAgent}, {&verbs, kStemVerb},
                            {&nouns, kStemNoun}, {&times, kStemTime}, {&discards, kStemDiscard}})
    index->ForEachStemKey([&, bit = bit](std::string_view key) { b.At(key) |= bit; });
  stem_union = b.Build();
}

// ---------------------------------------------------------------- Builder --

namespace {

using Kind = PatternElement::Kind;

// The words a run (synset member, alternative) can start with, added to
// `out`; false when that is not a fixed set (a stem, another kind of
// element, synsets nested too deep).
bool FirstWords(const CPhrase& run, const std::vector<CSynset>& synsets, int depth, std::vector<uint32_t>& out);

bool FirstWordsOf(const CElem& e, const std::vector<CSynset>& synsets, int depth, std::vector<uint32_t>& out) {
  if (depth > 4) return false;
  if (e.kind == Kind::kWord) {
    if (e.match == WordMatch::kStem || e.word == kNoWord) return false;
    out.push_back(e.word);
    return true;
  }
  const std::vector<CPhrase>* runs = nullptr;
  if (e.kind == Kind::kSynset) {
    if (e.synset == kNoWord || e.synset >= synsets.size()) return false;
    runs = &synsets[e.synset].members;
  } else if (e.kind == Kind::kAlternatives) {
    runs = &e.alts;
  } else {
    return false;
  }
  for (const CPhrase& r : *runs)
    if (!FirstWords(r, synsets, depth + 1, out)) return false;
  return true;
}

bool FirstWords(const CPhrase& run, const std::vector<CSynset>& synsets, int depth, std::vector<uint32_t>& out) {
  if (run.empty()) return true;  // an empty run never matches
  return FirstWordsOf(run[0], synsets, depth, out);
}

// CPattern::required and required_any: what a clause must contain for the
// pattern to match (every top-level element must match somewhere).
void SetRequired(CPattern& p, const std::vector<CSynset>& synsets) {
  for (const CPhrase* part : {&p.pre, &p.post})
    for (const CElem& e : *part) {
      if (e.kind == Kind::kWord && e.match != WordMatch::kStem && e.word != kNoWord) {
        p.required.push_back(e.word);
      } else if (e.kind == Kind::kSynset || e.kind == Kind::kAlternatives) {
        std::vector<uint32_t> any;
        if (!FirstWordsOf(e, synsets, 0, any)) continue;
        std::sort(any.begin(), any.end());
        any.erase(std::unique(any.begin(), any.end()), any.end());
        p.required_any.push_back(std::move(any));
      }
    }
  std::sort(p.required.begin(), p.required.end());
  p.required.erase(std::unique(p.required.begin(), p.required.end()), p.required.end());
}

enum class Role { kName, kPatternWord, kSynsetMember };

// "WORLD CUP" -> exact, adjacent word elements (discards, issues, PETRARCH-2
// forms); `seps` are the characters between words. A leading '+' (the
// PETRARCH head-word mark) is dropped.
Phrase WordsOf(std::string_view text, std::string_view seps) {
  Phrase p;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(seps, start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view w = text.substr(start, end - start);
    if (!w.empty() && w.front() == '+') w.remove_prefix(1);
    if (!w.empty()) {
      PatternElement e;
      e.text = std::string(w);
      e.match = WordMatch::kExact;
      e.adjacent_to_previous = !p.empty();
      p.push_back(std::move(e));
    }
    start = end + 1;
  }
  return p;
}

class Builder {
 public:
  Builder(const DictionarySet& set, CompiledDict& out) : set_(set), out_(out) {}

  Status Run();

 private:
  bool Petrarch(const DictLoc& loc) const {
    return loc.file < set_.file_dialect.size() && set_.file_dialect[loc.file] != Dialect::kTabari;
  }
  uint32_t InternWord(std::string_view w, WordMatch m) {
    const uint32_t id = out_.vocab.Intern(w);
    if (m == WordMatch::kEndings) endings_words_.push_back(id);
    return id;
  }
  // Compile a phrase. `endings_last`: the last word may take regular endings
  // (names: actors, agents, nouns, synset members); other words are exact.
  CPhrase Compile(const Phrase& p, const DictLoc& loc, Role role, bool endings_last = true);
  int Letters(const CPhrase& p) const;
  void AddName(PhraseIndex& index, const Phrase& p, const DictLoc& loc, uint32_t payload,
               bool endings_last = true);
  Status CompileVerbs();
  // PETRARCH-2 verbs (CAMEO.2.0.txt), approximated: see docs/coding-rules.md.
  void CompileP2Verbs();
  void IndexVerbPatterns();
  void AddVerbForms(const Phrase& verb, uint32_t head_word, const std::vector<Phrase>& exact_forms,
                    const DictLoc& loc, uint32_t vid);

  const DictionarySet& set_;
  CompiledDict& out_;
  std::vector<uint32_t> endings_words_;
  std::unordered_map<std::string, uint32_t> synset_ids_;
};

CPhrase Builder::Compile(const Phrase& p, const DictLoc& loc, Role role, bool endings_last) {
  CPhrase out;
  out.reserve(p.size());
  const bool petrarch = Petrarch(loc);
  // Index of the last word element, which alone may take endings.
  size_t last_word = p.size();
  for (size_t i = p.size(); i-- > 0;)
    if (p[i].kind == Kind::kWord) { last_word = i; break; }
  for (size_t i = 0; i < p.size(); ++i) {
    const PatternElement& e = p[i];
    CElem c;
    c.kind = e.kind;
    c.adjacent = e.adjacent_to_previous;
    switch (e.kind) {
      case Kind::kWord: {
        WordMatch m = e.match;
        if (e.tilde) m = WordMatch::kStem;
        if (m == WordMatch::kEndings) {
          const bool may_inflect = role == Role::kPatternWord ? !petrarch : (endings_last && i == last_word);
          if (!may_inflect) m = WordMatch::kExact;
        }
        c.match = m;
        c.text = e.text;
        c.word = InternWord(e.text, m);
        break;
      }
      case Kind::kSynset: {
        c.text = e.text;
        auto it = synset_ids_.find(e.text);
        c.synset = it == synset_ids_.end() ? kNoWord : it->second;
        break;
      }
      case Kind::kAlternatives:
        for (const auto& alt : e.alternatives) c.alts.push_back(Compile(alt, loc, role, false));
        break;
      default:
        break;
    }
    out.push_back(std::move(c));
  }
  // TABARI "XXXX~ YYYY": the element after a tilde word must be adjacent.
  for (size_t i = 0; i + 1 < p.size(); ++i)
    if (p[i].tilde) out[i + 1].adjacent = true;
  return out;
}

int Builder::Letters(const CPhrase& p) const {
  int n = 0;
  for (const CElem& e : p) {
    if (e.kind == Kind::kWord) {
      for (char ch : e.text) n += (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    } else if (e.kind == Kind::kSynset && e.synset != kNoWord) {
      int best = 0;
      for (const auto& m : out_.synsets[e.synset].members) best = std::max(best, Letters(m));
      n += best;
    } else if (e.kind == Kind::kAlternatives) {
      int best = 0;
      for (const auto& a : e.alts) best = std::max(best, Letters(a));
      n += best;
    }
  }
  return n;
}

void Builder::AddName(PhraseIndex& index, const Phrase& p, const DictLoc& loc, uint32_t payload,
                      bool endings_last) {
  if (p.empty() || p[0].kind != Kind::kWord) return;
  IndexedPhrase ip;
  ip.elems = Compile(p, loc, Role::kName, endings_last);
  // Names are contiguous whatever the connector written.
  for (size_t i = 1; i < ip.elems.size(); ++i) ip.elems[i].adjacent = true;
  ip.payload = payload;
  ip.letters = static_cast<uint16_t>(std::min(Letters(ip.elems), 65535));
  index.Add(std::move(ip));
}

Status Builder::CompileVerbs() {
  // Pattern lists are compiled once per holder: PETRARCH-1 blocks share the
  // list stored on their first verb (VerbEntry::patterns_of).
  const auto& verbs = set_.verbs;
  std::vector<std::vector<uint32_t>> lists(verbs.size());
  std::vector<uint8_t> done(verbs.size(), 0);
  auto list_of = [&](size_t holder) -> const std::vector<uint32_t>& {
    if (done[holder]) return lists[holder];
    done[holder] = 1;
    std::vector<uint32_t>& shared = lists[holder];
    for (const VerbPattern& vp : verbs[holder].patterns) {
      CPattern cp;
      CPhrase all = Compile(vp.elements, vp.loc, Role::kPatternWord);
      size_t star = all.size();
      for (size_t x = 0; x < all.size(); ++x)
        if (all[x].kind == Kind::kVerb) { star = x; break; }
      if (star == all.size()) continue;  // the reader warns about these
      cp.pre.assign(all.begin(), all.begin() + static_cast<long>(star));
      cp.post.assign(all.begin() + static_cast<long>(star) + 1, all.end());
      cp.verb_adjacent = all[star].adjacent && star > 0;
      cp.post_adjacent = !cp.post.empty() && cp.post[0].adjacent;
      cp.code = vp.code;
      cp.length = Letters(all);
      cp.loc = vp.loc;
      SetRequired(cp, out_.synsets);
      shared.push_back(static_cast<uint32_t>(out_.patterns.size()));
      out_.patterns.push_back(std::move(cp));
    }
    std::stable_sort(shared.begin(), shared.end(), [&](uint32_t a, uint32_t b) {
      return out_.patterns[a].length > out_.patterns[b].length;
    });
    return shared;
  };
  for (size_t k = 0; k < verbs.size(); ++k) {
    const VerbEntry& v = verbs[k];
    const size_t holder = v.patterns_of < verbs.size() ? v.patterns_of : k;
    CVerb cv;
    for (const auto& e : v.verb)
      if (e.kind == Kind::kWord) cv.lemma += (cv.lemma.empty() ? "" : " ") + e.text;
    cv.code = v.code;
    cv.patterns = list_of(holder);
    cv.loc = v.loc;
    const auto vid = static_cast<uint32_t>(out_.verb_list.size());
    out_.verb_list.push_back(std::move(cv));
    // The verb's forms: the written verb (its head word inflects) and the
    // irregular forms (exact).
    AddVerbForms(v.verb, v.head_word, v.irregular_forms, v.loc, vid);
  }
  return Status::Ok();
}

void Builder::AddVerbForms(const Phrase& verb, uint32_t head_word, const std::vector<Phrase>& exact_forms,
                           const DictLoc& loc, uint32_t vid) {
  if (!verb.empty()) {
    IndexedPhrase ip;
    ip.elems = Compile(verb, loc, Role::kName, false);
    for (size_t w = 0; w < ip.elems.size() && w < verb.size(); ++w) {
      CElem& e = ip.elems[w];
      if (e.kind != Kind::kWord) continue;
      WordMatch m = verb[w].match;
      if (w != head_word && m == WordMatch::kEndings) m = WordMatch::kExact;
      e.match = m;
      if (m == WordMatch::kEndings) endings_words_.push_back(e.word);
      if (w > 0) e.adjacent = true;
    }
    ip.payload = vid;
    ip.letters = static_cast<uint16_t>(Letters(ip.elems));
    out_.verbs.Add(std::move(ip));
  }
  for (const Phrase& form : exact_forms) {
    IndexedPhrase ip;
    ip.elems = Compile(form, loc, Role::kName, false);
    for (size_t w = 0; w < ip.elems.size(); ++w) {
      if (ip.elems[w].kind == Kind::kWord) ip.elems[w].match = WordMatch::kExact;
      if (w > 0) ip.elems[w].adjacent = true;
    }
    ip.payload = vid;
    ip.letters = static_cast<uint16_t>(Letters(ip.elems));
    out_.verbs.Add(std::move(ip));
  }
}

void Builder::CompileP2Verbs() {
  // Noun-phrase "{...}" and prepositional "(...)" groups lose their tree
  // attachment: their words must appear in order after (or before) the verb,
  // other words may intervene, as in a PETRARCH-1 pattern written with blanks.
  const auto& verbs = set_.p2_verbs;
  std::vector<std::vector<uint32_t>> lists(verbs.size());
  std::vector<uint8_t> done(verbs.size(), 0);
  auto list_of = [&](size_t holder) -> const std::vector<uint32_t>& {
    if (done[holder]) return lists[holder];
    done[holder] = 1;
    for (const Petrarch2Pattern& pp : verbs[holder].patterns) {
      CPattern cp;
      cp.pre = Compile(pp.pre, pp.loc, Role::kPatternWord);
      cp.post = Compile(pp.post, pp.loc, Role::kPatternWord);
      cp.post_adjacent = !cp.post.empty() && cp.post[0].adjacent;
      cp.verb_adjacent = false;
      cp.code = pp.code;
      cp.length = Letters(cp.pre) + Letters(cp.post);
      cp.loc = pp.loc;
      SetRequired(cp, out_.synsets);
      lists[holder].push_back(static_cast<uint32_t>(out_.patterns.size()));
      out_.patterns.push_back(std::move(cp));
    }
    std::stable_sort(lists[holder].begin(), lists[holder].end(), [&](uint32_t a, uint32_t b) {
      return out_.patterns[a].length > out_.patterns[b].length;
    });
    return lists[holder];
  };
  for (size_t k = 0; k < verbs.size(); ++k) {
    const Petrarch2Verb& v = verbs[k];
    CVerb cv;
    cv.lemma = v.lemma;
    cv.code = v.code;
    cv.patterns = list_of(v.patterns_of < verbs.size() ? v.patterns_of : k);
    cv.loc = v.loc;
    const auto vid = static_cast<uint32_t>(out_.verb_list.size());
    out_.verb_list.push_back(std::move(cv));
    std::vector<Phrase> forms;
    for (const std::string& f : v.forms) {
      Phrase ph = WordsOf(f, "_ ");
      if (!ph.empty()) forms.push_back(std::move(ph));
    }
    AddVerbForms(v.verb, v.head_word, forms, v.loc, vid);
  }
}

// Keys each verb pattern by its rarest required word (the one fewest
// patterns require), so few patterns share a key.
void Builder::IndexVerbPatterns() {
  std::unordered_map<uint32_t, uint32_t> uses;
  for (const CPattern& p : out_.patterns)
    for (uint32_t w : p.required) ++uses[w];
  std::vector<std::pair<uint32_t, uint32_t>> keyed;  // (key word, position)
  std::vector<VerbIndex::Cand> by_pos;
  out_.required_blob.clear();
  out_.any_sets.clear();
  out_.any_words.clear();
  std::map<std::vector<uint32_t>, uint32_t> any_id;  // distinct required_any sets
  out_.verb_indexes.clear();
  std::map<std::vector<uint32_t>, uint32_t> index_of_list;
  out_.verb_index_of.clear();
  for (CVerb& cv : out_.verb_list) {
    const auto [it, added] = index_of_list.emplace(cv.patterns, static_cast<uint32_t>(out_.verb_indexes.size()));
    cv.index = it->second;
    out_.verb_index_of.push_back(cv.index);
    if (!added) continue;  // same list as an earlier verb: its index
    const std::vector<uint32_t>& patterns = cv.patterns;
    VerbIndex& v = out_.verb_indexes.emplace_back();
    keyed.clear();
    by_pos.clear();
    v.cands.clear();
    for (uint32_t pos = 0; pos < patterns.size(); ++pos) {
      const uint32_t pi = patterns[pos];
      const CPattern& p = out_.patterns[pi];
      // The key (rarest required word): a position is a candidate only when
      // its key is in the clause, so only the other required words are checked.
      uint32_t key = kNoWord;
      if (!p.required.empty()) {
        key = p.required[0];
        for (uint32_t w : p.required)
          if (uses[w] < uses[key]) key = w;
      }
      // A pattern without required words is keyed by every word of its
      // smallest first-word set, if any (and that set is not too large).
      const std::vector<uint32_t>* best = nullptr;
      if (p.required.empty())
        for (const auto& any : p.required_any)
          if (!best || any.size() < best->size()) best = &any;
      const bool keyed_by_any = best && best->size() <= 256;
      VerbIndex::Cand c;
      c.pos = pos;
      c.pattern = pi;
      c.req = static_cast<uint32_t>(out_.required_blob.size());
      for (uint32_t w : p.required)
        if (w != key) {
          out_.required_blob.push_back(w);
          ++c.n_rest;
        }
      for (const auto& any : p.required_any) {
        // The set that keys the position holds a word of the clause
        // whenever the position is a candidate: not checked again.
        if (keyed_by_any && &any == best) continue;
        const auto [at, fresh] = any_id.emplace(any, static_cast<uint32_t>(out_.any_sets.size()));
        if (fresh) {
          out_.any_sets.push_back({static_cast<uint32_t>(out_.any_words.size()), static_cast<uint32_t>(any.size())});
          out_.any_words.insert(out_.any_words.end(), any.begin(), any.end());
        }
        out_.required_blob.push_back(at->second);
        ++c.n_any;
      }
      by_pos.push_back(c);
      if (p.required.empty()) {
        if (!keyed_by_any) {
          v.cands.push_back(c);
        } else {
          for (uint32_t w : *best) keyed.emplace_back(w, pos);
        }
        continue;
      }
      keyed.emplace_back(key, pos);
    }
    v.n_unkeyed = static_cast<uint32_t>(v.cands.size());
    std::sort(keyed.begin(), keyed.end());
    std::fill(std::begin(v.key_bloom), std::end(v.key_bloom), 0);
    std::vector<VerbIndex::KeyEntry> entries;
    for (uint32_t j = 0; j < keyed.size(); ++j) {
      const auto at = static_cast<uint32_t>(v.cands.size());
      if (j == 0 || keyed[j].first != keyed[j - 1].first) {
        if (!entries.empty()) entries.back().end = at;
        entries.push_back({keyed[j].first, at, at});
      }
      v.cands.push_back(by_pos[keyed[j].second]);
    }
    if (!entries.empty()) entries.back().end = static_cast<uint32_t>(v.cands.size());
    v.key_count = static_cast<uint32_t>(entries.size());
    size_t slots = 4;
    while (slots < entries.size() * 2) slots *= 2;
    v.key_slots = entries.empty() ? 0 : static_cast<uint32_t>(slots);
    v.key_table.assign(v.key_slots, VerbIndex::KeyEntry{});
    v.key_table.insert(v.key_table.end(), entries.begin(), entries.end());
    for (const VerbIndex::KeyEntry& e : entries) {
      size_t i = VerbIndex::KeySlot(e.word) & (slots - 1);
      while (v.key_table[i].word != kNoWord) i = (i + 1) & (slots - 1);
      v.key_table[i] = e;
      v.AddToBloom(e.word);
    }
  }
}

Status Builder::Run() {
  // Synsets first: patterns refer to them. Members may refer to earlier synsets.
  for (const Synset& s : set_.synsets) {
    if (synset_ids_.count(s.name)) continue;
    synset_ids_[s.name] = static_cast<uint32_t>(out_.synsets.size());
    out_.synsets.emplace_back();
  }
  for (const Synset& s : set_.synsets) {
    CSynset& cs = out_.synsets[synset_ids_[s.name]];
    for (const Phrase& m : s.members) {
      CPhrase cp = Compile(m, s.loc, Role::kSynsetMember, !s.no_plurals);
      for (size_t w = 1; w < cp.size(); ++w) cp[w].adjacent = true;  // members are consecutive words
      cs.members.push_back(std::move(cp));
    }
  }
  for (CSynset& cs : out_.synsets) {
    for (uint32_t m = 0; m < cs.members.size(); ++m) {
      const CPhrase& p = cs.members[m];
      if (!p.empty() && p[0].kind == Kind::kWord && p[0].match != WordMatch::kStem && p[0].word != kNoWord)
        cs.by_first.emplace_back(p[0].word, m);
      else
        cs.unindexed.push_back(m);
    }
    std::sort(cs.by_first.begin(), cs.by_first.end());
    for (const auto& [w, m] : cs.by_first) cs.AddFirst(w);
  }

  for (uint32_t a = 0; a < set_.actors.size(); ++a)
    for (const Phrase& p : set_.actors[a].phrases) AddName(out_.actors, p, set_.actors[a].loc, a);

  for (const AgentEntry& ag : set_.agents) {
    const auto id = static_cast<uint32_t>(out_.agent_codes.size());
    out_.agent_codes.push_back({ag.code, ag.prefix});
    AddName(out_.agents, ag.phrase, ag.loc, id, ag.plural_rule == AgentEntry::PluralRule::kRegular);
    for (const Phrase& pl : ag.plurals) AddName(out_.agents, pl, ag.loc, id, false);
  }

  for (const WordClassEntry& w : set_.word_classes)
    AddName(out_.nouns, w.phrase, w.loc, w.cls == WordClassEntry::Class::kNoun ? 0u : 1u);

  for (const TimeShift& t : set_.time_shifts) {
    const auto id = static_cast<uint32_t>(out_.time_list.size());
    out_.time_list.push_back({t.days, t.special});
    AddName(out_.times, t.phrase, t.loc, id, false);
  }

  DYAD_RETURN_IF_ERROR(CompileVerbs());
  CompileP2Verbs();
  out_.required_begin.assign(1, 0);
  for (const CPattern& p : out_.patterns) {
    out_.required_words.insert(out_.required_words.end(), p.required.begin(), p.required.end());
    out_.required_begin.push_back(static_cast<uint32_t>(out_.required_words.size()));
  }
  IndexVerbPatterns();
  auto marks = [](const VerbCode& c) {
    return c.special == VerbCode::Special::kDiscard || c.special == VerbCode::Special::kComplex;
  };
  for (CVerb& cv : out_.verb_list) {
    cv.may_mark_sentence = marks(cv.code);
    for (uint32_t pi : cv.patterns) cv.may_mark_sentence |= marks(out_.patterns[pi].code);
  }

  // Discards: consecutive words; a trailing '_' means whole word, otherwise
  // the last word is a stem (PETRARCH's rule).
  for (const DiscardEntry& d : set_.discards) {
    Phrase p = WordsOf(d.text, " ");
    if (p.empty()) continue;
    if (!d.exact_end) p.back().match = WordMatch::kStem;
    const auto id = static_cast<uint32_t>(out_.discard_list.size());
    out_.discard_list.push_back({d.story_level});
    IndexedPhrase ip;
    ip.elems = Compile(p, d.loc, Role::kName, false);
    for (size_t w = 0; w < ip.elems.size(); ++w) {
      ip.elems[w].match = p[w].match;
      if (w > 0) ip.elems[w].adjacent = true;
    }
    ip.payload = id;
    out_.discards.Add(std::move(ip));
  }

  for (const IssueEntry& is : set_.issues) {
    Phrase p = WordsOf(is.text, " ");
    if (p.empty()) continue;
    const auto id = static_cast<uint32_t>(out_.issue_codes.size());
    out_.issue_codes.push_back(is.ignore ? std::string() : is.code);
    AddName(out_.issues, p, is.loc, id, false);
  }

  // Function words the parser needs, interned so tokens can be compared by id.
  auto fw = [&](const char* w) { return out_.vocab.Intern(w); };
  auto& f = out_.fw;
  f.the = fw("THE"); f.a = fw("A"); f.an = fw("AN"); f.of = fw("OF"); f.in = fw("IN");
  f.from = fw("FROM"); f.by = fw("BY"); f.and_ = fw("AND"); f.or_ = fw("OR"); f.but = fw("BUT");
  f.nor = fw("NOR"); f.former = fw("FORMER"); f.not_ = fw("NOT"); f.nt = fw("N'T");
  f.never = fw("NEVER"); f.no = fw("NO"); f.to = fw("TO"); f.with = fw("WITH"); f.for_ = fw("FOR");
  f.at = fw("AT"); f.on = fw("ON"); f.against = fw("AGAINST"); f.was = fw("WAS"); f.were = fw("WERE");
  f.been = fw("BEEN"); f.be = fw("BE"); f.is = fw("IS"); f.are = fw("ARE"); f.being = fw("BEING");
  f.has = fw("HAS"); f.have = fw("HAVE"); f.had = fw("HAD"); f.will = fw("WILL"); f.would = fw("WOULD");
  f.could = fw("COULD"); f.should = fw("SHOULD"); f.may = fw("MAY"); f.might = fw("MIGHT");
  f.can = fw("CAN"); f.must = fw("MUST"); f.said = fw("SAID"); f.he = fw("HE"); f.she = fw("SHE");
  f.it = fw("IT"); f.its = fw("ITS"); f.his = fw("HIS"); f.her = fw("HER"); f.they = fw("THEY");
  f.them = fw("THEM"); f.their = fw("THEIR"); f.we = fw("WE"); f.our = fw("OUR"); f.us = fw("US");
  f.i = fw("I"); f.my = fw("MY"); f.me = fw("ME"); f.who = fw("WHO"); f.which = fw("WHICH");
  f.that = fw("THAT"); f.after = fw("AFTER"); f.before = fw("BEFORE"); f.when = fw("WHEN");
  f.while_ = fw("WHILE"); f.as = fw("AS"); f.than = fw("THAN");

  static constexpr const char* kStops[] = {
      "ABOUT", "ABOVE", "ACROSS", "AFTER", "AGAINST", "ALONG", "AMID", "AMONG", "AMONGST", "AROUND", "AS", "AT",
      "BEFORE", "BEHIND", "BELOW", "BENEATH", "BESIDE", "BETWEEN", "BEYOND", "BY", "DESPITE", "DOWN", "DURING",
      "EXCEPT", "FOR", "FROM", "IN", "INSIDE", "INTO", "LIKE", "NEAR", "OF", "OFF", "ON", "ONTO", "OUT",
      "OUTSIDE", "OVER", "PAST", "PER", "SINCE", "THAN", "THROUGH", "THROUGHOUT", "TO", "TOWARD", "TOWARDS",
      "UNDER", "UNTIL", "UNTO", "UP", "UPON", "VIA", "WITH", "WITHIN", "WITHOUT", "AMIDST", "REGARDING",
      "CONCERNING", "INCLUDING", "ACCORDING", "WAS", "WERE", "BEEN", "BE", "IS", "ARE", "AM", "BEING", "HAS",
      "HAVE", "HAD", "HAVING", "DO", "DOES", "DID", "WILL", "WOULD", "SHALL", "COULD", "SHOULD", "MAY", "MIGHT",
      "CAN", "MUST", "'LL", "'D", "'VE", "'RE", "'M", "WHO", "WHOM", "WHOSE", "WHICH", "THAT", "WHAT", "WHEN",
      "WHERE", "WHILE", "WHY", "HOW", "IF", "WHETHER", "BECAUSE", "ALTHOUGH", "THOUGH", "UNLESS", "SO", "THEN",
      "ALSO", "NOT", "N'T", "NEVER", "ONLY", "JUST", "STILL", "ALREADY", "YET", "EVEN", "ALMOST", "NEARLY",
      "AGAIN", "NOW", "TODAY", "YESTERDAY", "TOMORROW", "HERE", "THERE", "VERY", "TOO", "ALL", "BOTH", "EACH",
      "OTHER", "SUCH", "THIS", "THESE", "THOSE", "IT", "ITS", "HE", "HIS", "HIM", "SHE", "HER", "THEY", "THEM",
      "THEIR", "WE", "OUR", "US", "I", "MY", "ME", "YOU", "YOUR", "AND", "OR", "BUT", "NOR", "MONDAY", "TUESDAY",
      "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY", "LATER", "EARLIER", "AGO"};
  for (const char* w : kStops) out_.phrase_stops.push_back(out_.vocab.Intern(w));
  std::sort(out_.phrase_stops.begin(), out_.phrase_stops.end());
  for (const char* w : {"WHILE", "AFTER", "BEFORE", "WHEN", "AS", "ALTHOUGH", "THOUGH", "SINCE", "BECAUSE", "IF",
                        "DESPITE", "FOLLOWING", "AMID", "UNTIL", "ONCE", "WHEREAS", "UNLESS"})
    out_.subordinators.push_back(out_.vocab.Intern(w));
  std::sort(out_.subordinators.begin(), out_.subordinators.end());

  // Regular inflections of every word that may take endings.
  std::sort(endings_words_.begin(), endings_words_.end());
  endings_words_.erase(std::unique(endings_words_.begin(), endings_words_.end()), endings_words_.end());
  std::vector<std::pair<uint32_t, uint32_t>> form_pairs;
  for (uint32_t w : endings_words_) {
    const std::string word = out_.vocab.Word(w);
    for (const std::string& form : RegularForms(word)) form_pairs.emplace_back(out_.vocab.Intern(form), w);
  }
  out_.lemmas_of.assign(out_.vocab.size(), {});
  for (auto [form, w] : form_pairs) out_.lemmas_of[form].push_back(w);

  out_.actors.Finish();
  out_.agents.Finish();
  out_.verbs.Finish();
  out_.nouns.Finish();
  out_.times.Finish();
  out_.discards.Finish();
  out_.issues.Finish();
  out_.starts.assign(out_.vocab.size(), 0);
  for (auto [index, bit] : {std::pair{&out_.actors, CompiledDict::kStartsActor}, {&out_.agents, CompiledDict::kStartsAgent},
                            {&out_.verbs, CompiledDict::kStartsVerb}, {&out_.nouns, CompiledDict::kStartsNoun},
                            {&out_.times, CompiledDict::kStartsTime}, {&out_.discards, CompiledDict::kStartsDiscard}})
    for (uint32_t w = 0; w < out_.starts.size(); ++w)
      if (index->ListOfWord(w) != kNoWord) out_.starts[w] |= bit;
  // Fold in the words each word inflects, then the flags of the word alone.
  std::vector<uint16_t> own = out_.starts;
  for (uint32_t w = 0; w < out_.starts.size(); ++w) {
    if (w >= out_.lemmas_of.size() || out_.lemmas_of[w].empty()) continue;
    out_.starts[w] |= CompiledDict::kHasLemmas;
    for (uint32_t l : out_.lemmas_of[w]) out_.starts[w] |= own[l] & CompiledDict::kStartsAll;
  }
  out_.BuildStemUnion();
  for (uint32_t w = 0; w < out_.starts.size(); ++w) out_.starts[w] |= out_.StemBits(out_.vocab.Word(w));
  for (uint32_t w : out_.phrase_stops) out_.starts[w] |= CompiledDict::kPhraseStop;
  {
    const auto& fws = out_.fw;
    for (uint32_t w : {fws.the, fws.a, fws.an, fws.and_, fws.or_, fws.but, fws.nor, fws.not_, fws.never, fws.nt,
                       fws.he, fws.she, fws.it, fws.they, fws.them, fws.we, fws.i, fws.its, fws.his, fws.her,
                       fws.their, fws.our, fws.my})
      if (w < out_.starts.size()) out_.starts[w] |= CompiledDict::kFunctionTag;
  }
  out_.word_table.Build(out_.vocab, out_.starts);
  out_.us_dotted = out_.vocab.Find("U.S.");
  out_.tabari_stems = out_.actors.has_stems() || out_.agents.has_stems() || out_.verbs.has_stems() ||
                      out_.nouns.has_stems() || out_.discards.has_stems();
  return Status::Ok();
}

}  // namespace

Result<std::shared_ptr<const CompiledDict>> CompiledDict::Build(const DictionarySet& set) {
  auto out = std::make_shared<CompiledDict>();
  Builder b(set, *out);
  DYAD_RETURN_IF_ERROR(b.Run());
  return std::shared_ptr<const CompiledDict>(std::move(out));
}

}  // namespace dyad::coder
