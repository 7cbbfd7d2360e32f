#include "coder/sentence.h"

#include <algorithm>
#include <tuple>

namespace dyad::coder {

namespace {

bool IsUndated(const DatedCode& c) {
  return c.from == std::numeric_limits<int32_t>::min() && c.to == std::numeric_limits<int32_t>::max();
}

bool IsPunctKind(TokenKind k) {
  return k == TokenKind::kPeriod || k == TokenKind::kColon || k == TokenKind::kQuote ||
         k == TokenKind::kOpenParen || k == TokenKind::kCloseParen || k == TokenKind::kDash ||
         k == TokenKind::kSymbol;
}

// Splits "ELR/GAL" into its codes.
std::vector<std::string> SplitCodes(const std::string& code) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= code.size()) {
    size_t end = code.find('/', start);
    if (end == std::string::npos) end = code.size();
    if (end > start) out.push_back(code.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string RootOf(const std::string& code) { return code.size() >= 3 ? code.substr(0, 3) : code; }

}  // namespace

std::string AddAgent(const std::string& actor, const std::string& agent, bool prefix) {
  if (agent.empty()) return actor;
  if (actor.empty() || actor == "---") return prefix ? agent : "---" + agent;
  // Already there on a 3-character boundary?
  for (size_t i = 0; i + agent.size() <= actor.size(); i += 3)
    if (actor.compare(i, agent.size(), agent) == 0) return actor;
  return prefix ? agent + actor : actor + agent;
}

const std::string& SentenceParser::ActorCode(uint32_t a, Date date) const {
  static const std::string kNull = "---";  // immutable
  const ActorEntry& e = set_.actors[a];
  const DatedCode* fallback = nullptr;
  for (const DatedCode& c : e.codes) {
    if (IsUndated(c)) {
      if (!fallback) fallback = &c;
      continue;
    }
    if (c.Covers(date)) return c.code;
  }
  return fallback ? fallback->code : kNull;
}

uint32_t SentenceParser::MatchName(const CPhrase& phrase, const ParsedSentence& ps, uint32_t t) const {
  const auto n = static_cast<uint32_t>(ps.tokens.size());
  uint32_t pos = t;
  for (const CElem& e : phrase) {
    if (pos >= n) return 0;
    if (e.kind == PatternElement::Kind::kWord) {
      if (!WordMatches(e, ps, pos)) return 0;
      ++pos;
    } else if (e.kind == PatternElement::Kind::kSynset && e.synset != kNoWord) {
      uint32_t best = 0;
      for (const CPhrase& m : d_.synsets[e.synset].members) best = std::max(best, MatchName(m, ps, pos));
      if (!best) return 0;
      pos += best;
    } else {
      return 0;
    }
  }
  return pos - t;
}

namespace {

// True when the token after t may continue a phrase from a root with these
// edge bits (or from `root`): its id or one of its lemmas may be on one of
// the root's edges.
__attribute__((always_inline)) inline bool NextTokenMayContinue(uint64_t edge_bits, const ParsedSentence& ps,
                                                                uint32_t t) {
  // (ids has one entry per token; its size needs no division. A node has
  // edges exactly when one of its edge bits is set.)
  if (t + 1 >= ps.ids.size() || edge_bits == 0) return false;
  auto may = [edge_bits](uint32_t w) { return PhraseIndex::TrieNode::MayHaveEdge(edge_bits, w); };
  const uint32_t next = ps.ids[t + 1];
  bool more = (next != kNoWord) & may(next);  // (may(kNoWord) reads nothing)
  if (const auto* lem = ps.lemmas[t + 1])
    for (uint32_t w : *lem) more = more || may(w);
  return more;
}

__attribute__((always_inline)) inline bool NextTokenMayContinue(const PhraseIndex::TrieNode& root, const ParsedSentence& ps, uint32_t t) {
  return NextTokenMayContinue(root.edge_bits, ps, t);
}

}  // namespace

std::pair<uint32_t, uint32_t> SentenceParser::Longest(const PhraseIndex& index, const ParsedSentence& ps,
                                                      uint32_t t, bool stems) const {
  // The longest match; among equal lengths the most letters; among equals
  // the first candidate in the order of ForEachCandidate (lists by the
  // token's id, then by the words it inflects, then by stem; each list in
  // index order). A list's best match replaces the best so far only when it
  // is longer or, as long, has more letters.
  uint32_t best = 0, best_len = 0, best_letters = 0;
  const auto n = static_cast<uint32_t>(ps.ids.size());  // one per token
  const auto& phrases = index.phrases();
  auto offer = [&](uint32_t c, uint32_t len, uint32_t letters) {
    if (len > 0 && (len > best_len || (len == best_len && letters > best_letters))) {
      best = c;
      best_len = len;
      best_letters = letters;
    }
  };
  // One phrase at a time, as the candidates come (lists holding synsets,
  // whose match length is not their element count, and stem lists).
  auto one_by_one = [&](const std::vector<uint32_t>& cands) {
    for (uint32_t c : cands) {
      const IndexedPhrase& p = phrases[c];
      if (p.elems.size() < best_len) continue;
      offer(c, MatchName(p.elems, ps, t), p.letters);
    }
  };
  auto list_full = [&](uint32_t l, bool via_lemma) __attribute__((always_inline)) {
    const PhraseIndex::ListTrie& lt = index.Trie(l);
    if (lt.ordered) {
      one_by_one(index.List(l));
      return;
    }
    // The list's best: longest, then most letters, then first in the list.
    uint32_t lbest = kNoWord, llen = 0, lletters = 0;
    auto consider = [&](uint32_t c, uint32_t len, uint32_t letters) {
      if (c == kNoWord || len == 0) return;
      if (lbest == kNoWord || len > llen || (len == llen && (letters > lletters || (letters == lletters && c < lbest)))) {
        lbest = c;
        llen = len;
        lletters = letters;
      }
    };
    if (lt.root != kNoWord) {
      // Depth-first over the trie; a token may follow several edges (its
      // id exactly or by endings, and the words it inflects). Depth is at
      // most the longest phrase.
      auto walk = [&](auto&& self, const PhraseIndex::TrieNode& node, uint32_t pos) -> void {
        if (via_lemma) consider(node.best_endings, pos - t, node.letters_endings);
        else consider(node.best_all, pos - t, node.letters_all);
        if (pos >= n || node.edges_begin == node.edges_end) return;
        const PhraseIndex::TrieEdge* b = index.EdgesBegin(node);
        const PhraseIndex::TrieEdge* e = index.EdgesEnd(node);
        auto follow = [&](uint32_t w, bool endings_only) {
          const PhraseIndex::TrieEdge* it =
              std::lower_bound(b, e, w, [](const PhraseIndex::TrieEdge& x, uint32_t v) { return x.word < v; });
          for (; it != e && it->word == w; ++it)
            if (!endings_only || it->endings) self(self, index.Node(it->child), pos + 1);
        };
        const uint32_t id = ps.ids[pos];
        if (id != kNoWord && node.MayHaveEdge(id)) follow(id, false);
        if (const auto* lem = ps.lemmas[pos])
          for (uint32_t w : *lem)
            if (node.MayHaveEdge(w)) follow(w, true);
      };
      // Most tokens continue no phrase: then the walk is the root's own
      // candidate, without the recursive call.
      const PhraseIndex::TrieNode& root = lt.root_node;
      if (NextTokenMayContinue(root, ps, t)) walk(walk, root, t + 1);
      else if (via_lemma) consider(root.best_endings, 1, root.letters_endings);
      else consider(root.best_all, 1, root.letters_all);
    }
    for (uint32_t c : lt.rest) consider(c, MatchName(phrases[c].elems, ps, t), phrases[c].letters);
    if (lbest != kNoWord) offer(lbest, llen, lletters);
  };
  // The common case first, without list_full's closures: a list trie with
  // no other phrases whose root's edges the next token does not continue.
  // Its best is the root's own candidate, one token long (what list_full
  // finds then).
  // (This and list_full are inlined at both calls: as functions of their
  // own their entry and exit, and the closures they capture, cost about as
  // much as the common case.)
  auto list = [&](uint32_t l, bool via_lemma) __attribute__((always_inline)) {
    const PhraseIndex::ListTrie& lt = index.Trie(l);
    if (!lt.ordered && lt.root != kNoWord && lt.rest.empty()) {
      const PhraseIndex::TrieNode& root = lt.root_node;
      if (!NextTokenMayContinue(root, ps, t)) {
        const uint32_t c = via_lemma ? root.best_endings : root.best_all;
        if (c != kNoWord) offer(c, 1, via_lemma ? root.letters_endings : root.letters_all);
        return;
      }
    }
    list_full(l, via_lemma);
  };
  const uint32_t id = ps.ids[t];
  if (id != kNoWord)
    if (const uint32_t l = index.ListOfWord(id); l != kNoWord) list(l, false);
  if (const auto* l = ps.lemmas[t])
    for (uint32_t w : *l)
      if (const uint32_t lw = index.ListOfWord(w); lw != kNoWord) list(lw, true);
  if (stems && index.has_stems())
    index.ForEachStem(ps.tokens[t].norm, [&](const std::vector<uint32_t>& cands) {
      one_by_one(cands);
      return false;
    });
  return {best, best_len};
}

void SentenceParser::Lookup(ParsedSentence& ps) const {
  const size_t n = ps.tokens.size();
  ps.ids.resize(n);
  ps.lemmas.resize(n);
  ps.starts.resize(n);
  // The token's id and records: `hit` is what the token stands for,
  // `stems` the stem bits of its own text (stems are matched against it).
  auto fill = [&](size_t t, WordTable::Hit hit, uint16_t stems) {
    const uint32_t id = hit.id;
    ps.ids[t] = id;
    const uint16_t s = hit.record;
    // &d_.lemmas_of[id] when the token inflects words, else null, without
    // a branch (a third of the tokens do, in no pattern a predictor learns).
    const uintptr_t has = -static_cast<uintptr_t>((s & CompiledDict::kHasLemmas) != 0);
    ps.lemmas[t] = reinterpret_cast<const std::vector<uint32_t>*>(
        reinterpret_cast<uintptr_t>(d_.lemmas_of.data() + (id & has)) & has);
    ps.starts[t] = static_cast<uint16_t>((s & ~CompiledDict::kStemAll) | stems);
  };
  // One pass: the counts for the "US" and title-case rules below, and the
  // lookups, in blocks of tokens: the table slots of a whole block are
  // requested, then compared, so that the cache misses of different tokens
  // overlap instead of following one another.
  size_t lower_words = 0, words = 0, caps = 0;
  bool any_us = false;
  constexpr size_t kBlock = 32;
  WordTable::Key keys[kBlock];
  // Local copies: the stores to keys[] could otherwise alias the fields.
  const Token* const toks = ps.tokens.data();
  const char* const text = ps.text.data();
  // A two-byte token "US" in the text (its bytes are in the sentence).
  auto is_us = [text](const Token& tk) {
    return tk.end - tk.begin == 2 && text[tk.begin] == 'U' && text[tk.begin + 1] == 'S';
  };
  for (size_t b = 0; b < n; b += kBlock) {
    const size_t e = std::min(n, b + kBlock);
    for (size_t t = b; t < e; ++t) {
      const Token& tk = toks[t];
      keys[t - b] = WordTable::MakeKey(tk.norm);
      d_.word_table.Prefetch(keys[t - b]);
      if (tk.kind == TokenKind::kWord) {
        ++words;
        caps += tk.capitalized;
        lower_words += tk.end > tk.begin && text[tk.begin] >= 'a' && text[tk.begin] <= 'z';
      }
    }
    for (size_t t = b; t < e; ++t) {
      const Token& tk = toks[t];
      const WordTable::Hit own = d_.word_table.Find(keys[t - b], tk.norm, d_.vocab);
      fill(t, own, own.id == kNoWord ? d_.StemBits(tk.norm) : own.record & CompiledDict::kStemAll);
      any_us |= own.id == d_.fw.us && is_us(tk);  // (a token "US" is the word US: rarely true, well predicted)
    }
  }
  // "US" written in capitals is the country, not the pronoun, unless the
  // whole sentence is in capitals.
  if (any_us && lower_words > 0 && d_.us_dotted != kNoWord) {
    const WordTable::Hit us{d_.us_dotted, d_.starts[d_.us_dotted]};
    for (size_t t = 0; t < n; ++t) {
      if (is_us(toks[t])) fill(t, us, ps.starts[t] & CompiledDict::kStemAll);  // the stem bits of the token's own text
    }
  }
  // Title case: most words capitalised (headlines); the capitalisation rule
  // for nouns would then turn every verb into a noun.
  ps.title_case = words >= 3 && caps * 10 >= words * 6;
}

void SentenceParser::Classify(ParsedSentence& ps, Date date) const {
  const auto n = static_cast<uint32_t>(ps.tokens.size());
  const auto& fw = d_.fw;
  ps.unit_of.resize(n);  // every token's entry is written below (units cover the tokens)
  // The loop below reads the WordRoot of each token (and of each word it
  // inflects) in each index it may start: request them all first, so that
  // their cache misses overlap instead of coming one token at a time.
  for (uint32_t k = 0; k < n; ++k) {
    const uint16_t s = ps.starts[k];
    if (!(s & CompiledDict::kStartsAll)) continue;
    auto request = [&](uint32_t w) {
      if (s & CompiledDict::kStartsActor) d_.actors.PrefetchRoot(w);
      if (s & CompiledDict::kStartsAgent) d_.agents.PrefetchRoot(w);
      if (s & CompiledDict::kStartsVerb) d_.verbs.PrefetchRoot(w);
    };
    if (ps.ids[k] != kNoWord) request(ps.ids[k]);
    if (const auto* lem = ps.lemmas[k])
      for (uint32_t w : *lem) request(w);
  }
  uint32_t t = 0;
  while (t < n) {
    const Token& tk = ps.tokens[t];
    Unit u;
    u.begin = t;
    u.end = t + 1;
    const uint32_t id = ps.ids[t];
    switch (tk.kind) {
      case TokenKind::kComma: u.tag = Tag::kComma; break;
      case TokenKind::kPossessive: u.tag = Tag::kPossessive; break;
      case TokenKind::kNegation: u.tag = Tag::kNegation; break;
      case TokenKind::kNumber: u.tag = Tag::kNumber; break;
      case TokenKind::kWord: u.tag = Tag::kNone; break;
      default: u.tag = Tag::kPunct; break;
    }
    if (tk.kind == TokenKind::kWord || tk.kind == TokenKind::kNumber) {
      // Only the indexes with a phrase starting with this word (or with stems).
      const uint16_t starts = ps.starts[t];
      // The payload of the longest phrase of `index` starting here, and its
      // length in tokens ({0, 0}: none).
      auto longest = [&](const PhraseIndex& index, uint16_t bit, uint16_t stem_bit)
                         __attribute__((always_inline)) -> std::pair<uint32_t, uint32_t> {
        if (!(starts & (bit | stem_bit))) return {0, 0};
        // Longest's common case without its call: a token without a stem
        // match whose phrases, by its id and by each word it inflects, are
        // list tries of one root that the next token does not continue.
        // The best is then one of the roots' own candidates, one token
        // long: the first with the most letters, in Longest's order (the
        // id's list, then the inflected words'). Their WordRoots hold all
        // this needs.
        if (!(starts & stem_bit)) {
          uint32_t payload = 0, len = 0, letters = 0;
          auto root = [&](uint32_t w, bool via_lemma) __attribute__((always_inline)) {
            const PhraseIndex::WordRoot* r = index.RootOfWord(w);
            if (r == nullptr) return true;
            if (!r->simple() || NextTokenMayContinue(r->edge_bits, ps, t)) return false;
            if (via_lemma ? r->has_best_endings() : r->has_best()) {
              const uint32_t l = via_lemma ? r->letters_endings : r->letters;
              if (len == 0 || l > letters) {
                payload = via_lemma ? r->payload_endings : r->payload;
                len = 1;
                letters = l;
              }
            }
            return true;
          };
          bool fast = id == kNoWord || root(id, false);
          if (const auto* lem = ps.lemmas[t])
            for (size_t k = 0; fast && k < lem->size(); ++k) fast = root((*lem)[k], true);
          if (fast) return {payload, len};
        }
        const auto [phrase, len] = Longest(index, ps, t, starts & stem_bit);
        return {len ? index.phrases()[phrase].payload : 0, len};
      };
      // A token that starts no phrase of the five indexes (four in ten)
      // passes them with one test instead of five.
      constexpr uint16_t kPhraseBits = CompiledDict::kStartsActor | CompiledDict::kStartsAgent |
                                       CompiledDict::kStartsVerb | CompiledDict::kStartsNoun |
                                       CompiledDict::kStartsTime | CompiledDict::kStemActor |
                                       CompiledDict::kStemAgent | CompiledDict::kStemVerb |
                                       CompiledDict::kStemNoun | CompiledDict::kStemTime;
      uint32_t actor = 0, alen = 0, agent = 0, glen = 0, verb = 0, vlen = 0, noun = 0, nlen = 0, time = 0, tlen = 0;
      if (starts & kPhraseBits) {
        std::tie(actor, alen) = longest(d_.actors, CompiledDict::kStartsActor, CompiledDict::kStemActor);
        std::tie(agent, glen) = longest(d_.agents, CompiledDict::kStartsAgent, CompiledDict::kStemAgent);
        std::tie(verb, vlen) = longest(d_.verbs, CompiledDict::kStartsVerb, CompiledDict::kStemVerb);
        std::tie(noun, nlen) = longest(d_.nouns, CompiledDict::kStartsNoun, CompiledDict::kStemNoun);
        std::tie(time, tlen) = longest(d_.times, CompiledDict::kStartsTime, CompiledDict::kStemTime);
      }
      // Verbs turned into nouns: after a determiner, or capitalised inside a
      // sentence that is not in title case (TABARI's rules).
      bool nominal = false;
      if (vlen && t > 0) {
        const uint32_t prev = ps.ids[t - 1];
        // After a determiner or OF a verb form is a noun ("the visit",
        // "accused of attacks").
        nominal = prev == fw.the || prev == fw.a || prev == fw.an || prev == fw.of;
        if (!ps.title_case && tk.capitalized && ps.tokens[t - 1].kind != TokenKind::kQuote &&
            ps.tokens[t - 1].kind != TokenKind::kColon)
          vlen = 0;  // a capitalised word inside a sentence is a name
      }
      uint32_t best = 0;
      if (alen > best) { best = alen; u.tag = Tag::kActor; u.payload = actor; }
      if (glen > best) { best = glen; u.tag = Tag::kAgent; u.payload = agent; }
      if (vlen > best) {
        best = vlen;
        u.tag = Tag::kVerb;
        u.payload = verb;
        u.nominal = nominal;
      }
      if (tlen > best) { best = tlen; u.tag = Tag::kTime; u.payload = time; }
      if (nlen > best) {
        best = nlen;
        u.tag = noun == 0 ? Tag::kNoun : Tag::kAdjective;
      }
      if (best) {
        u.end = t + best;
      } else if (starts & CompiledDict::kFunctionTag) {  // one of the words below (a known word: kNoWord has no record bits)
        if (id == fw.the || id == fw.a || id == fw.an) u.tag = Tag::kDeterminer;
        else if (id == fw.and_ || id == fw.or_ || id == fw.but || id == fw.nor) u.tag = Tag::kConj;
        else if (id == fw.not_ || id == fw.never || id == fw.nt) u.tag = Tag::kNegation;
        else if (id == fw.he || id == fw.she || id == fw.it || id == fw.they || id == fw.them ||
                 id == fw.we || id == fw.i || id == fw.its || id == fw.his || id == fw.her ||
                 id == fw.their || id == fw.our || id == fw.my)
          u.tag = Tag::kPronoun;
      }
    }
    if (u.tag == Tag::kActor) {
      const std::string& code = ActorCode(u.payload, date);
      if (code == "###") ps.discard = true;
      if (code == "+++") ps.complex = true;
      if (code == "---" || code == "###" || code == "+++") u.tag = Tag::kNoun;  // null-coded: a noun
    }
    if (u.tag == Tag::kTime) {
      const CTime& tm = d_.time_list[u.payload];
      if (tm.special == VerbCode::Special::kDiscard) ps.discard = true;
      else if (tm.special == VerbCode::Special::kComplex) ps.complex = true;
      else if (tm.special == VerbCode::Special::kNone) ps.time_shift = tm.days;
    }
    const auto ui = static_cast<int32_t>(ps.units.size());
    for (uint32_t k = u.begin; k < u.end; ++k) ps.unit_of[k] = ui;
    ps.units.push_back(u);
    t = u.end;
  }
}

// Mentions: actors with the agents and titles around them. Works on "noun
// chunks": runs of actor, agent, adjective, noun, determiner, possessive and
// unknown words; OF / IN / FROM join an agent to a following actor.
void SentenceParser::BuildMentions(ParsedSentence& ps, Date date, StoryContext& ctx) const {
  const auto& fw = d_.fw;
  const auto nu = static_cast<uint32_t>(ps.units.size());
  // Actor, agent, adjective, noun, determiner, possessive, number and
  // unknown words: one bit test instead of a switch.
  constexpr uint32_t kChunkTags = 1u << static_cast<int>(Tag::kActor) | 1u << static_cast<int>(Tag::kAgent) |
                                  1u << static_cast<int>(Tag::kAdjective) | 1u << static_cast<int>(Tag::kNoun) |
                                  1u << static_cast<int>(Tag::kDeterminer) |
                                  1u << static_cast<int>(Tag::kPossessive) | 1u << static_cast<int>(Tag::kNumber) |
                                  1u << static_cast<int>(Tag::kNone);
  auto unit_word = [&](const Unit& u) { return ps.ids[u.begin]; };
  auto is_linker = [&](const Unit& u) {
    if (u.tag != Tag::kNone) return false;
    const uint32_t w = unit_word(u);
    return w == fw.of || w == fw.in || w == fw.from;
  };

  // roles[k]: the actor and agent units before unit k, so that a chunk
  // without either (most of them), which makes no mention, is passed over
  // without the two walks over its units below. open[k]: unit k may be in
  // a chunk (in_chunk and not a stop word), without a branch per test.
  auto& roles = ps.scratch_tokens;
  std::vector<uint8_t>& open = ps.scratch_flags;
  roles.resize(nu + 1);
  open.resize(nu);
  {
    uint32_t c = 0;
    const Unit* units = ps.units.data();
    const uint16_t* starts = ps.starts.data();
    constexpr uint32_t kRoleTags = 1u << static_cast<int>(Tag::kActor) | 1u << static_cast<int>(Tag::kAgent);
    for (uint32_t k = 0; k < nu; ++k) {
      const auto tag = static_cast<uint32_t>(units[k].tag);
      roles[k] = c;
      c += (kRoleTags >> tag) & 1;
      const bool stop = (tag == static_cast<uint32_t>(Tag::kNone)) & ((starts[units[k].begin] & CompiledDict::kPhraseStop) != 0);
      open[k] = static_cast<uint8_t>((kChunkTags >> tag) & 1 & !stop);
    }
    roles[nu] = c;
  }

  uint32_t u = 0;
  while (u < nu) {
    if (!open[u]) {
      ++u;
      continue;
    }
    // Extend the chunk, allowing "agent OF|IN|FROM [the] actor".
    uint32_t end = u;
    while (end < nu) {
      const Unit& x = ps.units[end];
      if (open[end]) {
        ++end;
        continue;
      }
      // ... but not after a possessive: "its troops from Lebanon" are Syria's.
      const bool after_possessive = u > 0 && ps.units[u - 1].tag == Tag::kPronoun &&
                                    (unit_word(ps.units[u - 1]) == fw.its || unit_word(ps.units[u - 1]) == fw.his ||
                                     unit_word(ps.units[u - 1]) == fw.her || unit_word(ps.units[u - 1]) == fw.their ||
                                     unit_word(ps.units[u - 1]) == fw.our || unit_word(ps.units[u - 1]) == fw.my);
      if (is_linker(x) && end > u && ps.units[end - 1].tag == Tag::kAgent && !after_possessive) {
        uint32_t k = end + 1;
        while (k < nu && (ps.units[k].tag == Tag::kDeterminer || ps.units[k].tag == Tag::kAdjective)) ++k;
        if (k < nu && ps.units[k].tag == Tag::kActor) {
          end = k + 1;
          continue;
        }
      }
      break;
    }
    if (roles[end] == roles[u]) {  // no actor, no agent: no mention
      u = std::max(end, u + 1);
      continue;
    }
    // Two adjacent actors of different countries are two mentions
    // ("... that Dulaimi Iran had agreed"), unless OF / IN / FROM or a
    // possessive joins them.
    {
      std::string root;
      for (uint32_t k = u; k < end; ++k) {
        if (is_linker(ps.units[k])) break;
        if (ps.units[k].tag != Tag::kActor) continue;
        const std::string& code = ActorCode(ps.units[k].payload, date);
        const std::string r = code.size() >= 3 ? code.substr(0, 3) : code;
        const bool after_possessive = k > u && ps.units[k - 1].tag == Tag::kPossessive;  // "Iraq's Al-Qaeda"
        if (!root.empty() && r != root && k > u && !after_possessive) {
          end = k;
          break;
        }
        root = r;
      }
    }
    // Collect actors and agents in the chunk [u, end).
    std::vector<uint32_t>& actors = ps.scratch_actor_units;
    std::vector<uint32_t>& agents = ps.scratch_agent_units;
    actors.clear();
    agents.clear();
    bool former = false;
    for (uint32_t k = u; k < end; ++k) {
      if (ps.units[k].tag == Tag::kActor) actors.push_back(k);
      else if (ps.units[k].tag == Tag::kAgent) agents.push_back(k);
      else if (ps.units[k].tag == Tag::kNone && unit_word(ps.units[k]) == fw.former) former = true;
    }
    auto agent_code = [&](uint32_t k) -> std::pair<std::string, bool> {
      const CAgent& a = d_.agent_codes[ps.units[k].payload];
      return {former ? std::string("ELI") : a.code, a.prefix};
    };
    if (!actors.empty()) {
      // Actors separated only by agents / adjectives / unknown words form one
      // mention ("Iraqi Defense Minister Saadoun al-Duleimi"); actors joined by
      // nothing but a possessive or adjacency too ("Minas Tirith").
      Mention m;
      m.begin = ps.units[u].begin;
      m.end = ps.units[end - 1].end;
      // Trim leading determiners / adjectives from the covered range.
      m.head_begin = ps.units[actors.front()].begin;
      m.head_end = ps.units[actors.front()].end;
      // The first actor gives the codes; a later actor of the same country
      // with a role refines them ("Iraqi ... Ibrahim al-Jaafari" -> IRQGOV).
      std::vector<std::string> codes;
      for (uint32_t k : actors) {
        std::vector<std::string> c = SplitCodes(ActorCode(ps.units[k].payload, date));
        if (c.empty()) continue;
        const bool refines = !codes.empty() && c.size() == 1 && codes.size() == 1 &&
                             RootOf(c[0]) == RootOf(codes[0]) && c[0].size() > codes[0].size();
        if (codes.empty() || refines) {
          codes = std::move(c);
          m.head_begin = ps.units[k].begin;
          m.head_end = ps.units[k].end;
        }
      }
      if (codes.empty()) {
        u = std::max(end, u + 1);
        continue;
      }
      // Agents before an OF / IN / FROM linker are "linked": they also apply
      // to the other members of a compound this mention starts.
      uint32_t linker = end;
      for (uint32_t k = u; k < end; ++k)
        if (is_linker(ps.units[k])) { linker = k; break; }
      for (std::string& c : codes) {
        for (uint32_t k : agents) {
          auto [ac, prefix] = agent_code(k);
          if (former && c.size() > 3 && !prefix) c = c.substr(0, 3);
          c = AddAgent(c, ac, prefix);
        }
        if (former && agents.empty() && c.size() >= 3) c = c.substr(0, 3) + "ELI";
      }
      for (uint32_t k : agents)
        if (k < linker && linker < end) m.linked_agents.push_back(agent_code(k));
      m.codes = std::move(codes);
      ps.mentions.push_back(std::move(m));
      ctx.last_country = RootOf(ps.mentions.back().codes.front());
    } else if (!agents.empty()) {
      // An agent alone: "the ministry" refers back to the country of the most
      // recent actor; otherwise it is an actor without a country ("---GOV"),
      // used only when the coder does not require both actors.
      const bool definite = ps.units[u].tag == Tag::kDeterminer && unit_word(ps.units[u]) == fw.the;
      Mention m;
      m.begin = ps.units[u].begin;
      m.end = ps.units[end - 1].end;
      m.head_begin = ps.units[agents.front()].begin;
      m.head_end = ps.units[agents.back()].end;
      std::string c = definite ? ctx.last_country : std::string();
      m.agent_only = c.empty();
      if (c.empty()) c = "---";
      for (uint32_t k : agents) {
        auto [ac, prefix] = agent_code(k);
        c = AddAgent(c, ac, prefix);
      }
      m.codes = {c};
      ps.mentions.push_back(std::move(m));
    }
    u = std::max(end, u + 1);
  }
}

// Compound actors: M1 (, M2)* (,)? (AND|OR) Mk, with only determiners and
// adjectives between the separators and the next mention.
void SentenceParser::FindCompounds(ParsedSentence& ps) const {
  const auto& fw = d_.fw;
  int group = 0;
  size_t i = 0;
  while (i < ps.mentions.size()) {
    size_t j = i;
    bool has_conj = false;
    while (j + 1 < ps.mentions.size()) {
      uint32_t t = ps.mentions[j].end;
      const uint32_t next = ps.mentions[j + 1].begin;
      bool comma = false, conj = false, ok = t < next;
      for (; ok && t < next; ++t) {
        const Token& tk = ps.tokens[t];
        if (tk.kind == TokenKind::kComma && !conj) comma = true;
        else if (ps.ids[t] == fw.and_ || ps.ids[t] == fw.or_) conj = true;
        else if (ps.unit_of[t] >= 0 && (ps.units[static_cast<size_t>(ps.unit_of[t])].tag == Tag::kDeterminer ||
                                         ps.units[static_cast<size_t>(ps.unit_of[t])].tag == Tag::kAdjective))
          continue;
        else ok = false;
      }
      if (!ok || (!comma && !conj)) break;
      ++j;
      if (conj) {
        has_conj = true;
        break;  // the conjunction closes the list
      }
    }
    if (j > i && has_conj) {
      for (size_t k = i; k <= j; ++k) ps.mentions[k].group = group;
      for (size_t k = i + 1; k <= j; ++k)
        for (const auto& [ac, prefix] : ps.mentions[i].linked_agents)
          for (std::string& c : ps.mentions[k].codes) c = AddAgent(c, ac, prefix);
      ++group;
      i = j + 1;
    } else {
      ++i;
    }
  }
}

namespace {

Mention PronounMention(uint32_t begin, uint32_t end, std::vector<std::string> codes) {
  Mention m;
  m.begin = m.head_begin = begin;
  m.end = m.head_end = end;
  m.codes = std::move(codes);
  m.pronoun = true;
  return m;
}

// The first actor (not an actor-less agent) before token `t`, or null.
const Mention* FirstActorBefore(const ParsedSentence& ps, uint32_t t) {
  for (const Mention& m : ps.mentions)
    if (m.begin < t && !m.agent_only) return &m;
  return nullptr;
}

}  // namespace

void SentenceParser::ResolvePronouns(ParsedSentence& ps, StoryContext& ctx) const {
  const auto& fw = d_.fw;
  // The mentions in text order, as the sentence's later steps expect.
  // Usually already in order: then stable_sort would only allocate its
  // buffer and move every mention (with its code strings) out and back.
  auto order_mentions = [&ps] {
    auto by_begin = [](const Mention& a, const Mention& b) { return a.begin < b.begin; };
    if (!std::is_sorted(ps.mentions.begin(), ps.mentions.end(), by_begin))
      std::stable_sort(ps.mentions.begin(), ps.mentions.end(), by_begin);
  };
  // Most sentences hold no pronoun: then nothing below applies (the
  // quoted stretches serve the pronouns only).
  bool any_pronoun = false;
  for (const Unit& u : ps.units) any_pronoun |= u.tag == Tag::kPronoun;
  if (!any_pronoun) {
    order_mentions();
    return;
  }
  // Quoted stretches: first-person pronouns inside a quote refer to the
  // speaker, the first actor outside the quotes.
  const auto n = static_cast<uint32_t>(ps.tokens.size());
  std::vector<uint8_t>& quoted = ps.scratch_flags;
  quoted.assign(n, 0);
  bool inside = false;
  bool any_quote = false;
  for (uint32_t t = 0; t < n; ++t) {
    if (ps.tokens[t].kind == TokenKind::kQuote) {
      inside = !inside;
      any_quote = true;
      continue;
    }
    quoted[t] = inside;
  }
  const Mention* speaker = nullptr;
  if (any_quote)
    for (const Mention& m : ps.mentions)
      if (!quoted[m.begin] && !m.agent_only) { speaker = &m; break; }

  std::vector<Mention> added;
  for (const Unit& u : ps.units) {
    if (u.tag != Tag::kPronoun) continue;
    const uint32_t w = ps.ids[u.begin];
    const Mention* ref = nullptr;
    std::vector<std::string> codes;
    const bool possessive = w == fw.our || w == fw.my || w == fw.its || w == fw.his || w == fw.her ||
                            w == fw.their;
    if (possessive) {
      // "our troops", "his government", "their ministers": the agent belongs
      // to the referent's country. A possessive alone is not an actor.
      if (u.end >= n || ps.unit_of[u.end] < 0) continue;
      const Unit& ag = ps.units[static_cast<size_t>(ps.unit_of[u.end])];
      if (ag.tag != Tag::kAgent) continue;
      if (w == fw.our || w == fw.my) {
        ref = quoted[u.begin] ? speaker : nullptr;
      } else {
        ref = FirstActorBefore(ps, u.begin);
      }
      if (!ref) continue;
      const CAgent& a = d_.agent_codes[ag.payload];
      for (const std::string& c : ref->codes)
        codes.push_back(AddAgent(c.substr(0, std::min<size_t>(3, c.size())), a.code, a.prefix));
      // The agent made an actor-less mention ("---MIL"): give it the country.
      for (Mention& x : ps.mentions)
        if (x.agent_only && x.begin <= ag.begin && ag.begin < x.end) {
          x.codes = codes;
          x.agent_only = false;
          x.pronoun = true;
          x.begin = u.begin;
          codes.clear();
        }
      if (codes.empty()) continue;
      bool covered = false;
      for (const Mention& x : ps.mentions) covered |= x.begin <= ag.begin && ag.begin < x.end;
      if (!covered) added.push_back(PronounMention(u.begin, ag.end, std::move(codes)));
      continue;
    }
    if (w == fw.we || w == fw.i) {
      if (quoted[u.begin] && speaker) codes = speaker->codes;
    } else if (w == fw.he || w == fw.she || w == fw.it) {
      ref = FirstActorBefore(ps, u.begin);
      if (ref) codes = ref->codes;
      else if (u.begin <= 1) codes = ctx.last_subject;
    } else if (w == fw.they || w == fw.them) {
      for (const Mention& m : ps.mentions)
        if (m.begin < u.begin && m.group >= 0 && !m.agent_only) {
          for (const Mention& g : ps.mentions)
            if (g.group == m.group) codes.insert(codes.end(), g.codes.begin(), g.codes.end());
          break;
        }
      if (codes.empty() && (ref = FirstActorBefore(ps, u.begin))) codes = ref->codes;
    }
    if (codes.empty()) continue;
    added.push_back(PronounMention(u.begin, u.end, std::move(codes)));
  }
  for (Mention& m : added) ps.mentions.push_back(std::move(m));
  order_mentions();
}

// Agents without an actor in a sentence about one country belong to it:
// "Egyptian police opened fire on demonstrators" -> EGYCOP, EGYOPP.
void SentenceParser::AssignDomesticCountry(ParsedSentence& ps) const {
  std::string country;
  bool with_role = false;  // the country is named with an agent ("Egyptian police")
  for (const Mention& m : ps.mentions) {
    if (m.agent_only) continue;
    for (const std::string& c : m.codes) {
      if (c.size() < 3 || c.compare(0, 3, "---") == 0 || c.compare(0, 3, "IGO") == 0 ||
          c.compare(0, 3, "NGO") == 0 || c.compare(0, 3, "MNC") == 0 || c.compare(0, 3, "IMG") == 0)
        return;  // international actors: no single country
      const std::string root = c.substr(0, 3);
      if (country.empty()) country = root;
      else if (root != country) return;
      with_role |= c.size() > 3;
    }
  }
  if (country.empty()) return;
  // Strict (news rule): a country named only bare ("earthquakes shook
  // central Japan, killing 30 people") is often where the story happens,
  // not whose people these are: then only office holders and organised
  // groups ("President", "the government", "rebels") take it.
  auto institutional = [](const std::string& c) {
    static const char* kRoles[] = {"GOV", "MIL", "COP", "JUD", "LEG", "REB", "OPP", "PTY", "SPY", "UAF", "INS", "SEP", "ELI", "CRM"};
    for (const char* r : kRoles)
      if (c.compare(3, 3, r) == 0) return true;
    return false;
  };
  for (Mention& m : ps.mentions) {
    if (!m.agent_only) continue;
    if (opt_.strict_domestic && !with_role) {
      bool all = !m.codes.empty();
      for (const std::string& c : m.codes) all &= c.size() >= 6 && institutional(c);
      if (!all) continue;
    }
    for (std::string& c : m.codes)
      if (c.compare(0, 3, "---") == 0) c = country + c.substr(3);
    m.agent_only = false;
  }
}

void SentenceParser::DeleteCommaClauses(ParsedSentence& ps) const {
  const auto n = static_cast<uint32_t>(ps.tokens.size());
  ps.deleted.assign(n, 0);
  // Commas that separate the members of a compound actor do not count.
  // (Most sentences have no compound: then no token is marked, and the
  // flags are neither cleared nor read.)
  std::vector<uint8_t>& in_compound = ps.scratch_flags;
  bool any_compound = false;
  for (const Mention& m : ps.mentions) any_compound |= m.group >= 0;
  if (any_compound) {
    in_compound.assign(n, 0);
    for (size_t i = 0; i + 1 < ps.mentions.size(); ++i)
      if (ps.mentions[i].group >= 0 && ps.mentions[i].group == ps.mentions[i + 1].group)
        for (uint32_t t = ps.mentions[i].end; t < ps.mentions[i + 1].begin; ++t) in_compound[t] = 1;
  }
  auto& commas = ps.scratch_tokens;
  commas.clear();
  // One pass: the commas, and parenthesised asides, which go too.
  const Token* toks = ps.tokens.data();
  for (uint32_t t = 0; t < n; ++t) {
    const TokenKind kind = toks[t].kind;
    if (kind == TokenKind::kComma) {
      if (!any_compound || !in_compound[t]) commas.push_back(t);
      continue;
    }
    if (kind != TokenKind::kOpenParen) continue;
    uint32_t e = t + 1;
    while (e < n && ps.tokens[e].kind != TokenKind::kCloseParen) ++e;
    // Not when the parentheses hold (nearly) the whole sentence.
    const bool whole = t <= 1 && e + 3 >= n;
    if (e < n && !whole)
      for (uint32_t k = t; k <= e; ++k) ps.deleted[k] = 1;
  }
  if (commas.empty()) return;
  auto words = [&](uint32_t a, uint32_t b) {  // word tokens strictly between a and b
    int c = 0;
    for (uint32_t t = a + 1; t < b; ++t) c += ps.tokens[t].kind == TokenKind::kWord || ps.tokens[t].kind == TokenKind::kNumber;
    return c;
  };
  auto del = [&](uint32_t a, uint32_t b) {
    for (uint32_t t = a; t < b && t < n; ++t) ps.deleted[t] = 1;
  };
  // Leading clause.
  if (opt_.comma_bmax > 0) {
    const int w = words(0, commas.front()) + 1;
    if (w >= opt_.comma_bmin && w <= opt_.comma_bmax) del(0, commas.front() + 1);
  }
  // Inner clauses. After a fronted subordinate clause ("Before the
  // election, Iraq's new prime minister, Ibrahim al-Jaafari, ... said") the
  // first comma stretch that names an actor is the main clause's subject,
  // not an aside.
  uint32_t first_word = 0;
  while (first_word < n && ps.tokens[first_word].kind != TokenKind::kWord) ++first_word;
  if (first_word + 1 < n && (ps.tokens[first_word].norm == "JUST" || ps.tokens[first_word].norm == "EVEN" ||
                             ps.tokens[first_word].norm == "SHORTLY" || ps.tokens[first_word].norm == "ONLY"))
    ++first_word;
  static const char* const kSubordinators[] = {"BEFORE", "AFTER", "WHILE", "WHEN", "AS", "SINCE", "ALTHOUGH",
                                               "THOUGH", "IF", "UNLESS", "ONCE", "BECAUSE", "UNTIL", "WHEREAS"};
  bool fronted = false;
  if (opt_.keep_subject_after_fronted && first_word < n)
    for (const char* w : kSubordinators) fronted |= ps.tokens[first_word].norm == w;
  bool last_closes_aside = false;
  for (size_t i = 0; i + 1 < commas.size(); ++i) {
    const int w = words(commas[i], commas[i + 1]);
    if (fronted && i == 0) {
      bool actor = false;
      for (const Mention& m : ps.mentions) actor |= m.begin > commas[i] && m.begin < commas[i + 1] && !m.agent_only;
      if (actor) continue;
    }
    if (w >= opt_.comma_min && w <= opt_.comma_max) {
      del(commas[i], commas[i + 1] + (i + 2 == commas.size() ? 1 : 0));
      last_closes_aside = i + 2 == commas.size();
    }
  }
  // Trailing clause (up to the final punctuation), unless its comma closes
  // an aside ("Iraq, in a statement, condemned Israel.") or ends a leading
  // subordinate clause ("While ..., Iraq condemned Israel.").
  const bool leading_subordinate =
      commas.size() == 1 && n > 0 && ps.ids[0] != kNoWord &&
      std::binary_search(d_.subordinators.begin(), d_.subordinators.end(), ps.ids[0]);
  if (opt_.comma_emax > 0 && !last_closes_aside && !leading_subordinate) {
    uint32_t last = commas.back();
    uint32_t end = n;
    while (end > last + 1 && IsPunctKind(ps.tokens[end - 1].kind)) --end;
    const int w = words(last, end);
    if (w >= opt_.comma_emin && w <= opt_.comma_emax) del(last, end);
  }
  // A mention partly deleted is gone; keep those wholly outside.
}

void SentenceParser::SplitClauses(ParsedSentence& ps) const {
  const auto& fw = d_.fw;
  const auto n = static_cast<uint32_t>(ps.tokens.size());
  std::vector<uint8_t>& protected_conj = ps.scratch_flags;
  protected_conj.assign(n, 0);
  for (size_t i = 0; i + 1 < ps.mentions.size(); ++i)
    if (ps.mentions[i].group >= 0 && ps.mentions[i].group == ps.mentions[i + 1].group)
      for (uint32_t t = ps.mentions[i].end; t < ps.mentions[i + 1].begin; ++t) protected_conj[t] = 1;
  // Compound nouns and adjectives: noun AND (adjectives) noun; adjective AND adjective.
  // (The tokens of conjunction units, in order: the units cover the tokens
  // in order and a token's unit_of is the unit covering it.)
  for (const Unit& cu : ps.units) {
    if (cu.tag != Tag::kConj) continue;
    for (uint32_t t = std::max<uint32_t>(cu.begin, 1); t < cu.end && t + 1 < n; ++t) {
      const Tag before = ps.units[static_cast<size_t>(ps.unit_of[t - 1])].tag;
      uint32_t k = t + 1;
      while (k < n && ps.units[static_cast<size_t>(ps.unit_of[k])].tag == Tag::kAdjective) ++k;
      const Tag after = k < n ? ps.units[static_cast<size_t>(ps.unit_of[k])].tag : Tag::kNone;
      auto plain = [](Tag x) { return x == Tag::kNone || x == Tag::kNoun || x == Tag::kAdjective; };
      const Tag next = ps.units[static_cast<size_t>(ps.unit_of[t + 1])].tag;
      if ((before == Tag::kNoun && after == Tag::kNoun) || (before == Tag::kAdjective && next == Tag::kAdjective))
        protected_conj[t] = 1;
      // Two plain words joined ("easy or pleasant", "talks and negotiations"):
      // a compound noun or adjective phrase, not two clauses.
      // (Not before a lower-case past tense: "fought ... Wednesday and
      // uncovered what ...".)
      const std::string& nw = ps.tokens[t + 1].norm;
      const bool past = !ps.tokens[t + 1].capitalized && nw.size() > 4 && nw.compare(nw.size() - 2, 2, "ED") == 0;
      if (plain(before) && plain(next) && ps.tokens[t - 1].kind == TokenKind::kWord &&
          ps.tokens[t + 1].kind == TokenKind::kWord && !past)
        protected_conj[t] = 1;
    }
  }
  uint32_t start = 0;
  const uint16_t* starts = ps.starts.data();
  const Token* toks = ps.tokens.data();
  for (uint32_t t = 0; t < n; ++t) {
    // AND, BUT, OR and NOR carry the kFunctionTag bit: other words and
    // punctuation but ':' / ';' are skipped at once.
    if (!(starts[t] & CompiledDict::kFunctionTag) && toks[t].kind != TokenKind::kColon) continue;
    const uint32_t w = ps.ids[t];
    const bool conj = (w == fw.and_ || w == fw.but || w == fw.or_ || w == fw.nor) && !protected_conj[t];
    const bool semicolon = ps.tokens[t].kind == TokenKind::kColon && ps.tokens[t].norm == ";";
    if ((conj || semicolon) && t > start) {
      ps.clauses.emplace_back(start, t);
      start = t + 1;
    }
  }
  if (start < n) ps.clauses.emplace_back(start, n);
}

void SentenceParser::ParseMentions(ParsedSentence& ps, Date date, StoryContext& ctx) const {
  ps.units.clear();
  ps.mentions.clear();
  ps.clauses.clear();
  if (ps.ids.size() != ps.tokens.size()) Lookup(ps);
  Classify(ps, date);
  // The verbs' records and pattern indexes are read when their clauses are
  // coded, after the steps below: request them now, so that these cache
  // misses overlap that work instead of stalling CodeClause and
  // CompiledDict::VerbPatterns.
  for (const Unit& u : ps.units)
    if (u.tag == Tag::kVerb) {
      dyad::Prefetch(&d_.verb_list[u.payload]);
      const auto* vi = reinterpret_cast<const char*>(&d_.verb_indexes[d_.verb_index_of[u.payload]]);
      dyad::Prefetch(vi);        // cands, key_table, counts
      dyad::Prefetch(vi + 64);   // key_bloom, two lines
      dyad::Prefetch(vi + 128);
    }
  BuildMentions(ps, date, ctx);
  FindCompounds(ps);
  ResolvePronouns(ps, ctx);
  AssignDomesticCountry(ps);
}

void SentenceParser::ParseClauses(ParsedSentence& ps, StoryContext& ctx) const {
  DeleteCommaClauses(ps);
  // Mentions that lost a token to deletion are dropped.
  size_t kept = 0;
  for (size_t i = 0; i < ps.mentions.size(); ++i) {
    const Mention& m = ps.mentions[i];
    bool gone = false;
    for (uint32_t t = m.head_begin; t < m.head_end; ++t) gone |= ps.deleted[t] != 0;
    if (gone) continue;
    if (kept != i) ps.mentions[kept] = std::move(ps.mentions[i]);
    ++kept;
  }
  ps.mentions.erase(ps.mentions.begin() + static_cast<std::ptrdiff_t>(kept), ps.mentions.end());
  const auto n = static_cast<uint32_t>(ps.tokens.size());
  ps.mention_at.assign(n, -1);
  ps.mention_of.assign(n, -1);
  for (size_t i = 0; i < ps.mentions.size(); ++i) {
    const Mention& m = ps.mentions[i];
    if (ps.mention_at[m.begin] < 0) ps.mention_at[m.begin] = static_cast<int32_t>(i);
    for (uint32_t t = m.begin; t < m.end; ++t)
      if (ps.mention_of[t] < 0) ps.mention_of[t] = static_cast<int32_t>(i);
  }
  SplitClauses(ps);
  for (const Mention& m : ps.mentions)
    if (!m.agent_only) {
      ctx.last_subject = m.codes;
      break;
    }
}

}  // namespace dyad::coder
