// Event rules: for each clause, find the verbs, match their patterns, pick
// the source and target, and emit events (TABARI manual ch. 5-7; PETRARCH-1
// docs). See docs/coding-rules.md.
#include "dyad/coder.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <tuple>

#include "coder/compiled.h"
#include "coder/sentence.h"
#include "base/simd.h"

namespace dyad {
namespace {

using coder::CElem;
using coder::CompiledDict;
using coder::CPattern;
using coder::CPhrase;
using coder::kNoWord;
using coder::Mention;
using coder::ParsedSentence;
using coder::SentenceParser;
using coder::Tag;
using Kind = PatternElement::Kind;

// What a pattern match designated.
struct Capture {
  int source = -1;     // mention index
  int target = -1;
  int compound = -1;   // compound group
  uint32_t first_tok = 0, last_tok = 0;  // extent of the match (tokens, inclusive/exclusive)
};

// A pattern whose words are all joined to each other and to the verb by '_'.
bool Contiguous(const CPattern& p) {
  if (!p.pre.empty() && !p.verb_adjacent) return false;
  for (size_t i = 1; i < p.pre.size(); ++i)
    if (!p.pre[i].adjacent) return false;
  if (!p.post.empty() && !p.post_adjacent) return false;
  for (size_t i = 1; i < p.post.size(); ++i)
    if (!p.post[i].adjacent) return false;
  return !p.pre.empty() || !p.post.empty();
}

// An element that takes an actor mention: a source, target or compound
// slot, or a skipped actor.
bool IsActorSlot(const CElem& e) {
  return e.kind == Kind::kSource || e.kind == Kind::kTarget || e.kind == Kind::kCompound ||
         e.kind == Kind::kSkipActor;
}

class ClauseMatcher {
 public:
  // `failed` and `gen` hold the failed-state memo; they may be reused from
  // one matcher to the next (see ClauseScratch).
  // `slots_before_verbs`: an actor slot after the verb ("- * TO + [042]")
  // takes no actor beyond another verb ("flying six more aircraft to combat
  // locusts in west Africa"): the news rule ACTOR SLOTS.
  ClauseMatcher(const SentenceParser& parser, const CompiledDict& d, const ParsedSentence& ps,
                const std::vector<uint32_t>& vis, std::vector<uint32_t>& failed, uint32_t& gen,
                bool slots_before_verbs = false)
      : parser_(parser), d_(d), ps_(ps), vis_(vis), failed_(failed), gen_(gen),
        slots_before_verbs_(slots_before_verbs) {}

  // Matches `p` with the verb at visible positions [vb, ve).
  bool Match(const CPattern& p, uint32_t vb, uint32_t ve, Capture& cap) {
    pat_ = &p;
    pre_ = p.pre.data();
    post_ = p.post.data();
    n_pre_ = p.pre.size();
    total_ = n_pre_ + 1 + p.post.size();
    vb_ = vb;
    ve_ = ve;
    cap = Capture{};
    // Every element takes at least one position: the elements before the
    // verb need as many positions before it, those after it as many after.
    if (n_pre_ > vb || p.post.size() > vis_.size() - ve) return false;
    // An actor slot needs an actor on its side of the verb.
    if (first_actor_ == kUnknownPos) {  // once per clause
      const int32_t* const mention_at = ps_.mention_at.data();
      uint32_t f = static_cast<uint32_t>(vis_.size()), l = 0;
      for (uint32_t q = 0; q < vis_.size(); ++q)
        if (mention_at[vis_[q]] >= 0) {
          f = std::min(f, q);
          l = q + 1;
        }
      first_actor_ = f;
      actors_end_ = l;
    }
    if (first_actor_ >= vb)
      for (const CElem& e : p.pre)
        if (IsActorSlot(e)) return false;
    if (actors_end_ <= ve)
      for (const CElem& e : p.post)
        if (IsActorSlot(e)) return false;
    cur_ = Capture{};
    first_ = UINT32_MAX;
    last_ = 0;
    // Whether Step(k, pos, anchored) can succeed depends on nothing else, so
    // a failed state is remembered and never explored again: the search
    // stays polynomial on long clauses and finds the same first match.
    width_ = vis_.size() + 2;
    const size_t states = (Total() + 1) * width_ * 2;
    if (failed_.size() < states) failed_.resize(states, 0);
    if (++gen_ == 0) {
      std::fill(failed_.begin(), failed_.end(), 0);
      gen_ = 1;
    }
    const bool ok = Step(0, 0, false);
    if (ok) cap = best_;
    return ok;
  }

 private:
  // (From the sizes cached by Match: no division by sizeof(CElem) per call.)
  const CElem* Elem(size_t k, bool* is_verb) const {
    *is_verb = k == n_pre_;
    if (k < n_pre_) return pre_ + k;
    return k > n_pre_ && k < total_ ? post_ + (k - n_pre_ - 1) : nullptr;
  }
  size_t Total() const { return total_; }

  // Visible position after the mention starting at visible position q.
  uint32_t AfterMention(int m, bool whole_group) const {
    uint32_t end_tok = ps_.mentions[static_cast<size_t>(m)].end;
    if (whole_group && ps_.mentions[static_cast<size_t>(m)].group >= 0)
      for (const Mention& x : ps_.mentions)
        if (x.group == ps_.mentions[static_cast<size_t>(m)].group) end_tok = std::max(end_tok, x.end);
    return static_cast<uint32_t>(std::lower_bound(vis_.begin(), vis_.end(), end_tok) - vis_.begin());
  }

  // Consecutive match of a synset member / alternative at visible position q.
  uint32_t MatchRun(const CPhrase& run, uint32_t q, uint32_t limit) const {
    uint32_t pos = q;
    for (size_t i = 0; i < run.size(); ++i) {
      const CElem& e = run[i];
      if (pos >= limit) return 0;
      if (i > 0 && vis_[pos] != vis_[pos - 1] + 1) return 0;  // must be adjacent in the text
      if (e.kind == Kind::kWord) {
        if (!parser_.WordMatches(e, ps_, vis_[pos])) return 0;
        ++pos;
      } else if (e.kind == Kind::kSynset && e.synset != kNoWord) {
        uint32_t best = 0;
        if (pos < limit)  // only members that can start at this token
          d_.synsets[e.synset].ForCandidates(ps_.ids[vis_[pos]], ps_.lemmas[vis_[pos]], [&](const CPhrase& m) {
            best = std::max(best, MatchRun(m, pos, limit));
          });
        if (!best) return 0;
        pos += best;
      } else {
        return 0;
      }
    }
    return pos - q;
  }

  bool Step(size_t k, uint32_t pos, bool anchored) {
    if (k == Total()) return StepInner(k, pos, anchored);
    const size_t key = (k * width_ + std::min<size_t>(pos, width_ - 1)) * 2 + (anchored ? 1 : 0);
    if (failed_[key] == gen_) return false;
    if (StepInner(k, pos, anchored)) return true;
    failed_[key] = gen_;
    return false;
  }

  // The first visible position in [q, end) where word element `e`
  // matches, or `end`.
  uint32_t NextWord(const CElem& e, uint32_t q, uint32_t end) const {
    const uint32_t* const vis = vis_.data();
    const uint32_t* const ids = ps_.ids.data();
    if (e.match == WordMatch::kExact) {
      while (q < end && ids[vis[q]] != e.word) ++q;
      return q;
    }
    if (e.match == WordMatch::kEndings) {
      const auto* const lemmas = ps_.lemmas.data();
      for (; q < end; ++q) {
        const uint32_t t = vis[q];
        if (ids[t] == e.word) return q;
        if (const auto* l = lemmas[t])
          for (uint32_t w : *l)
            if (w == e.word) return q;
      }
      return q;
    }
    while (q < end && !parser_.WordMatches(e, ps_, vis[q])) ++q;
    return q;
  }

  // The first visible position in [q, end) where a member of `sy` may
  // start (ForCandidates would offer one there), or `end`.
  uint32_t NextSynsetStart(const coder::CSynset& sy, uint32_t q, uint32_t end) const {
    if (!sy.unindexed.empty()) return q;  // offered everywhere
    const uint32_t* const vis = vis_.data();
    const uint32_t* const ids = ps_.ids.data();
    const auto* const lemmas = ps_.lemmas.data();
    for (; q < end; ++q) {
      const uint32_t t = vis[q];
      if (ids[t] != kNoWord && sy.MayStart(ids[t])) return q;
      if (const auto* l = lemmas[t])
        for (uint32_t w : *l)
          if (sy.MayStart(w)) return q;
    }
    return q;
  }

  bool StepInner(size_t k, uint32_t pos, bool anchored) {
    if (k == Total()) {
      best_ = cur_;
      best_.first_tok = first_ == UINT32_MAX ? vis_[vb_] : vis_[first_];
      best_.last_tok = vis_[std::max(last_, ve_) - 1] + 1;
      return true;
    }
    bool is_verb = false;
    const CElem* e = Elem(k, &is_verb);
    if (is_verb) {
      if (pos > vb_ || (anchored && pos != vb_)) return false;
      const bool next_anchored = pat_->post_adjacent;
      const uint32_t saved_first = first_, saved_last = last_;
      if (first_ == UINT32_MAX) first_ = vb_;
      last_ = std::max(last_, ve_);
      if (Step(k + 1, ve_, next_anchored)) return true;
      first_ = saved_first;
      last_ = saved_last;
      return false;
    }
    const bool pre = k < n_pre_;
    const uint32_t limit = pre ? vb_ : static_cast<uint32_t>(vis_.size());
    const uint32_t last_start = anchored ? pos + 1 : limit;
    const bool slot = IsActorSlot(*e);
    const uint32_t end = std::min(last_start, limit);
    const uint32_t* const vis = vis_.data();
    for (uint32_t q = pos; q < end; ++q) {
      // Positions where the element cannot start are skipped before the
      // state is saved (the body below would change nothing there), in a
      // loop of their own per kind of element.
      if (e->kind == Kind::kWord) {
        q = NextWord(*e, q, end);
        if (q >= end) break;
      } else if (slot) {
        if (!(slots_before_verbs_ && !pre)) {
          const int32_t* const mention_at = ps_.mention_at.data();
          while (q < end && mention_at[vis[q]] < 0) ++q;
        }
        for (; q < end; ++q) {
          // ACTOR SLOTS: an actor slot after the verb takes no actor beyond
          // another verb.
          if (slots_before_verbs_ && !pre && q > pos) {
            const int uv = ps_.unit_of[vis[q - 1]];
            if (uv >= 0 && ps_.units[static_cast<size_t>(uv)].tag == Tag::kVerb &&
                !ps_.units[static_cast<size_t>(uv)].nominal && ps_.units[static_cast<size_t>(uv)].begin == vis[q - 1])
              return false;
          }
          if (ps_.mention_at[vis[q]] >= 0) break;
        }
        if (q >= end) break;
      } else if (e->kind == Kind::kSynset) {
        if (e->synset == kNoWord) break;  // matches nowhere
        q = NextSynsetStart(d_.synsets[e->synset], q, end);
        if (q >= end) break;
      }
      uint32_t next = 0;
      Capture saved = cur_;
      switch (e->kind) {
        case Kind::kWord:  // matches here (checked above)
          next = q + 1;
          break;
        case Kind::kSynset:
        case Kind::kAlternatives: {
          uint32_t best = 0;
          if (e->kind == Kind::kSynset) {
            if (e->synset != kNoWord)
              d_.synsets[e->synset].ForCandidates(ps_.ids[vis_[q]], ps_.lemmas[vis_[q]], [&](const CPhrase& m) {
                best = std::max(best, MatchRun(m, q, limit));
              });
          } else {
            for (const CPhrase& a : e->alts) best = std::max(best, MatchRun(a, q, limit));
          }
          if (best) next = q + best;
          break;
        }
        case Kind::kSource:
        case Kind::kTarget:
        case Kind::kCompound:
        case Kind::kSkipActor: {
          const int m = ps_.mention_at[vis_[q]];
          if (m < 0) break;
          const Mention& mm = ps_.mentions[static_cast<size_t>(m)];
          if (e->kind == Kind::kCompound) {
            if (mm.group < 0) break;
            cur_.compound = mm.group;
          } else if (e->kind == Kind::kSource) {
            cur_.source = m;
          } else if (e->kind == Kind::kTarget) {
            cur_.target = m;
          }
          next = AfterMention(m, e->kind == Kind::kCompound || e->kind == Kind::kSkipActor);
          if (pre && next > vb_) next = 0;
          break;
        }
        default:
          break;
      }
      if (next) {
        const uint32_t saved_first = first_;
        const uint32_t saved_last = last_;
        const bool literal = e->kind == Kind::kWord || e->kind == Kind::kSynset || e->kind == Kind::kAlternatives;
        if (literal) {
          if (first_ == UINT32_MAX) first_ = q;
          last_ = std::max(last_, next);
        }
        bool next_anchored = false;
        bool nv = false;
        const CElem* ne = Elem(k + 1, &nv);
        if (nv) next_anchored = pat_->verb_adjacent;
        else if (ne) next_anchored = ne->adjacent;
        if (Step(k + 1, next, next_anchored)) return true;
        first_ = saved_first;
        last_ = saved_last;
      }
      cur_ = saved;
      // Designated actors take the first actor encountered, no later one.
      if (next && (e->kind == Kind::kSource || e->kind == Kind::kTarget || e->kind == Kind::kCompound)) return false;
    }
    return false;
  }

  const SentenceParser& parser_;
  const CompiledDict& d_;
  const ParsedSentence& ps_;
  const std::vector<uint32_t>& vis_;
  const CPattern* pat_ = nullptr;
  const CElem* pre_ = nullptr;  // pat_'s elements before and after the verb
  const CElem* post_ = nullptr;
  size_t n_pre_ = 0, total_ = 0;  // pre.size(), and all elements with the verb
  uint32_t vb_ = 0, ve_ = 0;
  std::vector<uint32_t>& failed_;  // generation stamps of failed (k, pos, anchored) states
  uint32_t& gen_;
  static constexpr uint32_t kUnknownPos = UINT32_MAX;
  uint32_t first_actor_ = kUnknownPos;  // first visible position where a mention starts (vis_.size(): none)
  uint32_t actors_end_ = 0;             // one after the last such position
  bool slots_before_verbs_ = false;
  size_t width_ = 0;
  Capture cur_, best_;
  uint32_t first_ = UINT32_MAX;  // visible positions of the literal words matched
  uint32_t last_ = 0;
};

// The codes of one side of an event candidate: a mention's own codes by
// reference (most sides: no copy of a vector of strings per candidate), or
// a list of its own (a compound's codes, a default). A reference stays
// valid while the sentence's mentions do.
class Codes {
 public:
  void Refer(const std::vector<std::string>& v) {
    ref_ = &v;
    own_.clear();
  }
  void Own(std::vector<std::string> v) {
    own_ = std::move(v);
    ref_ = nullptr;
  }
  void Own(std::initializer_list<std::string> v) {
    own_.assign(v);
    ref_ = nullptr;
  }
  void clear() {
    ref_ = nullptr;
    own_.clear();
  }
  const std::vector<std::string>& list() const { return ref_ ? *ref_ : own_; }
  bool empty() const { return list().empty(); }
  size_t size() const { return list().size(); }
  const std::string& operator[](size_t i) const { return list()[i]; }
  std::vector<std::string>::const_iterator begin() const { return list().begin(); }
  std::vector<std::string>::const_iterator end() const { return list().end(); }
  bool operator==(const Codes& o) const { return list() == o.list(); }

 private:
  const std::vector<std::string>* ref_ = nullptr;
  std::vector<std::string> own_;
};

// One event candidate before expansion of compounds.
struct Found {
  Codes sources, targets;
  int source_mention = -1, target_mention = -1;
  VerbCode code;
  uint32_t verb_begin = 0, verb_end = 0;  // tokens of the evidence phrase
};

// A verb's candidate event in CodeClause. Every verb of the clause is
// evaluated; a verb whose word lies inside another verb's matched pattern
// ("threatened to attack") is absorbed by it.
struct Candidate {
  Found f;
  uint32_t verb_tok = 0;
  uint32_t ext_begin = 0, ext_end = 0;  // the matched pattern's extent
  bool has_event = false;
  bool is_subordinate = false;
};

// Buffers of CoderImpl::CodeClause kept from one clause to the next, so
// that a clause allocates nothing for them once they have grown. Owned by
// one Code() call at a time (CoderImpl keeps a pool of them).
struct ClauseScratch {
  std::vector<uint32_t> vis, tried;
  std::vector<uint32_t> verb_at;  // indexes into `vis` of tokens that may start a verb
  std::vector<Candidate> cands;  // CodeClause's candidates (the first ones are the clause's)
  std::vector<std::pair<uint32_t, uint32_t>> extents;  // matched pattern extents (tokens)
  std::vector<int> clause_mentions;
  coder::WordSet present;
  std::vector<uint32_t> failed;  // ClauseMatcher's memo and its generation
  uint32_t gen = 0;
  std::vector<ParsedSentence> parsed;  // Code()'s sentences (Reset() before use)
  // The story's latest visit (042): its visitor and host (news rule VISITS).
  std::vector<std::string> visitor, host;
};

// Length of a wire-story dateline or credit at the start of `text`
// ("TEHRAN (Reuters) - ", "AFP - ", "KABUL, Afghanistan -- ",
// "LONDON, AUGUST 17: "), repeated ("Canadian Press - VANCOUVER (CP) - ").
// Its place names are where the story was filed, not actors.
// The positions i in [1, window - 2] of `rest` (window <= 100) where a
// dateline separator may start: ':' or the first byte of a dash (0xE2)
// anywhere, and a space followed by '-', a dash, '>' or ';'. Bit i of the
// 128-bit set `bits` (bits[0] for 0-63, bits[1] for 64-127).
void SeparatorStarts(std::string_view rest, size_t window, uint64_t bits[2]) {
  alignas(16) unsigned char buf[128 + 16] = {};  // zero bytes match nothing
  std::memcpy(buf, rest.data(), window);
#if DYAD_SSE2
  uint64_t found[2] = {0, 0};
  const __m128i colon = _mm_set1_epi8(':'), dash = _mm_set1_epi8(static_cast<char>(0xE2)),
                space = _mm_set1_epi8(' '), minus = _mm_set1_epi8('-'), gt = _mm_set1_epi8('>'),
                semi = _mm_set1_epi8(';');
  for (size_t b = 0; b * 16 + 1 < window; ++b) {
    const __m128i v = _mm_load_si128(reinterpret_cast<const __m128i*>(buf + b * 16));
    const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf + b * 16 + 1));
    const __m128i after = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, minus), _mm_cmpeq_epi8(w, dash)),
                                       _mm_or_si128(_mm_cmpeq_epi8(w, gt), _mm_cmpeq_epi8(w, semi)));
    const __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, dash)),
                                   _mm_and_si128(_mm_cmpeq_epi8(v, space), after));
    found[b / 4] |= static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(m))) << ((b % 4) * 16);
  }
#else
  uint64_t found[2] = {0, 0};
  for (size_t i = 0; i + 1 < window; ++i) {
    const unsigned char c = buf[i], n = buf[i + 1];
    if (c == ':' || c == 0xE2 || (c == ' ' && (n == '-' || n == 0xE2 || n == '>' || n == ';')))
      found[i / 64] |= uint64_t{1} << (i % 64);
  }
#endif
  // Keep 1 <= i <= window - 2.
  const size_t end = window >= 2 ? window - 1 : 0;  // first position dropped
  for (int h = 0; h < 2; ++h) {
    const size_t lo = static_cast<size_t>(h) * 64;
    uint64_t keep = 0;
    if (end > lo) keep = end - lo >= 64 ? ~uint64_t{0} : (uint64_t{1} << (end - lo)) - 1;
    bits[h] = found[h] & keep;
  }
  bits[0] &= ~uint64_t{1};
}

size_t DatelineLength(std::string_view text) {
  size_t total = 0;
  for (int round = 0; round < 3; ++round) {
    const std::string_view rest = text.substr(total);
    const size_t window = std::min<size_t>(rest.size(), 100);
    size_t cut = std::string_view::npos, after = 0;
    static constexpr std::string_view kSeparators[] = {" - ", " -- ", " \xE2\x80\x94 ", " \xE2\x80\x93 ",
                                                       "\xE2\x80\x94", ": ", " > ", " ; "};
    // Candidate starts i in [1, window - 2], in order (see SeparatorStarts).
    uint64_t bits[2];
    SeparatorStarts(rest, window, bits);
    for (int half = 0; half < 2 && cut == std::string_view::npos; ++half)
    for (uint64_t m = bits[half]; m != 0; m &= m - 1) {
      const size_t i = static_cast<size_t>(half) * 64 + static_cast<size_t>(__builtin_ctzll(m));
      const std::string_view r = rest.substr(i);
      for (std::string_view sep : kSeparators) {
        if (r.substr(0, sep.size()) == sep) {
          cut = i;
          after = i + sep.size();
          break;
        }
      }
      if (cut != std::string_view::npos) break;
    }
    if (cut == std::string_view::npos) break;
    const std::string_view prefix = rest.substr(0, cut);
    const bool colon = rest.substr(cut, 2) == ": ";
    // Words: capitalised only (outside parentheses), at most 8 of them, with
    // an all-capitals word or a parenthesised credit.
    int words = 0;
    bool all_caps_word = false, paren = false, ok = true;
    int depth = 0;
    size_t i = 0;
    while (i < prefix.size() && ok) {
      const char c = prefix[i];
      if (c == '(') { ++depth; paren = true; ++i; continue; }
      if (c == ')') { --depth; ++i; continue; }
      if (c == ' ' || c == ',' || c == '.' || c == '\t') { ++i; continue; }
      size_t j = i;
      while (j < prefix.size() && prefix[j] != ' ' && prefix[j] != ',' && prefix[j] != '(' && prefix[j] != ')') ++j;
      const std::string_view w = prefix.substr(i, j - i);
      if (depth == 0) {
        ++words;
        const unsigned char f = static_cast<unsigned char>(w[0]);
        if (!(std::isupper(f) || std::isdigit(f) || f >= 0x80)) ok = false;
        bool caps = w.size() >= 2;
        for (char ch : w) caps &= !(ch >= 'a' && ch <= 'z');
        all_caps_word |= caps && w.size() >= 3;
      }
      i = j;
    }
    static constexpr std::string_view kAgencies[] = {"AFP", "Reuters", "AP", "Xinhua", "Canadian Press", "UPI",
                                                     "dpa", "ANSA", "Kyodo", "ITAR-TASS", "Interfax", "IRNA"};
    bool agency = false;
    for (std::string_view a : kAgencies) agency |= prefix == a;
    // Two places filed from ("Bukavu/Nairobi - "), and a place with a date
    // before a colon ("Islamabad, Nov 9 : ").
    const bool two_places = words == 1 && !colon && prefix.find('/') != std::string_view::npos;
    bool dated = false;
    static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                                   "Sep", "Oct", "Nov", "Dec"};
    for (std::string_view m : kMonths) {
      const size_t at = prefix.find(m);
      dated |= at != std::string_view::npos && at > 0 && prefix[at - 1] == ' ' &&
               prefix.find_first_of("0123456789", at) != std::string_view::npos;
    }
    // A section label ("World News: ", "India News > ", "Asia ; ") before a
    // dateline.
    bool label = false;
    if (words <= 3 && round == 0)
      for (std::string_view l : {"News", "World", "Asia", "Europe", "Africa", "Americas", "Politics", "Update"})
        label |= prefix.find(l) != std::string_view::npos;
    if (!ok || words == 0 || words > 8 || !(all_caps_word || paren || agency || two_places || dated || label)) break;
    if (colon && !all_caps_word && !dated && !label) break;
    total += after;
    while (total < text.size() && text[total] == ' ') ++total;
  }
  if (total == 0) {
    // A bare dateline: one capitalised place name in capitals before a
    // capitalised word ("LONDON President Vladimir Putin of Russia has ...",
    // "BAGHDAD Iraq promised ..."), not an organisation's acronym ("NATO
    // Secretary General ...").
    size_t j = 0;
    while (j < text.size() && text[j] >= 'A' && text[j] <= 'Z') ++j;
    const std::string_view w = text.substr(0, j);
    static constexpr std::string_view kAcronyms[] = {"NATO", "OPEC", "ASEAN", "UNICEF", "UNESCO", "UNHCR", "INTERPOL",
                                                     "NASA", "FIFA", "IAEA", "OSCE", "USAID", "CNN", "BBC", "AIDS",
                                                     "SARS", "ETA", "HAMAS", "NAFTA", "UNITA", "SWAPO", "FRELIMO",
                                                     "RENAMO", "FARC", "OECD", "APEC", "ECOWAS", "SADC", "IGAD"};
    if (w.size() >= 4 && j + 2 < text.size() && text[j] == ' ' && text[j + 1] >= 'A' && text[j + 1] <= 'Z' &&
        text[j + 2] >= 'a' && text[j + 2] <= 'z' && w != "PRIME" && w != "THE") {
      bool acronym = false;
      for (std::string_view a : kAcronyms) acronym |= w == a;
      if (!acronym) total = j + 1;
    }
  }
  return total;
}

// A fixed list of words with a filter on (first letter, length), so that
// most words not in the list are rejected without comparing them with
// each entry (IsAnyOf for lists tried on many tokens).
template <size_t N>
class WordList {
 public:
  constexpr explicit WordList(const std::string_view (&words)[N]) {
    for (size_t i = 0; i < N; ++i) {
      words_[i] = words[i];
      const std::string_view w = words[i];
      if (w.empty() || w.size() > 31 || w[0] < 'A' || w[0] > 'Z') unfiltered_ = true;
      else len_bits_[static_cast<size_t>(w[0] - 'A')] |= uint32_t{1} << w.size();
    }
  }
  bool Has(std::string_view w) const {
    if (!unfiltered_) {
      if (w.empty() || w.size() > 31) return false;
      const unsigned c = static_cast<unsigned>(static_cast<unsigned char>(w[0])) - 'A';
      if (c >= 26 || !((len_bits_[c] >> w.size()) & 1)) return false;
    }
    for (std::string_view x : words_)
      if (w == x) return true;
    return false;
  }

 private:
  std::string_view words_[N] = {};
  uint32_t len_bits_[26] = {};  // bit L: some word of length L starts with the letter
  bool unfiltered_ = false;
};

bool IsAnyOf(const std::string& w, std::initializer_list<std::string_view> words) {
  for (std::string_view x : words)
    if (w == x) return true;
  return false;
}

// Words of a light verb in a pattern ("was on a visit", "paid a visit to").
constexpr std::string_view kLightVerbList[] = {
    "ON", "PAID", "PAY", "PAYS", "PAYING", "HELD", "HOLD", "HOLDS", "HOLDING", "MADE", "MAKE", "MAKES",
    "MAKING", "LAUNCHED", "LAUNCH", "LAUNCHES", "MOUNTED", "MOUNT", "MOUNTS", "CARRIED", "CONDUCTED", "STAGED",
    "STAGE", "STAGES", "GAVE", "GIVE", "GIVES", "WAS", "IS", "WERE", "ARE", "BEGAN", "BEGIN", "BEGINS",
    "OPENED", "OPEN", "OPENS", "RESUMED", "RESUME", "RESUMES", "ISSUED", "ISSUE", "ISSUES", "SENT", "SEND",
    "SENDS", "TOOK", "TAKE", "TAKES", "ENTERED"};
constexpr WordList kLightVerbWords(kLightVerbList);
constexpr std::string_view kFightVerbList[] = {"FIGHT", "CLASH", "BATTLE", "SKIRMISH"};
constexpr WordList kFightVerbs(kFightVerbList);

inline bool EndsWithStr(const std::string& w, std::string_view suf) {
  return w.size() > suf.size() + 1 && std::string_view(w).ends_with(suf);
}

// A CAMEO code of the statement family (01x).
inline bool IsStatementCode(const std::string& c) { return c.size() >= 2 && c[0] == '0' && c[1] == '1'; }
// A side with no country ("---", "---GOV"): no side of an event when both
// sides are required (CodeSentence's emit; MayCode counts on the same rule).
inline bool NoCountry(const std::string& c) { return c.rfind("---", 0) == 0; }

// The word before token `begin`, deleted tokens and THE skipped, looking
// back no further than `floor` (exclusive); nullptr when there is none.
const std::string* WordBefore(const ParsedSentence& ps, uint32_t begin, uint32_t floor) {
  for (uint32_t k = begin; k > floor;) {
    --k;
    if (!ps.deleted[k] && ps.tokens[k].norm != "THE") return &ps.tokens[k].norm;
  }
  return nullptr;
}

// News rule: a mention inside a phrase of place ("in the holy Iraqi city of
// Najaf", "aboard a U.S. aircraft carrier", "outside the Australian
// Embassy"): the word before it, over at most three articles, possessive
// determiners or modifiers ("southern", "troubled"), is a preposition of
// place. `floor` bounds the look-back (exclusive).
bool InPlacePhrase(const ParsedSentence& ps, const Mention& mm, uint32_t floor) {
  int skipped = 0;
  for (uint32_t k = mm.begin; k > floor;) {
    --k;
    if (ps.deleted[k]) continue;
    const Token& t = ps.tokens[k];
    if (t.kind != TokenKind::kWord) return false;
    if (IsAnyOf(t.norm, {"IN", "AT", "NEAR", "INSIDE", "OUTSIDE", "ABOARD", "VIA", "THROUGHOUT", "ACROSS", "AROUND",
                         "WITHIN", "ONBOARD"}))
      // ("at least one Palestinian", "in all 21 settlements" is no place)
      return !(k + 1 < ps.tokens.size() && IsAnyOf(ps.tokens[k + 1].norm, {"LEAST", "MOST", "ALL", "TOTAL"}));
    if (++skipped > 3) return false;
    if (IsAnyOf(t.norm, {"THE", "A", "AN", "ITS", "HIS", "HER", "THEIR", "OUR"})) continue;
    // A modifier: an untagged content word, not a function word.
    const int u = ps.unit_of[k];
    if (u >= 0 && ps.units[static_cast<size_t>(u)].tag != Tag::kNone &&
        !(ps.units[static_cast<size_t>(u)].tag == Tag::kVerb && ps.units[static_cast<size_t>(u)].nominal))
      return false;
    if (t.norm.size() < 4 ||
        IsAnyOf(t.norm, {"WITH", "FROM", "INTO", "ONTO", "UPON", "OVER", "UNDER", "THAN", "THAT", "THIS", "THESE",
                         "THOSE", "WHICH", "WHOSE", "WHERE", "WHEN", "WHILE", "AFTER", "BEFORE", "AGAINST", "ABOUT",
                         "TOWARD", "TOWARDS", "BETWEEN", "AMONG", "DURING", "SINCE", "UNTIL", "WILL", "WOULD",
                         "HAVE", "BEEN", "WERE", "SAID", "SAYS", "ALSO", "THEY", "THEM", "THEIR", "BOTH", "EACH"}))
      return false;
  }
  return false;
}

// A country named by its demonym or adjective ("Israeli attack", "US
// efforts"), not by a place name: that names the country's own act.
bool DemonymLike(const std::string& hw) {
  return EndsWithStr(hw, "AN") || EndsWithStr(hw, "ANS") || EndsWithStr(hw, "ISH") || EndsWithStr(hw, "ESE") ||
         EndsWithStr(hw, "I") || EndsWithStr(hw, "CH") || IsAnyOf(hw, {"US", "U.S.", "UK", "U.K.", "AMERICA"});
}

// A noun naming a violent event ("Baghdad Bombings", "Jakarta blast").
bool EventNoun(const std::string& w) {
  return IsAnyOf(w, {"BOMBINGS", "BOMBING", "ATTACK", "ATTACKS", "BLAST", "BLASTS", "RAID", "RAIDS", "STRIKE",
                     "STRIKES", "EXPLOSION", "EXPLOSIONS", "VIOLENCE", "CLASHES", "UNREST", "FIGHTING"});
}

// A mention that only qualifies a noun through a hyphenated participle
// ("US-backed", "Iranian-funded"), the participle after the mention or
// ending it. `holding` adds the participles of control ("rebel-held",
// "army-run"), which still name the holder's ground.
bool QualifiedByParticiple(const ParsedSentence& ps, const Mention& mm, bool holding) {
  for (uint32_t k : {mm.end, mm.end - 1}) {
    if (k <= mm.begin || k >= ps.tokens.size() || !ps.tokens[k].hyphen_before) continue;
    const std::string& w = ps.tokens[k].norm;
    if (IsAnyOf(w, {"BACKED", "LED", "BASED", "FUNDED", "SPONSORED", "ARMED", "TRAINED", "MADE", "BROKERED", "DRAFTED",
                    "ALLIED"}) ||
        (holding && IsAnyOf(w, {"CONTROLLED", "HELD", "RUN"})))
      return true;
  }
  return false;
}

// A mention that names only countries or places (bare country codes).
bool BareCountries(const Mention& mm) {
  if (mm.pronoun || mm.agent_only || mm.codes.empty()) return false;
  for (const std::string& cd : mm.codes)
    if (cd.size() != 3) return false;
  return true;
}

// A past participle: "-ED" or a common irregular form.
bool IsParticiple(const std::string& w) {
  return EndsWithStr(w, "ED") ||
         IsAnyOf(w, {"SHOT", "HELD", "HIT", "STRUCK", "CAUGHT", "KEPT", "SENT", "TOLD", "PUT", "BROUGHT", "LEFT",
                     "BEATEN", "TAKEN", "GIVEN", "SLAIN", "LED", "HURT", "STOLEN", "THROWN", "DRIVEN", "TORN",
                     "BOUND", "SOUGHT", "WON", "LOST", "MET", "SEEN", "SHOWN", "FORBIDDEN", "BITTEN"});
}

// Words after which a verb form is a noun or an attribute ("its push",
// "the first stage", "in support of", "an apparent killing").
bool IsNominalCue(const std::string& w) {
  return IsAnyOf(w, {"THE", "A", "AN", "THIS", "THAT", "THESE", "THOSE", "ITS", "HIS", "HER", "THEIR", "OUR",
                     "MY", "YOUR", "ANY", "EACH", "EVERY", "NO", "ANOTHER", "SUCH", "FIRST", "SECOND", "THIRD",
                     "FINAL", "NEXT", "LAST", "NEW", "FRESH", "FURTHER", "MAJOR", "POSSIBLE", "APPARENT",
                     "ALLEGED", "SUSPECTED", "TERRORIST", "SUICIDE", "DEADLY", "MASSIVE", "PLANNED", "PROPOSED",
                     "JOINT", "RECENT", "LATEST", "OFFICIAL", "FORMAL", "PUBLIC", "FULL", "KEY", "SPACE", "PEACE",
                     "MILITARY", "NUCLEAR", "IN", "ON", "OF", "FOR", "WITH", "FROM", "AT", "DURING", "AGAINST",
                     "OVER", "UNDER", "WITHOUT", "AMID", "INTO", "ABOUT", "BETWEEN", "AMONG", "DESPITE", "TWO",
                     "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "SEVERAL", "MANY",
                     "DOZENS", "HUNDREDS", "THOUSANDS", "NUMEROUS", "FEW", "SOME"});
}

class CoderImpl final : public Coder {
 public:
  CoderImpl(std::shared_ptr<const DictionarySet> set, std::shared_ptr<const CompiledDict> dict,
            CoderOptions options, Segmenter seg, Tokenizer tok)
      : set_(std::move(set)),
        dict_(std::move(dict)),
        options_(options),
        segmenter_(std::move(seg)),
        tokenizer_(std::move(tok)),
        parser_(*dict_, *set_, ParseOpts(set_->options)) {
    const CodingOptions& o = set_->options;
    complex_enabled_ = o.complex_verbs > 0 || o.complex_conj > 0 || o.complex_no_actor_prior;
    for (const auto& [k, v] : o.raw) complex_enabled_ |= k.rfind("COMP", 0) == 0;
    statements_subordinate_ = options_.statements_subordinate;
    // News rules switched on by the dictionaries' options file
    // ("SET: NAME = VALUE"; the default set's is data/dict/src/dyad.options).
    auto set_opt = [&](const char* name) {
      auto it = o.raw.find(std::string("SET: ") + name);
      return it == o.raw.end() ? std::string() : it->second;
    };
    targeted_statements_ = set_opt("STATEMENTS") == "TARGETED";
    news_passives_ = set_opt("REDUCED PASSIVES") == "ON";
    nominal_cues_ = set_opt("NOMINAL CUES") == "ON";
    irrealis_pattern_only_ = set_opt("INFINITIVES") == "PATTERN ONLY";
    targets_after_verb_ = set_opt("TARGETS") == "AFTER VERB";
    strict_compounds_ = set_opt("COMPOUNDS") == "STRICT";
    uncased_patterns_only_ = set_opt("UNCASED TEXT") == "PATTERNS ONLY";
    uncased_not_coded_ = set_opt("UNCASED TEXT") == "NOT CODED";
    // HEADLINES ONLY: short uncased lines (headline feeds such as the ABC
    // corpus) code through patterns, longer uncased sentences not at all.
    if (set_opt("UNCASED TEXT") == "HEADLINES ONLY") {
      uncased_patterns_only_ = true;
      uncased_max_words_ = 15;
    }
    venues_ = set_opt("VENUES") == "NOT TARGETS";
    clause_bound_targets_ = set_opt("TARGETS IN CLAUSE") == "ON";
    clause_sources_ = set_opt("SOURCES IN CLAUSE") == "ON";
    planned_acts_ = set_opt("PLANNED ACTS") == "INTENT";
    place_modifiers_ = set_opt("PLACE MODIFIERS") == "NOT TARGETS";
    locatives_ = set_opt("PLACES") == "NOT PARTIES";
    claims_ = set_opt("CLAIMS") == "NOT EVENTS";
    main_verbs_ = set_opt("MAIN VERBS") == "ON";
    visit_hosts_ = set_opt("VISITS") == "HOST IS ADDRESSEE";
    // (A default source could meet a target from a mention, or the host
    // of a visit; a default target alone still needs a source.)
    mentions_needed_ = o.require_dyad && o.default_source.empty();
    actor_slots_ = set_opt("ACTOR SLOTS") == "BEFORE NEXT VERB";
    if (const std::string v = set_opt("MAX SENTENCE WORDS"); !v.empty()) max_sentence_words_ = std::atoi(v.c_str());
  }

  const DictionarySet& dictionaries() const override { return *set_; }

  CodedStory Code(const Story& story) const override;

 private:
  static coder::ParseOptions ParseOpts(const CodingOptions& o) {
    coder::ParseOptions p;
    p.comma_min = o.comma_min;
    p.comma_max = o.comma_max;
    p.comma_bmin = o.comma_bmin;
    p.comma_bmax = o.comma_bmax;
    p.comma_emin = o.comma_emin;
    p.comma_emax = o.comma_emax;
    auto it = o.raw.find("SET: DOMESTIC AGENTS");
    p.strict_domestic = it != o.raw.end() && it->second == "STRICT";
    auto mv = o.raw.find("SET: MAIN VERBS");
    p.keep_subject_after_fronted = mv != o.raw.end() && mv->second == "ON";
    return p;
  }

  // Codes one sentence whose tokens (and lookups) are already in `ps`.
  // `discard_why` is the sentence-level discard phrase found, if any.
  void CodeSentence(const Story& story, ParsedSentence& ps, const std::string& discard_why, CodedSentence& out,
                    coder::StoryContext& ctx, ClauseScratch& scratch) const;
  // The first story-level and sentence-level discard phrases found in a
  // sentence, as text ("" when none): one scan for both.
  struct DiscardHits {
    std::string story, sentence;
  };
  DiscardHits FindDiscards(const ParsedSentence& ps) const;
  std::vector<Found> CodeClause(ParsedSentence& ps, uint32_t cb, uint32_t ce, Codes& carried_source,
                                std::vector<Found>& subordinate, std::vector<std::string>* trace,
                                ClauseScratch& scratch) const;
  std::vector<std::string> IssuesOf(const ParsedSentence& ps) const;
  // Whether coding the clauses of `ps` can give an event or mark the
  // sentence; false lets CodeSentence pass them over.
  bool MayCode(const ParsedSentence& ps, const ClauseScratch& scratch) const;

  std::shared_ptr<const DictionarySet> set_;
  std::shared_ptr<const CompiledDict> dict_;
  CoderOptions options_;
  Segmenter segmenter_;
  Tokenizer tokenizer_;
  SentenceParser parser_;
  // Scratch buffers of finished Code() calls, handed to the next ones.
  mutable std::mutex scratch_mu_;
  mutable std::vector<std::unique_ptr<ClauseScratch>> scratch_pool_;
  bool complex_enabled_ = false;       // [+++] stops coding only with a COMPLEX: option
  bool statements_subordinate_ = true;
  // News rules (off unless the dictionaries' options turn them on).
  bool targeted_statements_ = false;  // 01x only through a pattern, never a bare "said"
  bool news_passives_ = false;        // headline/reduced passives of force are not the subject's acts
  bool nominal_cues_ = false;         // verb forms after adjectives, numbers, possessives are nouns
  bool irrealis_pattern_only_ = false;  // "a plot to VERB" codes only through a pattern
  bool targets_after_verb_ = false;   // no target taken from before an active verb
  bool strict_compounds_ = false;     // only a pair acts on itself; never a member on its own country
  bool uncased_patterns_only_ = false;  // sentences without capitals code only through patterns
  bool uncased_not_coded_ = false;      // sentences without capitals are not coded
  int uncased_max_words_ = 0;           // longer sentences without capitals are not coded (0 = no limit)
  bool venues_ = false;               // IN/AT places are not targets of talks (04x, 05x, 036)
  bool clause_bound_targets_ = false; // no target inside a later relative/adverbial clause
  bool clause_sources_ = false;       // the source comes from the verb's own adverbial clause
  bool place_modifiers_ = false;      // "Gaza pullout plan", "Iraq war": a place before a noun is no target
  bool planned_acts_ = false;         // "will visit", "is to meet", "plans to sign": intent, not the act
  bool actor_slots_ = false;          // a pattern's actor slot takes no actor beyond another verb
  bool visit_hosts_ = false;          // a visitor's unaddressed statements go to the host
  // Every event needs a mention: both sides are required and the source
  // has no default code.
  bool mentions_needed_ = false;
  bool main_verbs_ = false;           // only a clause's main verb (or one after speech) codes
  bool claims_ = false;               // "a report that X attacked Y", "without acknowledging": not events
  bool locatives_ = false;            // "in X", "aboard X", "outside X": a place, not a source or target
  int max_sentence_words_ = 0;        // longer sentences are not coded (0 = no limit)
};

CoderImpl::DiscardHits CoderImpl::FindDiscards(const ParsedSentence& ps) const {
  DiscardHits hits;
  const coder::PhraseIndex& index = dict_->discards;
  if (index.phrases().empty()) return hits;
  const auto n = static_cast<uint32_t>(ps.tokens.size());
  const uint16_t* starts = ps.starts.data();
  constexpr uint16_t kDiscardBits = CompiledDict::kStartsDiscard | CompiledDict::kStemDiscard;
  for (uint32_t t = 0; t < n; ++t) {
    // Most tokens start no discard phrase: skip them before anything else
    // (eight at a time where SSE2 is there).
#if DYAD_SSE2
    {
      const __m128i bits = _mm_set1_epi16(static_cast<short>(kDiscardBits));
      const __m128i zero = _mm_setzero_si128();
      for (; t + 8 <= n; t += 8) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(starts + t));
        const unsigned none = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(x, bits), zero)));
        if (none != 0xFFFFu) {
          t += static_cast<uint32_t>(__builtin_ctz(~none & 0xFFFFu)) / 2;
          break;
        }
      }
    }
    if (t >= n) break;
#endif
    const uint16_t st = starts[t];
    if (!(st & kDiscardBits)) continue;
    auto visit = [&](uint32_t c) {
      const auto& p = index.phrases()[c];
      std::string& slot = dict_->discard_list[p.payload].story_level ? hits.story : hits.sentence;
      if (!slot.empty() || !parser_.MatchName(p.elems, ps, t)) return false;
      slot = "discard phrase \"";
      for (size_t i = 0; i < p.elems.size(); ++i) slot += (i ? " " : "") + p.elems[i].text;
      slot += "\"";
      return !hits.story.empty();
    };
    // Phrases by word only when one starts with this token's words; the
    // stems in any case (ForEachCandidate's order: words, then stems).
    if (st & CompiledDict::kStartsDiscard) {
      parser_.ForEachCandidate(index, ps, t, visit);
    } else {  // a stem of a discard phrase is a prefix of the token
      index.ForEachStem(ps.tokens[t].norm, [&](const std::vector<uint32_t>& cands) {
        for (uint32_t c : cands)
          if (visit(c)) return true;
        return false;
      });
    }
    if (!hits.story.empty()) break;  // only a match at this token sets it
  }
  return hits;
}

// An event's two sides are different codes, each from a mention, a
// DEFAULT code or (VISITS) the story's host; with both sides required,
// neither is "---...". So without a default source, a sentence whose
// mentions hold fewer than two codes gives no event, unless a default
// target or the host can be the other side. (Most sentences of news name
// one country or none.) Its clauses still count when a verb of it may
// discard the sentence.
bool CoderImpl::MayCode(const ParsedSentence& ps, const ClauseScratch& scratch) const {
  if (!mentions_needed_) return true;
  const std::string* first = nullptr;
  for (const Mention& m : ps.mentions)
    for (const std::string& c : m.codes) {
      if (NoCountry(c)) continue;
      if (first == nullptr) first = &c;
      else if (c != *first) return true;
    }
  if (first != nullptr && (!set_->options.default_target.empty() || (visit_hosts_ && !scratch.host.empty())))
    return true;
  for (const coder::Unit& u : ps.units)
    if (u.tag == Tag::kVerb && dict_->verb_list[u.payload].may_mark_sentence) return true;
  return false;
}

std::vector<std::string> CoderImpl::IssuesOf(const ParsedSentence& ps) const {
  std::vector<std::string> out;
  if (dict_->issues.phrases().empty()) return out;
  std::vector<std::pair<std::string, int>> counts;
  const auto n = static_cast<uint32_t>(ps.tokens.size());
  for (uint32_t t = 0; t < n; ++t) {
    if (ps.ids[t] == kNoWord) continue;
    const auto* cands = dict_->issues.ByWord(ps.ids[t]);
    if (!cands) continue;
    for (uint32_t c : *cands) {
      const auto& p = dict_->issues.phrases()[c];
      if (!parser_.MatchName(p.elems, ps, t)) continue;
      const std::string& code = dict_->issue_codes[p.payload];
      if (code.empty()) return {};  // an ignore phrase cancels issue coding
      auto it = std::find_if(counts.begin(), counts.end(), [&](auto& x) { return x.first == code; });
      if (it == counts.end()) counts.emplace_back(code, 1);
      else ++it->second;
    }
  }
  for (auto& [code, k] : counts) out.push_back(code + " " + std::to_string(k));
  return out;
}

std::vector<Found> CoderImpl::CodeClause(ParsedSentence& ps, uint32_t cb, uint32_t ce,
                                         Codes& carried_source, std::vector<Found>& subordinate,
                                         std::vector<std::string>* trace, ClauseScratch& scratch) const {
  const auto& fw = dict_->fw;
  const bool require_dyad = set_->options.require_dyad;
  std::vector<uint32_t>& vis = scratch.vis;
  vis.clear();
  vis.resize(ce > cb ? ce - cb : 0);  // then trimmed to the tokens kept
  // The visible tokens that may start a verb unit (a verb phrase starts
  // with their word, a word they inflect or a stem: Classify tags no other
  // token a verb), as indexes into `vis`, collected without a branch.
  std::vector<uint32_t>& verb_at = scratch.verb_at;
  verb_at.resize(vis.size());
  size_t n_verb_at = 0;
  {
    size_t nv = 0;
    const uint8_t* deleted = ps.deleted.data();
    const uint16_t* starts = ps.starts.data();
    uint32_t* va = verb_at.data();
    constexpr uint16_t kVerbStart = CompiledDict::kStartsVerb | CompiledDict::kStemVerb;
    for (uint32_t t = cb; t < ce; ++t) {
      const bool kept = deleted[t] == 0;
      vis[nv] = t;
      va[n_verb_at] = static_cast<uint32_t>(nv);
      n_verb_at += kept & ((starts[t] & kVerbStart) != 0);
      nv += kept;
    }
    vis.resize(nv);
  }
  std::vector<Found> result;
  if (vis.empty()) return result;
  // Mentions visible in this clause, in order; agent-only mentions ("---GOV")
  // take part only when both actors are not required.
  std::vector<int>& clause_mentions = scratch.clause_mentions;
  clause_mentions.clear();
  for (size_t i = 0; i < ps.mentions.size(); ++i) {
    const Mention& m = ps.mentions[i];
    if (m.begin >= cb && m.begin < ce && !ps.deleted[m.head_begin] && !(require_dyad && m.agent_only))
      clause_mentions.push_back(static_cast<int>(i));
  }
  auto group_codes = [&](int group) {
    std::vector<std::string> c;
    for (const Mention& m : ps.mentions)
      if (m.group == group) c.insert(c.end(), m.codes.begin(), m.codes.end());
    return c;
  };
  auto mention_codes = [&](int m) {
    const Mention& mm = ps.mentions[static_cast<size_t>(m)];
    Codes c;
    if (mm.group >= 0) c.Own(group_codes(mm.group));
    else c.Refer(mm.codes);
    return c;
  };

  // The clause's candidates are cands[0, n_cands); each verb works in the
  // next slot (its strings and vectors reused from earlier clauses), which
  // it keeps by advancing n_cands.
  std::vector<Candidate>& cands = scratch.cands;
  size_t n_cands = 0;
  std::vector<std::pair<uint32_t, uint32_t>>& extents = scratch.extents;
  extents.clear();
  ClauseMatcher matcher(parser_, *dict_, ps, vis, scratch.failed, scratch.gen, actor_slots_);
  // Words present in the clause: patterns lacking one are not tried.
  // Collected at the clause's first verb that has patterns (most clauses
  // have none).
  coder::WordSet& present = scratch.present;
  bool present_known = false;
  std::vector<uint32_t>& tried = scratch.tried;  // VerbPatterns clears it
  bool uncased = uncased_patterns_only_ && ps.tokens.size() >= 5;
  for (size_t k = 0; uncased && k < ps.tokens.size(); ++k) uncased = !ps.tokens[k].capitalized;
  // News rule (MAIN VERBS): the last verb of the clause that governs what
  // follows it, as an index into `vis` (-1: none yet), and whether a comma
  // after it ends its stretch (a fronted "While apologizing for the war, ...").
  int governor = -1;
  bool governor_fronted = false;
  bool governor_issues = false;  // the governor issues a document ("issued a declaration demanding")
  uint32_t speech_end = 0;  // end of the last verb of speech before this verb (0: none)
  constexpr uint32_t kUnknown = UINT32_MAX;
  uint32_t first_comma_q = kUnknown;  // index into `vis` of the first comma (vis.size(): none)
  for (size_t vq = 0; vq < n_verb_at; ++vq) {
    const uint32_t q = verb_at[vq];
    const uint32_t t = vis[q];
    const int ui = ps.unit_of[t];
    if (ui < 0) continue;
    const coder::Unit& u = ps.units[static_cast<size_t>(ui)];
    if (u.tag != Tag::kVerb || u.begin != t) continue;
    const coder::CVerb& verb = dict_->verb_list[u.payload];
    uint32_t ve = q;
    while (ve < vis.size() && vis[ve] < u.end) ++ve;
    // Patterns, longest first; then the verb's own code. A null pattern
    // whose words all touch the verb ("- FIRST_* [---]", "- TO_BE_* [---]")
    // is tried first: it says the word is not this verb here, whatever
    // longer pattern might match words further away.
    const VerbCode* code_src = nullptr;  // copied into `code` once chosen
    Capture cap;
    bool matched = false;
    if (verb.patterns.empty()) {
      tried.clear();  // (what VerbPatterns gives: no pattern; the words are not needed)
    } else {
      if (!present_known) {
        present.Clear();
        for (uint32_t t2 : vis) {
          present.Add(ps.ids[t2]);
          present.Add(ps.lemmas[t2]);
        }
        present.Finish();
        present_known = true;
      }
      dict_->VerbPatterns(verb, present, tried);  // only patterns whose required words are present
    }
    for (uint32_t pi : tried) {
      const CPattern& p = dict_->patterns[pi];
      if (p.code.special != VerbCode::Special::kNull || !Contiguous(p)) continue;
      if (matcher.Match(p, q, ve, cap)) {
        code_src = &p.code;
        matched = true;
        if (trace) trace->push_back("verb " + verb.lemma + ": null pattern at " + set_->Where(p.loc));
        break;
      }
    }
    for (uint32_t pi : tried) {
      if (matched) break;
      const CPattern& p = dict_->patterns[pi];
      if (p.code.special == VerbCode::Special::kComplex && !complex_enabled_) continue;
      if (matcher.Match(p, q, ve, cap)) {
        code_src = &p.code;
        matched = true;
        if (trace)
          trace->push_back("verb " + verb.lemma + ": pattern at " + set_->Where(p.loc) + " -> " +
                           (p.code.special == VerbCode::Special::kNone ? p.code.code : std::string("special code")));
        break;
      }
    }
    if (!matched && uncased) {
      // News rule: in text without capital letters (lower-cased feeds) a
      // name cannot be told from a word, nor a headline from its story:
      // a verb codes only through one of its patterns.
      if (trace) trace->push_back("verb " + verb.lemma + ": uncased text, no pattern, not coded");
      continue;
    }
    if (!matched) {
      code_src = &verb.code;
      cap = Capture{};
      cap.first_tok = u.begin;
      cap.last_tok = u.end;
      if (trace)
        trace->push_back("verb " + verb.lemma + ": no pattern, verb code " +
                         (verb.code.special == VerbCode::Special::kNone && !verb.code.code.empty()
                              ? verb.code.code
                              : std::string("none")));
    }
    if (cands.size() == n_cands) cands.emplace_back();
    Candidate& c = cands[n_cands];
    c.f.sources.clear();
    c.f.targets.clear();
    c.f.source_mention = c.f.target_mention = -1;
    c.has_event = c.is_subordinate = false;
    c.f.code = *code_src;
    VerbCode& code = c.f.code;  // the candidate's code, changed by the rules below
    bool nominal = u.nominal;
    if (nominal_cues_ && !nominal && q > 0) {
      // News rule: after a possessive, a number, a preposition, an ordinal
      // or a common attributive word, a verb form is a noun ("Russia's
      // fight", "the first stage", "in support of", "an apparent killing").
      const Token& prev = ps.tokens[vis[q - 1]];
      // The possessor of a nominalisation with OF is its doer: "Iran's
      // training of Iraqi armed forces" stays an event.
      const bool of_next = ve < vis.size() && ps.ids[vis[ve]] == fw.of;
      nominal = (prev.kind == TokenKind::kPossessive && !of_next) || prev.kind == TokenKind::kNumber ||
                IsNominalCue(prev.norm);
      // After an article and a demonym the verb form is a noun too ("a
      // Palestinian state", "the Israeli attack").
      if (!nominal && q >= 2 && ps.mention_of[vis[q - 1]] >= 0 &&
          IsAnyOf(ps.tokens[vis[q - 2]].norm, {"THE", "A", "AN"}) &&
          (EndsWithStr(prev.norm, "AN") || EndsWithStr(prev.norm, "ESE") || EndsWithStr(prev.norm, "ISH") ||
           EndsWithStr(prev.norm, "LI") || EndsWithStr(prev.norm, "NI") || EndsWithStr(prev.norm, "QI") ||
           EndsWithStr(prev.norm, "CH")))
        nominal = true;
      // A lower-case verb form right after an unknown lower-case word is
      // the head of a compound noun ("the cocaine trade", "his
      // disengagement plan", "membership talks"); a hyphen joins the same
      // way ("six-party talks"). Adverbs and function words do not count.
      if (!nominal && !ps.title_case && !ps.tokens[u.begin].capitalized && !EndsWithStr(ps.tokens[u.begin].norm, "ED") &&
          !EndsWithStr(ps.tokens[u.begin].norm, "ING") &&
          !IsAnyOf(prev.norm, {"WEEK", "MONTH", "YEAR", "NIGHT", "MORNING", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY",
                               "FRIDAY", "SATURDAY", "SUNDAY"})) {
        const int up = ps.unit_of[vis[q - 1]];
        const bool unknown = prev.kind == TokenKind::kWord && !prev.capitalized &&
                             (up < 0 || ps.units[static_cast<size_t>(up)].tag == Tag::kNone) &&
                             !dict_->IsPhraseStop(ps.ids[vis[q - 1]]) &&
                             !EndsWithStr(prev.norm, "LY") && !EndsWithStr(prev.norm, "ED") &&
                             !IsAnyOf(prev.norm, {"ALSO", "THEN", "LATER", "ALREADY", "STILL", "JUST", "NOW", "EVER",
                                                  "OFTEN", "SOON", "AGAIN", "NEVER", "ONCE", "EVEN", "YET", "WHO",
                                                  "WHICH", "THAT", "HAS", "HAVE", "HAD", "WILL", "WOULD", "CAN",
                                                  "COULD", "MAY", "MIGHT", "SHOULD", "MUST", "DID", "DO", "DOES",
                                                  "TO", "NOT", "AND", "OR", "BUT", "THEY", "WE", "HE", "SHE", "IT",
                                                  "I", "YOU", "JOINTLY", "TODAY", "YESTERDAY", "TONIGHT"});
        // (Never a verb of speech: "An Iraqi security official said ...".)
        if ((unknown || ps.tokens[u.begin].hyphen_before) &&
            !IsAnyOf(verb.lemma, {"SAY", "TELL", "ANNOUNCE", "CLAIM", "ADD", "INSIST", "WARN", "REPORT"}))
          nominal = true;
      }
      // After an article and a plain modifier the base or -ING form is a
      // noun ("the unrelated arrest of a man", "a roadside bombing").
      if (!nominal && main_verbs_ && q >= 2 && IsAnyOf(ps.tokens[vis[q - 2]].norm, {"THE", "A", "AN"}) &&
          prev.kind == TokenKind::kWord && !prev.capitalized && !EndsWithStr(prev.norm, "LY") &&
          ps.mention_of[vis[q - 1]] < 0 && !dict_->IsPhraseStop(ps.ids[vis[q - 1]]) &&
          !EndsWithStr(ps.tokens[u.begin].norm, "ED") && !EndsWithStr(ps.tokens[u.begin].norm, "S")) {
        const int up = ps.unit_of[vis[q - 1]];
        // An -ING form with an object after it is a participle ("a
        // declaration demanding that ..."): a noun only before a
        // preposition or punctuation ("a roadside bombing in ...").
        bool noun_place = true;
        if (EndsWithStr(ps.tokens[u.begin].norm, "ING") && ve < vis.size()) {
          const Token& nx = ps.tokens[vis[ve]];
          noun_place = nx.kind != TokenKind::kWord ||
                       IsAnyOf(nx.norm, {"OF", "IN", "AT", "ON", "NEAR", "BY", "FROM", "OUTSIDE", "INSIDE", "DURING",
                                         "AND", "OR", "WAS", "WERE", "IS", "ARE", "HAS", "HAD", "KILLED", "WOUNDED"});
        }
        if (noun_place && (up < 0 || ps.units[static_cast<size_t>(up)].tag == Tag::kNone)) nominal = true;
      }
      // An infinitive after a noun ("a plot to kidnap him", "pressure from
      // authorities to return") is no act by itself: it codes only through
      // a pattern that names a word before it.
      if (!nominal && irrealis_pattern_only_) {
        uint32_t b = q;
        while (b > 0 && b + 2 > q && EndsWithStr(ps.tokens[vis[b - 1]].norm, "LY")) --b;
        // Only after a noun: "decided to allow", "is to visit", "agreed to
        // return" still code; "a plot to kidnap", "efforts to end" do not.
        if (b > 1 && ps.tokens[vis[b - 1]].norm == "TO") {
          const uint32_t h = vis[b - 2];
          const int uh = ps.unit_of[h];
          const std::string& hw = ps.tokens[h].norm;
          // A head after an article or a possessive is a noun ("his army's
          // request to scale back").
          const bool noun_head = b > 2 && (ps.tokens[vis[b - 3]].kind == TokenKind::kPossessive ||
                                           IsAnyOf(ps.tokens[vis[b - 3]].norm, {"THE", "A", "AN", "ITS", "HIS", "THEIR", "HER"}));
          const bool verbal = (uh >= 0 && ps.units[static_cast<size_t>(uh)].tag == Tag::kVerb &&
                               !ps.units[static_cast<size_t>(uh)].nominal && !noun_head) ||
                              EndsWithStr(hw, "ED") || EndsWithStr(hw, "ING") ||
                              IsAnyOf(hw, {"AS", "IS", "ARE", "WAS", "WERE", "BE", "BEEN", "READY", "WILLING", "PREPARED",
                                           "ABLE", "DUE", "SET", "WANT", "WANTS", "TRY", "TRIES", "HAS",
                                           "HAVE", "HAD", "VOW", "VOWS", "PLANS", "AGREE", "AGREES",
                                           "DECIDE", "DECIDES", "MOVE", "MOVES", "WENT", "CAME", "OFFER",
                                           "OFFERS", "PROMISE", "PROMISES", "PLEDGE", "PLEDGES", "THREATEN",
                                           "THREATENS", "REFUSE", "REFUSES", "NEED", "NEEDS", "ORDER", "ORDERS",
                                           "URGE", "URGES", "ASK", "ASKS", "FAIL", "FAILS", "HOPE", "HOPES",
                                           "INTEND", "INTENDS", "EXPECT", "EXPECTS", "ALLOWED"});
          // "Blair urged to launch ...": a request made to the subject, not
          // its act; "sought to quell": an attempt.
          const bool requested = IsAnyOf(hw, {"URGED", "ASKED", "FORCED", "ORDERED", "TOLD", "PRESSED", "PRESSURED",
                                              "INVITED", "CALLED", "ENCOURAGED", "REQUESTED", "SEEK", "SEEKS",
                                              "SEEKING", "SOUGHT"});
          nominal = !verbal || requested;
        }
      }
      // "said", "says", "told" are never nouns ("An Iraqi security official
      // said gunmen abducted ...").
      if (nominal && main_verbs_ && IsAnyOf(ps.tokens[u.begin].norm, {"SAID", "SAYS", "TOLD", "TELLS"})) nominal = false;
      if (nominal && trace) trace->push_back("verb " + verb.lemma + ": read as a noun after '" + prev.norm + "'");
    }
    if (nominal && !(matched && cap.first_tok < u.begin)) continue;  // "the visit" needs its pattern
    // News rule: a participle opening a clause joined to a passive ("was
    // brutally beaten and executed", "was struck and killed Sunday by a
    // train") is passive too: its subject is the victim, not coded.
    if (main_verbs_ && q == 0 && cb >= 3 && IsParticiple(ps.tokens[t].norm) && IsParticiple(ps.tokens[cb - 2].norm)) {
      bool aux = false;
      for (uint32_t k = cb - 2; k-- > 0 && k + 5 > cb;)
        aux |= IsAnyOf(ps.tokens[k].norm, {"WAS", "WERE", "BEEN", "IS", "ARE", "BE", "BEING"});
      if (aux) {
        if (trace) trace->push_back("verb " + verb.lemma + ": a passive joined to a passive, not coded");
        continue;
      }
    }
    // News rule: a verb opening a clause joined by AND to a purpose
    // infinitive ("launched an offensive to retake a police station and end a
    // siege") is that infinitive's second half, not an act of its own.
    if (main_verbs_ && q == 0 && cb >= 3 && ps.ids[cb - 1] == fw.and_) {
      bool purpose = false;
      for (uint32_t k = cb - 1; k-- > 0 && k + 9 > cb && !purpose;) {
        const Token& tk = ps.tokens[k];
        if (tk.kind != TokenKind::kWord && tk.kind != TokenKind::kNumber && tk.kind != TokenKind::kPossessive) break;
        if (tk.norm == "TO" && k + 1 < cb) {
          const int uk = ps.unit_of[k + 1];
          purpose = uk >= 0 && ps.units[static_cast<size_t>(uk)].tag == Tag::kVerb && k >= 1 &&
                    ps.unit_of[k - 1] >= 0 && ps.units[static_cast<size_t>(ps.unit_of[k - 1])].tag != Tag::kVerb;
        }
      }
      if (purpose) {
        if (trace) trace->push_back("verb " + verb.lemma + ": the second half of a purpose infinitive, not coded");
        continue;
      }
    }
    // News rule: only a clause's main verb codes. A verb after another verb
    // of its clause ("accused of plotting a coup ... deny breaching",
    // "sanctioned Bosnian Serbs for failing to arrest and hand over") is
    // that verb's complement or a detail, not an event of its own, unless
    // the earlier verb reports speech ("said he had requested"), the two
    // share their subject through TO ("agreed to release", "went so far as
    // to ask"), it is a participle after a comma ("..., killing eight"), or
    // the earlier verb sat in a fronted clause closed by a comma ("While
    // apologizing for the war, Duleimi put ...") or in a relative clause
    // ("The Gurkhas who have served in the British Army have won ...").
    if (main_verbs_ && code.special != VerbCode::Special::kNull) {
      bool blocked = false;
      if (governor >= 0 && !(matched && cap.first_tok <= vis[static_cast<size_t>(governor)])) {
        bool free = false;
        bool comma_between = false, mention_between = false;
        for (uint32_t b = static_cast<uint32_t>(governor) + 1; b < q; ++b) {
          comma_between |= ps.tokens[vis[b]].kind == TokenKind::kComma;
          mention_between |= ps.mention_at[vis[b]] >= 0;
        }
        if (governor_fronted && comma_between) free = true;
        // A subordinate clause of its own ("... resigned Friday, a day after
        // the U.S. government sanctioned ...", "eases curfew after rounding
        // up dissidents") and what a document says ("issued a declaration
        // demanding that ...") are not the governor's complement.
        for (uint32_t k = static_cast<uint32_t>(governor) + 1; k < q && !free; ++k)
          free = IsAnyOf(ps.tokens[vis[k]].norm, {"AS", "WHILE", "WHEN", "AFTER", "BEFORE", "BECAUSE", "SINCE",
                                                  "ALTHOUGH", "THOUGH", "WHEREAS", "UNTIL"});
        if (q > 0 && EndsWithStr(ps.tokens[t].norm, "ING") && governor_issues &&
            IsAnyOf(ps.tokens[vis[q - 1]].norm, {"DECLARATION", "STATEMENT", "RESOLUTION", "LETTER", "COMMUNIQUE",
                                                 "MESSAGE", "VIDEO", "VIDEOTAPE", "TAPE", "DECREE", "ORDER", "MOTION",
                                                 "BILL", "REPORT", "NOTE", "ULTIMATUM"}))
          free = true;
        uint32_t b = q;
        while (b > 0 && EndsWithStr(ps.tokens[vis[b - 1]].norm, "LY")) --b;
        if (b > 0 && ps.tokens[vis[b - 1]].norm == "TO" && !mention_between) free = true;
        if (q > 0 && ps.tokens[vis[q - 1]].kind == TokenKind::kComma && EndsWithStr(ps.tokens[t].norm, "ING"))
          free = true;
        blocked = !free;
      }
      // This verb governs what follows, unless it reports speech or sits in
      // a relative clause.
      bool relative = false, fronted = false;
      uint32_t b = q;
      while (b > 0) {
        const Token& tb = ps.tokens[vis[b - 1]];
        if (tb.kind == TokenKind::kComma) break;
        if (IsAnyOf(tb.norm, {"WHO", "WHICH", "WHOSE", "WHOM", "WHERE", "THAT"})) {
          relative = true;
          break;
        }
        --b;
      }
      // A relative clause whose subject is the pronoun ("clerics who molest
      // young people", "individuals who supposedly bankrolled a coup") says
      // what some unnamed people do or did: coded only when the pronoun
      // follows a named actor ("rebels who accused Khartoum"), and never
      // what they allegedly did.
      if (relative && !blocked && b >= 1 && IsAnyOf(ps.tokens[vis[b - 1]].norm, {"WHO", "WHICH", "THAT"})) {
        bool subject_relative = true, alleged = false;
        for (uint32_t k = b; k < q && subject_relative; ++k) {
          const std::string& w = ps.tokens[vis[k]].norm;
          alleged |= IsAnyOf(w, {"ALLEGEDLY", "SUPPOSEDLY", "PURPORTEDLY"});
          subject_relative = EndsWithStr(w, "LY") || IsAnyOf(w, {"HAS", "HAVE", "HAD", "WAS", "WERE", "IS", "ARE",
                                                                  "WILL", "WOULD", "ALSO", "THEN", "ONCE", "NOW"});
        }
        if (subject_relative) {
          const int am = b >= 2 ? ps.mention_of[vis[b - 2]] : -1;
          // What someone habitually does ("clerics who molest young people",
          // "Saudi nationals who provide money"): the simple present of a
          // relative clause right after its pronoun.
          const std::string& vf = ps.tokens[t].norm;
          const std::string base = verb.lemma.substr(0, verb.lemma.find(' '));
          const bool present_tense = vf == base || vf == base + "S" || vf == base + "ES" ||
                               (EndsWithStr(base, "Y") && vf == base.substr(0, base.size() - 1) + "IES");
          const bool habitual = b == q && present_tense;
          if (alleged || habitual || am < 0 || ps.mentions[static_cast<size_t>(am)].agent_only) {
            if (trace) trace->push_back("verb " + verb.lemma + ": in a relative clause about an unnamed or alleged doer");
            blocked = true;
          }
        }
      }
      // The stretch before this verb opens with a subordinator, or the verb
      // opens it ("Speaking to reporters, ...").
      if (!relative)
        fronted = b == q || IsAnyOf(ps.tokens[vis[b]].norm, {"WHILE", "AFTER", "BEFORE", "WHEN", "AS", "SINCE",
                                                           "ALTHOUGH", "THOUGH", "IF", "DESPITE", "UNLESS",
                                                           "ONCE", "BECAUSE", "UPON", "ON", "IN", "AMID", "WITH"});
      const bool speech = IsAnyOf(verb.lemma, {"SAY", "TELL", "ANNOUNCE", "REPORT", "STATE", "ADD", "CLAIM", "INSIST",
                                               "CONTEND", "ALLEGE", "COMPLAIN", "ASSURE",
                                               "CONFIRM", "DECLARE", "BELIEVE", "THINK", "NOTE", "WRITE", "EXPLAIN",
                                               "ARGUE", "ADMIT", "ACKNOWLEDGE", "REVEAL", "DISCLOSE", "ASSERT",
                                               "SUGGEST", "INDICATE", "MENTION", "STRESS", "EMPHASIZE", "EMPHASISE"});
      // A participle used as an adjective ("Iraq's most feared terrorist
      // group", "the deposed Taliban government") governs nothing.
      const bool adjectival = q > 0 && (ps.tokens[vis[q - 1]].kind == TokenKind::kPossessive ||
                                        IsAnyOf(ps.tokens[vis[q - 1]].norm, {"THE", "A", "AN", "MOST", "MORE", "LESS",
                                                                             "ITS", "HIS", "HER", "THEIR", "OUR",
                                                                             "NEWLY", "RECENTLY", "ONCE"}) ||
                                        // "a roadside bombing", "the suicide attack"
                                        (q >= 2 && IsAnyOf(ps.tokens[vis[q - 2]].norm, {"THE", "A", "AN"}) &&
                                         ps.tokens[vis[q - 1]].kind == TokenKind::kWord &&
                                         (ps.unit_of[vis[q - 1]] < 0 ||
                                          ps.units[static_cast<size_t>(ps.unit_of[vis[q - 1]])].tag == Tag::kNone)));
      // Nor does a noun ("a roadside bombing ... killed"), nor a passive ("have
      // been killed in a suicide car bombing"): what follows is its cause or
      // circumstance.
      bool passive_form = false;
      for (uint32_t back = 1; back <= 2 && back <= q; ++back)
        passive_form |= IsAnyOf(ps.tokens[vis[q - back]].norm, {"WAS", "WERE", "BEEN", "BEING", "IS", "ARE", "BE"});
      // Nor does a participle describing the noun before it ("Militants
      // holding three UN workers said ...").
      bool describes_noun = false;
      if (q > 0 && EndsWithStr(ps.tokens[t].norm, "ING")) {
        const uint32_t pt = vis[q - 1];
        const int up = ps.unit_of[pt];
        describes_noun = ps.tokens[pt].kind == TokenKind::kWord && ps.tokens[pt].norm.size() >= 3 &&
                         ((up >= 0 && ps.units[static_cast<size_t>(up)].tag == Tag::kAgent) ||
                          (ps.mention_of[pt] < 0 && (up < 0 || ps.units[static_cast<size_t>(up)].tag == Tag::kNone) &&
                           !dict_->IsPhraseStop(ps.ids[pt]) && !EndsWithStr(ps.tokens[pt].norm, "LY") &&
                           !IsAnyOf(ps.tokens[pt].norm, {"WAS", "WERE", "ARE", "BEEN", "BEING", "HAVE", "HAS",
                                                         "HAD", "WILL", "WOULD", "NOT", "ALSO", "STILL", "KEEP",
                                                         "KEEPS", "KEPT", "BEGAN", "STARTED", "STOPPED", "CONTINUE",
                                                         "CONTINUED", "CONTINUES", "THEY", "HE", "SHE", "IT", "WE"})));
      }
      if (speech) {
        governor = -1;
        if (!blocked) speech_end = u.end;
      } else if (adjectival || nominal || passive_form || describes_noun) {
      } else if (!relative && !blocked) {
        governor = static_cast<int>(q);
        governor_fronted = fronted;
        governor_issues = IsAnyOf(verb.lemma, {"ISSUE", "RELEASE", "ADOPT", "PASS", "PUBLISH", "SEND", "PUT OUT",
                                               "BROADCAST", "DELIVER", "PRESENT", "SUBMIT", "AIR", "POST"});
      }
      if (blocked) {
        if (trace) trace->push_back("verb " + verb.lemma + ": not the clause's main verb, not coded");
        continue;
      }
    }
    if (matched && cap.last_tok > cap.first_tok + (u.end - u.begin)) extents.emplace_back(cap.first_tok, cap.last_tok);
    if (code.special == VerbCode::Special::kDiscard) {
      ps.discard = true;
      return {};
    }
    if (code.special == VerbCode::Special::kComplex) {
      if (complex_enabled_) {
        ps.complex = true;
        return {};
      }
      continue;
    }
    if (code.special == VerbCode::Special::kNull || code.code.empty() || code.code == "---") continue;
    // News rule: what someone should, could, may or might do has not
    // happened ("Sudan should grant more autonomy", "Iran may resume
    // enrichment"): not coded unless the matched pattern covers the modal.
    if (nominal_cues_) {
      bool modal = false;
      uint32_t modal_tok = 0;
      for (uint32_t back = 1; back <= 3 && back <= q; ++back) {
        const Token& tb = ps.tokens[vis[q - back]];
        if (IsAnyOf(tb.norm, {"SHOULD", "COULD", "MAY", "MIGHT"}) ||
            (main_verbs_ && IsAnyOf(tb.norm, {"CAN", "CANNOT"})) ||
            (tb.norm == "TO" && back == 1 && q >= 2 &&
             IsAnyOf(ps.tokens[vis[q - 2]].norm, {"LIKELY", "UNLIKELY", "HAVE", "HAS", "NEED", "NEEDS"}))) {
          modal = true;
          modal_tok = vis[q - back];
          break;
        }
        if (!(EndsWithStr(tb.norm, "LY") || IsAnyOf(tb.norm, {"NOT", "N'T", "ALSO", "STILL", "SOON", "BE", "HAVE", "EVEN"})))
          break;
      }
      if (modal && !(matched && cap.first_tok <= modal_tok)) {
        if (trace) trace->push_back("verb " + verb.lemma + ": after a modal, not coded");
        continue;
      }
    }
    // News rule: "willing / ready / prepared to" + a cooperative act is
    // the intent to do it (CAMEO 03): "is willing to withdraw its troops"
    // 0356, "ready to resume talks" 036.
    if (nominal_cues_ && q >= 2 && ps.tokens[vis[q - 1]].norm == "TO" &&
        IsAnyOf(ps.tokens[vis[q - 2]].norm, {"WILLING", "READY", "PREPARED"}) && code.code.size() >= 3 &&
        code.code[0] == '0' && code.code[1] >= '4' && code.code[1] <= '8') {
      static const char* kIntent[] = {"036", "032", "031", "033", "035"};  // roots 04..08
      std::string intent = kIntent[code.code[1] - '4'];
      if (code.code.compare(0, 3, "087") == 0) intent = "0356";
      if (trace) trace->push_back("verb " + verb.lemma + ": " + code.code + " after '" + ps.tokens[vis[q - 2]].norm + " TO' is intent " + intent);
      code.code = intent;
      code.paired.clear();
    }
    // News rule: a stated future act has not happened ("will visit", "is
    // to meet", "is set to sign", "plans to withdraw", "visits next week"):
    // for roots 04-08 it is the intent (CAMEO 03); a planned material act
    // (09, 14-20) is not coded; saying what one will demand, reject or
    // threaten (01, 02, 10-13) is itself the statement and stays. Not when
    // the matched pattern covers the auxiliary.
    // Before a plan turns a visit into intent; only its first three
    // characters are compared.
    char unplanned_buf[3] = {};
    const size_t unplanned_len = std::min<size_t>(code.code.size(), 3);
    std::memcpy(unplanned_buf, code.code.data(), unplanned_len);
    const std::string_view unplanned_code(unplanned_buf, unplanned_len);
    if (planned_acts_ && code.code.size() >= 3) {
      int64_t aux_tok = -1;
      for (uint32_t back = 1; back <= 4 && back <= q; ++back) {
        const uint32_t tb = vis[q - back];
        const std::string& w = ps.tokens[tb].norm;
        if (IsAnyOf(w, {"WILL", "'LL", "WOULD", "SHALL"})) {
          aux_tok = tb;
          break;
        }
        if (w == "TO" && back == 1 && q >= 2) {
          const std::string& w2 = ps.tokens[vis[q - 2]].norm;
          const std::string w3 = q >= 3 ? ps.tokens[vis[q - 3]].norm : std::string();
          const bool be3 = IsAnyOf(w3, {"IS", "ARE", "WAS", "WERE", "AM", "BE", "'S", "'RE"});
          if (IsAnyOf(w2, {"IS", "ARE", "WAS", "WERE", "AM"}) ||
              IsAnyOf(w2, {"PLAN", "PLANS", "PLANNED", "PLANNING", "SCHEDULED"}) ||
              (IsAnyOf(w2, {"SET", "EXPECTED", "DUE"}) && be3)) {
            aux_tok = vis[q - 2];
          }
          break;
        }
        if (!(EndsWithStr(w, "LY") || IsAnyOf(w, {"NOT", "N'T", "ALSO", "STILL", "SOON", "BE", "HAVE", "EVEN", "NOW",
                                                   "THEN", "LATER", "FIRST"})))
          break;
      }
      // A headline "X to V" is X's plan ("Sharon to Hold Tense Meeting With
      // Settlers", "British Minister to Visit North Korea").
      if (aux_tok < 0 && main_verbs_ && ps.title_case)
        for (uint32_t back = 1; back <= 4 && back < q; ++back) {
          const uint32_t tb = vis[q - back];
          if (ps.tokens[tb].norm == "TO") {
            if (ps.mention_of[vis[q - back - 1]] >= 0) aux_tok = tb;
            break;
          }
          if (ps.tokens[tb].kind != TokenKind::kWord) break;
        }
      // "visits next week", "meets tomorrow": a present verb with a future time.
      if (aux_tok < 0 && !EndsWithStr(ps.tokens[u.begin].norm, "ED")) {
        // (up to five words on: "visits neighboring Canada next week")
        for (uint32_t f = ve; f < ve + (main_verbs_ ? 5 : 2) && f < vis.size(); ++f) {
          if (ps.tokens[vis[f]].kind != TokenKind::kWord && ps.tokens[vis[f]].kind != TokenKind::kNumber) break;
          const std::string& w = ps.tokens[vis[f]].norm;
          if (w == "TOMORROW" || (w == "NEXT" && f + 1 < vis.size() &&
                                  IsAnyOf(ps.tokens[vis[f + 1]].norm,
                                          {"WEEK", "MONTH", "YEAR", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY",
                                           "FRIDAY", "SATURDAY", "SUNDAY", "WEEKEND"}))) {
            aux_tok = vis[f];
            break;
          }
        }
      }
      if (aux_tok >= 0 && !(matched && cap.first_tok <= static_cast<uint32_t>(aux_tok) &&
                            static_cast<uint32_t>(aux_tok) <= cap.last_tok)) {
        const char r = code.code[1];
        if (code.code[0] == '0' && r >= '4' && r <= '8') {
          static const char* kIntent[] = {"036", "032", "031", "033", "035"};  // roots 04..08
          std::string intent = kIntent[r - '4'];
          if (code.code.compare(0, 3, "087") == 0) intent = "0356";
          if (trace) trace->push_back("verb " + verb.lemma + ": planned " + code.code + " is intent " + intent);
          code.code = intent;
          code.paired.clear();
        } else if ((code.code[0] == '0' && r == '9') || (code.code[0] == '1' && r >= '4') ||
                   // News rule (MAIN VERBS): what one will ask or protest
                   // ("Washington will ask NATO", "Japan will protest to
                   // China", "a report will blame") has not happened either.
                   (main_verbs_ && ((code.code[0] == '0' && r == '2') || (code.code[0] == '1' && r == '1')))) {
          // Force on a condition ("would kill one captive if they were not
          // met", "would attack rebels unless they were disarmed") is a
          // threat of force (138); any other planned investigation,
          // protest, sanction or use of force is no event.
          bool conditional = false;
          for (uint32_t f = ve; f < vis.size() && f < ve + 12 && code.code[0] == '1' && r >= '7'; ++f)
            conditional |= IsAnyOf(ps.tokens[vis[f]].norm, {"IF", "UNLESS"});
          if (!conditional) {
            if (trace) trace->push_back("verb " + verb.lemma + ": planned act, not coded");
            continue;
          }
          if (trace) trace->push_back("verb " + verb.lemma + ": planned " + code.code + " on a condition is threat 138");
          code.code = "138";
          code.paired.clear();
        }
      }
    }
    // A bare statement ("officials said", "he added") is no event between
    // two actors: with targeted statements, 01x codes only through a pattern.
    if (targeted_statements_ && !matched && IsStatementCode(code.code)) {
      if (trace) trace->push_back("verb " + verb.lemma + ": bare statement, not coded");
      continue;
    }
    // Negation: "did not agree", "never visited", unless the pattern itself
    // covers the negation ("- NOT * [112]").
    {
      bool negated = false;
      uint32_t neg_tok = 0;
      for (uint32_t back = 1; back <= 4 && back <= q; ++back) {
        const uint32_t t2 = vis[q - back];
        const uint32_t w = ps.ids[t2];
        if (ps.tokens[t2].kind == TokenKind::kNegation || w == fw.not_ || w == fw.never || w == fw.nt) {
          negated = true;
          neg_tok = t2;
          break;
        }
        const int u2 = ps.unit_of[t2];
        if (u2 >= 0 && ps.units[static_cast<size_t>(u2)].tag != Tag::kNone &&
            ps.units[static_cast<size_t>(u2)].tag != Tag::kNegation)
          break;  // an actor, verb or punctuation ends the auxiliary group
      }
      // "will not dismantle its nuclear programs or improve ties with South
      // Korea": the negation covers the verb after OR / NOR.
      if (!negated && main_verbs_ && q == 0 && cb >= 2 && (ps.ids[cb - 1] == fw.or_ || ps.ids[cb - 1] == fw.nor))
        for (uint32_t k = cb - 1; k-- > 0 && k + 10 > cb;) {
          const Token& tk = ps.tokens[k];
          if (tk.kind != TokenKind::kWord && tk.kind != TokenKind::kNegation && tk.kind != TokenKind::kNumber) break;
          if (tk.kind == TokenKind::kNegation || ps.ids[k] == fw.not_ || ps.ids[k] == fw.never || ps.ids[k] == fw.nt) {
            negated = true;
            neg_tok = k;
            break;
          }
        }
      if (negated && !(matched && cap.first_tok <= neg_tok)) {
        if (trace) trace->push_back("verb " + verb.lemma + ": negated, not coded");
        continue;
      }
    }
    // News rule: what happens only on a condition ("if Taliban militants
    // accept an amnesty", "unless Tokyo withdraws", "whether ...") has not
    // happened: a verb after IF, UNLESS or WHETHER in the same stretch of
    // words (no punctuation between) is not coded unless its pattern
    // covers the conjunction.
    if (clause_sources_) {
      bool conditional = false;
      for (uint32_t b = q; b-- > 0;) {
        const Token& tb = ps.tokens[vis[b]];
        if (tb.kind != TokenKind::kWord && tb.kind != TokenKind::kNumber && tb.kind != TokenKind::kPossessive) break;
        if (IsAnyOf(tb.norm, {"IF", "UNLESS", "WHETHER"})) {
          conditional = !(matched && cap.first_tok <= vis[b]);
          break;
        }
      }
      if (conditional) {
        if (trace) trace->push_back("verb " + verb.lemma + ": in a conditional clause, not coded");
        continue;
      }
    }
    // News rule: the content of a report, an allegation or a denial ("a
    // report that ElBaradei had collaborated with Iran", "denied that its
    // troops fired"), and what is done "without" or "failing to", is a
    // claim or a non-event, not an event: not coded unless the pattern
    // covers the word that introduces it.
    if (claims_) {
      const char* why = nullptr;
      for (uint32_t b = q; b-- > 0;) {
        const Token& tb = ps.tokens[vis[b]];
        if (tb.kind != TokenKind::kWord && tb.kind != TokenKind::kNumber && tb.kind != TokenKind::kPossessive) break;
        // "plotted to assassinate", "conspiring to bomb": a plot, not the act
        // (whatever pattern covers the words).
        if (tb.norm == "TO" && b + 1 == q && b > 0 &&
            IsAnyOf(ps.tokens[vis[b - 1]].norm, {"PLOT", "PLOTS", "PLOTTED", "PLOTTING", "CONSPIRE", "CONSPIRES",
                                                 "CONSPIRED", "CONSPIRING", "SCHEMED", "SCHEMING"})) {
          why = "a plot, not the act";
          break;
        }
        if (matched && cap.first_tok <= vis[b]) continue;
        if (tb.norm == "THAT" && b > 0 &&
            IsAnyOf(ps.tokens[vis[b - 1]].norm,
                    {"REPORT", "REPORTS", "ALLEGATION", "ALLEGATIONS", "SUGGESTION", "SUGGESTIONS", "CLAIM", "CLAIMS",
                     "RUMOUR", "RUMOURS", "RUMOR", "RUMORS", "SPECULATION", "FEAR", "FEARS", "ASSERTION",
                     "ASSERTIONS", "ACCUSATION", "ACCUSATIONS", "CHARGE", "CHARGES", "SUSPICION", "SUSPICIONS",
                     "IDEA", "NOTION", "THEORY", "ALLEGED", "DENIED", "DENIES", "DENY", "DENYING", "REFUTED",
                     "REJECTED", "DISMISSED", "DISPUTED", "CONCLUDING", "CONCLUDED", "CONCLUDES", "FINDING",
                     "SUSPECTED", "SUSPECTS", "BELIEVES", "BELIEVED", "THINKS", "FEARED", "ASSUMED"})) {
          why = "the content of a report or a denial";
          break;
        }
        if (IsAnyOf(tb.norm, {"WITHOUT", "FAILING"}) && b + 1 < q) {
          why = "not done (without, failing to)";
          break;
        }
        // "would consider co-ordinating", "avoided responding", "weighs
        // sending": the act is only considered, proposed or avoided.
        if (b + 1 == q && EndsWithStr(ps.tokens[t].norm, "ING") &&
            IsAnyOf(tb.norm, {"CONSIDER", "CONSIDERS", "CONSIDERED", "CONSIDERING", "CONTEMPLATE", "CONTEMPLATES",
                              "CONTEMPLATED", "CONTEMPLATING", "WEIGH", "WEIGHS", "WEIGHED", "WEIGHING", "DISCUSS",
                              "DISCUSSES", "DISCUSSED", "DISCUSSING", "DEBATE", "DEBATES", "DEBATED", "DEBATING",
                              "PROPOSE", "PROPOSES", "PROPOSED", "PROPOSING", "SUGGEST", "SUGGESTS", "SUGGESTED",
                              "RECOMMEND", "RECOMMENDS", "RECOMMENDED", "AVOID", "AVOIDS", "AVOIDED", "AVOIDING",
                              "RESIST", "RESISTS", "RESISTED", "OPPOSE", "OPPOSES", "OPPOSED", "REFRAIN", "STUDY",
                              "STUDIES", "STUDYING", "MULL", "MULLS", "MULLING", "RULED", "RULES"})) {
          why = "only considered, proposed or avoided";
          break;
        }
        // "to be allowed to apply": an aim, not an act.
        if (b + 1 == q && b >= 1 && tb.norm == "BE" && ps.tokens[vis[b - 1]].norm == "TO" &&
            IsParticiple(ps.tokens[t].norm)) {
          why = "an aim (to be ...)";
          break;
        }
        // "on the eve of a UN Security Council visit", "ahead of talks".
        if (tb.norm == "OF" && b >= 1 && IsAnyOf(ps.tokens[vis[b - 1]].norm, {"EVE", "AHEAD"})) {
          why = "not yet done (ahead of)";
          break;
        }
        // "says granting more autonomy to southern Sudan could help": a
        // gerund as the subject of what is said.
        if (b + 1 == q && EndsWithStr(ps.tokens[t].norm, "ING") &&
            IsAnyOf(tb.norm, {"SAID", "SAYS", "SAY", "ARGUED", "ARGUES", "BELIEVES", "BELIEVED", "THINKS"})) {
          why = "a gerund reported as an idea";
          break;
        }
        // "as demanded by an al Qaida ally", "as called for by the UN
        // Security Council": a reference to someone else's demand.
        if (b + 1 == q && tb.norm == "AS" && ve < vis.size() &&
            (ps.tokens[vis[ve]].norm == "BY" ||
             (ve + 1 < vis.size() && IsAnyOf(ps.tokens[vis[ve]].norm, {"FOR", "ON", "UPON"}) &&
              ps.tokens[vis[ve + 1]].norm == "BY"))) {
          why = "a reference (as ... by)";
          break;
        }
        // (A relative WHO / WHICH does not end the look-back: "a suggestion
        // that his government was lax in pursuing Saudi nationals who provide
        // money to Iraqi insurgents".)
        if (IsAnyOf(tb.norm, {"THAT", "IF", "UNLESS", "WHETHER", "WHILE", "WHEN", "AFTER", "BEFORE", "BECAUSE", "AS"}) ||
            (!main_verbs_ && IsAnyOf(tb.norm, {"WHO", "WHICH"})))
          break;
      }
      // ... also across AND ("for failing to arrest and hand over").
      if (!why && q == 0 && cb >= 2 && (ps.ids[cb - 1] == fw.and_ || ps.ids[cb - 1] == fw.or_))
        for (uint32_t k = cb - 1; k-- > 0 && k + 8 > cb;) {
          const Token& tk = ps.tokens[k];
          if (tk.kind != TokenKind::kWord) break;
          if (IsAnyOf(tk.norm, {"WITHOUT", "FAILING"})) {
            why = "not done (without, failing to)";
            break;
          }
        }
      if (why) {
        if (trace) trace->push_back("verb " + verb.lemma + ": " + why + ", not coded");
        continue;
      }
    }
    c.verb_tok = u.begin;
    c.ext_begin = cap.first_tok;
    c.ext_end = cap.last_tok;
    Found& f = c.f;
    // Evidence: the matched phrase, or the verb alone when the pattern's
    // words are spread over a long stretch.
    f.verb_begin = cap.first_tok;
    f.verb_end = cap.last_tok;
    if (f.verb_end - f.verb_begin > 8) {
      f.verb_begin = u.begin;
      f.verb_end = u.end;
    }
    const uint32_t verb_tok = u.begin;
    if (cap.compound >= 0) {
      // "% * ..." : the compound acts on itself; "* WITH %" after a subject:
      // the subject acts on the compound.
      bool before_verb = false;
      for (size_t i = 0; i < ps.mentions.size(); ++i)
        if (ps.mentions[i].group == cap.compound) {
          if (f.source_mention < 0) f.source_mention = static_cast<int>(i);
          f.target_mention = static_cast<int>(i);
          before_verb = ps.mentions[i].begin < verb_tok;
        }
      f.sources.Own(group_codes(cap.compound));
      f.targets = f.sources;
      if (!before_verb && cap.source < 0)
        for (int m : clause_mentions)
          if (ps.mentions[static_cast<size_t>(m)].end <= verb_tok && ps.mentions[static_cast<size_t>(m)].group != cap.compound) {
            f.sources = mention_codes(m);
            f.source_mention = m;
            break;
          }
    }
    if (cap.source >= 0) {
      f.sources = mention_codes(cap.source);
      f.source_mention = cap.source;
    }
    // News rule: a place named bare right before a noun modifies it
    // ("Sharon Seeks Wider Govt. to Save Gaza Pullout Plan", "resumes
    // Gaza pull-out debate", "the Iraq war"): the topic, not the target
    // of a statement, appeal, demand or rejection. Force, coercion and
    // protest (14, 15, 17-20) keep the place ("Massive Gaza Raid"), and a
    // person or place noun after it is still that country's ("US hostage",
    // "Gaza refugee camp").
    auto modifier = [&](int m) {
      if (!place_modifiers_ || code.code.size() < 2) return false;
      const char r0 = code.code[0], r1 = code.code[1];
      if (r0 == '1' && r1 >= '4' && r1 != '6') return false;
      if (r0 == '2') return false;
      const Mention& mm = ps.mentions[static_cast<size_t>(m)];
      if (mm.pronoun || mm.agent_only || mm.head_end >= ps.tokens.size() || mm.head_end <= mm.head_begin) return false;
      // Only a country or place (a bare country code), named by its name:
      // an organisation's plan or threat ("UN mediation") is its own, and a
      // demonym or adjective ("Russian proposal", "Iraqi debt", "US
      // efforts") names the country's act or property.
      for (const std::string& cd : mm.codes)
        if (cd.size() != 3) return false;
      {
        const std::string& hw = ps.tokens[mm.head_end - 1].norm;
        if (DemonymLike(hw)) return false;
      }
      for (uint32_t k = mm.begin; k < mm.end; ++k) {  // a role ("Gaza militants") makes it an actor
        const int ut = ps.unit_of[k];
        if (ut >= 0 && ps.units[static_cast<size_t>(ut)].tag == Tag::kAgent) return false;
      }
      const Token& nx = ps.tokens[mm.head_end];
      if (nx.kind != TokenKind::kWord || EndsWithStr(nx.norm, "LY")) return false;
      const int un = ps.unit_of[mm.head_end];
      const Tag tg = un < 0 ? Tag::kNone : ps.units[static_cast<size_t>(un)].tag;
      if (!(tg == Tag::kNone || tg == Tag::kNoun ||
            (tg == Tag::kVerb && (ps.units[static_cast<size_t>(un)].nominal ||
                                  (mm.head_end + 1 < ps.tokens.size() && ps.tokens[mm.head_end + 1].hyphen_before)))))
        return false;
      static const char* const kNotHeads[] = {
          // function words, time words and adverbs
          "IN", "ON", "AT", "TO", "FROM", "WITH", "BY", "FOR", "OF", "OVER", "UNDER", "AFTER", "BEFORE",
          "DURING", "SINCE", "UNTIL", "AGAINST", "INTO", "NEAR", "ACROSS", "AROUND", "THROUGH", "ABOUT",
          "AMID", "WITHOUT", "WITHIN", "BETWEEN", "AMONG", "TOWARD", "TOWARDS", "DESPITE", "AHEAD", "ALONG",
          "AND", "OR", "BUT", "NOR", "AS", "IF", "UNLESS", "WHILE", "WHEN", "WHERE", "WHICH", "WHO", "WHOM",
          "WHOSE", "THAT", "THAN", "BECAUSE", "ALTHOUGH", "THOUGH", "WHETHER", "SO", "YET", "THE", "A", "AN",
          "THIS", "THESE", "THOSE", "ITS", "HIS", "HER", "THEIR", "IT", "HE", "SHE", "THEY", "WE", "ALL",
          "BOTH", "EACH", "NOT", "IS", "ARE", "WAS", "WERE", "BE", "HAS", "HAVE", "HAD", "WILL", "WOULD",
          "CAN", "COULD", "SHOULD", "MAY", "MIGHT", "MUST", "DOES", "DID", "SAID", "SAYS", "SAY", "TODAY",
          "YESTERDAY", "TOMORROW", "TONIGHT", "LAST", "NEXT", "EARLY", "LATE", "EARLIER", "LATER", "NOW",
          "THEN", "AGAIN", "SOON", "ALSO", "TOO", "ALREADY", "STILL", "BACK", "HERE", "THERE", "TOGETHER",
          "ALONE", "INSTEAD", "OVERNIGHT", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
          "TEN", "DOZEN", "DOZENS", "HUNDRED", "HUNDREDS", "THOUSAND", "THOUSANDS", "SEVERAL", "MANY", "MOST", "MORE",
          "FEW", "OTHER", "OTHERS", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY",
          "SATURDAY", "SUNDAY", "JANUARY", "FEBRUARY", "MARCH", "APRIL", "JUNE", "JULY", "AUGUST", "SEPTEMBER",
          "OCTOBER", "NOVEMBER", "DECEMBER", "WEEK", "WEEKEND", "MONTH", "YEAR", "MORNING", "EVENING", "NIGHT", "QUOT", "AMP", "LT", "GT", "ONCE", "EVEN",
          // person and place nouns: the country's own people and places
          "HOSTAGE", "HOSTAGES", "CITIZEN", "CITIZENS", "NATIONAL", "NATIONALS", "MAN", "MEN", "WOMAN",
          "WOMEN", "WORKER", "WORKERS", "CAPTIVE", "CAPTIVES", "ENGINEER", "ENGINEERS", "TOURIST",
          "TOURISTS", "DRIVER", "DRIVERS", "FAMILY", "FAMILIES", "ALLY", "ALLIES", "CHILDREN", "PEOPLE",
          "RESIDENTS", "SETTLERS", "CAMP", "CAMPS", "CITY", "TOWN", "VILLAGE", "SUBURB", "BORDER", "BORDERS",
          "REGION", "PROVINCE", "AREA", "DISTRICT", "AIRSPACE", "WATERS", "CAPITAL", "STRIP", "EMBASSY",
          "CONSULATE", "HOME", "HOMES", "HOUSE", "HOUSES", "SETTLEMENT", "SETTLEMENTS", "COAST", "BASE",
          "PORT", "AIRPORT", "COUNTERPART", "COUNTERPARTS", "DELEGATION", "TEAM", "ENVOY", "ENVOYS",
          "AMBASSADOR", "LEADER", "LEADERS", "OFFICIAL", "OFFICIALS", "AUTHORITIES", "COMPANY", "COMPANIES",
          "FIRM", "FIRMS", "STATE", "ISLAND", "ISLANDS", "GOVERNMENT", "COMMISSION", "COMMITTEE", "COUNCIL",
          "MINISTRY", "AGENCY", "PARLIAMENT", "ASSEMBLY", "ARMY", "NAVY", "POLICE", "FORCE", "FORCES", "PARTY",
          "COURT", "BANK", "AUTHORITY", "GROUP", "GROUPS", "TROOPS", "SOLDIERS", "COMMANDERS", "MILITANTS",
          "REBELS", "FIGHTERS", "INSURGENTS", "VICTIMS"};
      for (const char* w : kNotHeads)
        if (nx.norm == w) return false;
      // A capitalised word after the place outside a headline is a name
      // ("the Kenya Anti-Corruption Commission", "West Darfur State").
      if (nx.capitalized) {
        size_t words = 0, caps = 0;
        for (const Token& tk : ps.tokens)
          if (tk.kind == TokenKind::kWord) {
            ++words;
            caps += tk.capitalized;
          }
        if (caps * 10 < words * 6) return false;
      }
      if (trace) trace->push_back("mention " + std::to_string(m) + ": a place modifying '" + nx.norm + "', not a target");
      return true;
    };
    if (cap.target >= 0 && !modifier(cap.target)) {
      f.targets = mention_codes(cap.target);
      f.target_mention = cap.target;
    }
    const bool designated = cap.source >= 0 || cap.target >= 0 || cap.compound >= 0;
    uint32_t target_limit = UINT32_MAX;  // targets are searched before this token
    // News rule: the target of an active verb is not inside a later
    // relative or adverbial clause ("seeking to quell a militant uprising
    // that U.S. officials ...", "... after the Cuban government threatened").
    if (clause_bound_targets_)
      for (uint32_t b = ve + 1; b < vis.size(); ++b) {
        if (IsAnyOf(ps.tokens[vis[b]].norm, {"WHO", "WHICH", "WHOSE", "WHOM", "AFTER", "BEFORE", "WHILE", "WHEN",
                                             "BECAUSE", "SINCE", "ALTHOUGH", "THOUGH", "WHEREAS"}) ||
            (main_verbs_ && ps.tokens[vis[b]].norm == "ONCE")) {
          target_limit = vis[b];
          break;
        }
        // "..., according to the official Associated Press of Pakistan"; a
        // gerund after a preposition ("calls for a referendum on leaving
        // Gaza") starts a phrase of its own.
        // (Not for claims and apologies: "claimed responsibility for
        // slaughtering members of the Iraqi security forces", "apologizes for
        // killing Egyptian officers".)
        const bool claim_or_apology = code.code.compare(0, 2, "01") == 0 || code.code.compare(0, 2, "05") == 0;
        if (main_verbs_ && (ps.tokens[vis[b]].norm == "ACCORDING" ||
                            (!claim_or_apology && EndsWithStr(ps.tokens[vis[b]].norm, "ING") && ps.unit_of[vis[b]] >= 0 &&
                             ps.units[static_cast<size_t>(ps.unit_of[vis[b]])].tag == Tag::kVerb &&
                             IsAnyOf(ps.tokens[vis[b - 1]].norm, {"ON", "FOR", "ABOUT", "OF", "AGAINST", "WITHOUT",
                                                                  "BY", "OVER", "FROM"})))) {
          target_limit = vis[b];
          break;
        }
        // A reduced relative clause after a noun ("vetoed an Arab-backed
        // resolution demanding an end to military operations in Gaza",
        // "calls for a channel backed by Hezbollah to be taken off air"):
        // what follows is its business, not this verb's target.
        if (actor_slots_) {
          const int ub = ps.unit_of[vis[b]];
          const std::string& w = ps.tokens[vis[b]].norm;
          const int up = ps.unit_of[vis[b - 1]];
          const bool after_noun = ps.tokens[vis[b - 1]].kind == TokenKind::kWord &&
                                  ((ps.mention_of[vis[b - 1]] < 0 &&
                                    (up < 0 || ps.units[static_cast<size_t>(up)].tag == Tag::kNone ||
                                     ps.units[static_cast<size_t>(up)].tag == Tag::kNoun) &&
                                    !dict_->IsPhraseStop(ps.ids[vis[b - 1]])) ||
                                   // "fired on troops trying to enter the DRC from Rwanda"
                                   (ps.mention_of[vis[b - 1]] >= 0 && up >= 0 &&
                                    ps.units[static_cast<size_t>(up)].tag == Tag::kAgent));
          if (ub >= 0 && ps.units[static_cast<size_t>(ub)].tag == Tag::kVerb &&
              ps.units[static_cast<size_t>(ub)].begin == vis[b] && after_noun && !ps.tokens[vis[b]].hyphen_before &&
              ((EndsWithStr(w, "ING") && !IsAnyOf(ps.tokens[vis[b - 1]].norm, {"BEGAN", "STARTED", "STOPPED", "KEPT"})) ||
               // "the release of two female aid workers seized in Baghdad"
               (EndsWithStr(w, "ED") && b + 1 < vis.size() &&
                (ps.tokens[vis[b + 1]].norm == "BY" ||
                 (IsAnyOf(ps.tokens[vis[b + 1]].norm, {"IN", "AT", "NEAR", "DURING", "LAST", "ON", "OUTSIDE"}) &&
                  !(b + 2 < vis.size() && ps.tokens[vis[b + 2]].norm == "BY")))))) {
            target_limit = vis[b];
            break;
          }
        }
        // "... as the foreign ministers of the two countries concluded their
        // talks": AS opening a clause with its own subject and verb.
        if (main_verbs_ && ps.tokens[vis[b]].norm == "AS" && b + 1 < vis.size() &&
            !IsAnyOf(ps.tokens[vis[b + 1]].norm, {"WELL", "PART", "MUCH", "MANY", "LONG", "SOON", "A", "AN"})) {
          bool clause = false;
          for (uint32_t k = b + 1; k < vis.size() && k < b + 8 && !clause; ++k) {
            const int uk = ps.unit_of[vis[k]];
            if (ps.tokens[vis[k]].kind != TokenKind::kWord && ps.tokens[vis[k]].kind != TokenKind::kPossessive) break;
            clause = k > b + 1 && uk >= 0 && ps.units[static_cast<size_t>(uk)].tag == Tag::kVerb &&
                     !ps.units[static_cast<size_t>(uk)].nominal && ps.units[static_cast<size_t>(uk)].begin == vis[k];
          }
          if (clause) {
            target_limit = vis[b];
            break;
          }
        }
        // A relative THAT after a plain noun ("inspects four northern
        // islands that are under territorial dispute with Russia"), not the
        // THAT of a report ("warned Tuesday that", "told reporters that").
        if (main_verbs_ && ps.tokens[vis[b]].norm == "THAT") {
          const uint32_t pt = vis[b - 1];
          const int up = ps.unit_of[pt];
          const Token& pw = ps.tokens[pt];
          if (pw.kind == TokenKind::kWord && ps.mention_of[pt] < 0 &&
              (up < 0 || ps.units[static_cast<size_t>(up)].tag == Tag::kNone ||
               ps.units[static_cast<size_t>(up)].tag == Tag::kNoun) &&
              !EndsWithStr(pw.norm, "LY") &&
              !IsAnyOf(pw.norm, {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY",
                                 "TODAY", "YESTERDAY", "WEEK", "MONTH", "YEAR", "NIGHT", "MORNING", "EVENING",
                                 "AGAIN", "ALSO", "NOW", "SO", "SUCH", "REPORTERS", "JOURNALISTS", "PARLIAMENT",
                                 "TELEVISION", "RADIO", "STATEMENT", "CONFERENCE", "INTERVIEW", "SAID", "SAYS",
                                 "SAY", "WARNED", "WARNS", "INSISTED", "INSISTS", "ADDED", "BELIEVE", "BELIEVES",
                                 "EXPECT", "EXPECTS", "HOPE", "HOPES", "FEAR", "FEARS", "CONFIRMED"})) {
            target_limit = vis[b];
            break;
          }
        }
      }
    // Passive voice: WAS/WERE/BEEN (+ adverb) before the verb and BY after it
    // (an adverb may intervene: "was opposed earlier by").
    bool passive = false;
    bool agentless_force = false;
    int by_mention = -1;
    // News rule: a pattern that designates only a target ("- * + [190]")
    // leaves the voice to be decided as for a bare verb ("bin Laden's
    // chauffeur was officially charged Tuesday", "Turkish hostages freed in
    // Iraq").
    if (!designated || (news_passives_ && cap.source < 0 && cap.compound < 0 && cap.first_tok >= u.begin)) {
      bool aux = false;
      for (uint32_t back = 1; back <= 3 && back <= q; ++back) {
        const uint32_t w = ps.ids[vis[q - back]];
        if (w == fw.was || w == fw.were || w == fw.been || w == fw.is || w == fw.are || w == fw.be ||
            w == fw.being) {
          aux = true;
          break;
        }
      }
      // An agentless passive of force ("a soldier was killed", "he has been
      // charged"): the subject is the victim and the doer is unknown.
      const int root = code.code.size() >= 2 ? (code.code[0] - '0') * 10 + (code.code[1] - '0') : 0;
      bool aux_next = false;  // the auxiliary right before the verb (an -ly adverb may intervene)
      for (uint32_t back = 1; back <= 2 && back <= q; ++back) {
        const uint32_t t2 = vis[q - back];
        const uint32_t w = ps.ids[t2];
        if (w == fw.was || w == fw.were || w == fw.been || w == fw.is || w == fw.are || w == fw.be || w == fw.being) {
          aux_next = true;
          break;
        }
        const std::string& nm = ps.tokens[t2].norm;
        if (!EndsWithStr(nm, "LY")) break;
      }
      agentless_force = aux_next && root >= 13 && root <= 20 &&
                        !(news_passives_ && EndsWithStr(ps.tokens[u.begin].norm, "ING"));  // "has been holding
      // A reduced passive right after its subject: "a general accused of
      // organising the siege", "soldiers charged with abuse" (accusations
      // and coercion followed by OF / WITH / FOR): the subject is the one
      // accused, the accuser unknown.
      if (!aux && (root == 11 || root == 12 || root == 17) && q > 0 && ps.mention_of[vis[q - 1]] >= 0 &&
          ve < vis.size()) {
        const std::string& form = ps.tokens[vis[ve - 1]].norm;
        const uint32_t next = ps.ids[vis[ve]];
        if (form.size() > 2 && form[form.size() - 2] == 'E' && form[form.size() - 1] == 'D' &&
            (next == fw.of || next == fw.with || next == fw.for_))
          agentless_force = true;
      }
      // News rules: every agentless passive ("was freed", "were accused
      // Thursday of") has its victim as subject; and a participle right
      // after its subject that takes no object is a reduced passive
      // ("British tourists killed in Jordan bus crash", "Policeman Shot
      // Dead", "Blair urged to launch ...").
      bool reduced = false;
      if (news_passives_) {
        const std::string& form = ps.tokens[u.begin].norm;
        // "is committed to", "is prepared to": an adjective, not a passive
        // (but "was urged to", "were forced to" are).
        const bool adjectival = ve < vis.size() && ps.tokens[vis[ve]].norm == "TO" && root != 2 && root < 10;
        if (aux_next && !EndsWithStr(form, "ING") && !adjectival) agentless_force = true;
        const bool intransitive = IsAnyOf(verb.lemma, {"FIGHT", "CLASH", "BATTLE", "PROTEST", "RIOT", "STRIKE",
                                                       "MARCH", "RALLY", "DEMONSTRATE", "REBEL", "MUTINY",
                                                       "SURRENDER", "RETREAT", "WITHDRAW", "RESIGN", "DEFECT"});
        if (!aux && !agentless_force && !intransitive && q > 0 && IsParticiple(form) &&
            ((root >= 11 && root <= 20 && root != 13 && root != 14) || root == 2 || root == 10 ||
             code.code.compare(0, 3, "084") == 0)) {
          // The subject right before (up to three unknown words between:
          // "Three Indian truck drivers held hostage").
          uint32_t b = q;
          int skipped = 0;
          while (b > 0 && ps.mention_of[vis[b - 1]] < 0 && skipped < 3) {
            const uint32_t tb = vis[b - 1];
            const int ub = ps.unit_of[tb];
            if (ps.tokens[tb].kind != TokenKind::kWord || (ub >= 0 && ps.units[static_cast<size_t>(ub)].tag != Tag::kNone) ||
                dict_->IsPhraseStop(ps.ids[tb]) || IsAnyOf(ps.tokens[tb].norm, {"WHO", "WHICH", "THAT", "HAS", "HAVE", "HAD"}))
              break;
            --b;
            ++skipped;
          }
          // News text: a noun right before is enough ("several others
          // wounded in ..."); an auxiliary or a relative pronoun is not.
          // At the start of a clause ("... and four others wounded in
          // clashes") the unknown words are the subject too.
          if ((b > 0 && (ps.mention_of[vis[b - 1]] >= 0 || (skipped > 0 && b < q))) ||
              (main_verbs_ && b == 0 && skipped > 0 && cb > 0)) {
            // Time words after the participle ("wounded last week", "killed
            // Monday in") are skipped: what follows them decides.
            uint32_t nv = ve;
            while (nv < vis.size() &&
                   (IsAnyOf(ps.tokens[vis[nv]].norm, {"LAST", "WEEK", "NIGHT", "MONTH", "YESTERDAY", "OVERNIGHT", "TODAY",
                                                      "EARLIER", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY",
                                                      "SATURDAY", "SUNDAY"}) ||
                    (main_verbs_ && EndsWithStr(ps.tokens[vis[nv]].norm, "LY"))))
              ++nv;
            // "... abducted nearly three weeks ago in Afghanistan"
            if (main_verbs_)
              for (uint32_t k = nv; k < vis.size() && k < nv + 5; ++k) {
                if (ps.mention_at[vis[k]] >= 0) break;
                if (ps.tokens[vis[k]].norm == "AGO") {
                  nv = k + 1;
                  break;
                }
              }
            if (nv >= vis.size()) {
              reduced = true;
            } else {
              const Token& nx = ps.tokens[vis[nv]];
              reduced = nx.kind == TokenKind::kComma || nx.kind == TokenKind::kPeriod || nx.kind == TokenKind::kColon ||
                        nx.kind == TokenKind::kDash || nx.kind == TokenKind::kOpenParen ||
                        IsAnyOf(nx.norm, {"IN", "NEAR", "DURING", "AFTER", "WHEN", "WHILE", "AS", "DEAD", "HOSTAGE",
                                          "BY"}) ||
                        // headlines: "Israeli Officer Arrested Over Killing of Gaza Girl"
                        (main_verbs_ && ps.title_case && IsAnyOf(nx.norm, {"OVER", "FOR", "AMID", "ON", "AT"})) ||
                        (nx.norm == "TO" && (root == 2 || root == 10 || root == 17));
            }
          }
          if (reduced) agentless_force = true;
        }
      }
      // "Australia embraced by Malaysia at ASEAN summit": a participle right
      // before BY and an actor is passive whatever its code.
      if (main_verbs_ && !aux && !reduced && IsParticiple(ps.tokens[u.begin].norm) && ve + 1 < vis.size() &&
          ps.ids[vis[ve]] == fw.by && ps.mention_at[vis[ve + 1]] >= 0)
        reduced = true;
      uint32_t b = ve;
      while (aux && b < vis.size() && b < ve + 2 && ps.ids[vis[b]] != fw.by &&
             ps.units[static_cast<size_t>(ps.unit_of[vis[b]])].tag == Tag::kNone && ps.mention_at[vis[b]] < 0)
        ++b;
      if ((aux || reduced) && b < vis.size() && ps.ids[vis[b]] == fw.by && b + 1 < vis.size()) {
        const int m = ps.mention_at[vis[b + 1]];
        if (m >= 0 && !(require_dyad && ps.mentions[static_cast<size_t>(m)].agent_only)) {
          passive = true;
          by_mention = m;
        }
      }
    }
    if (agentless_force && !passive) {
      if (trace) trace->push_back("verb " + verb.lemma + ": passive without its doer, not coded");
      continue;
    }
    // A passive whose designated target is the doer after BY: the subject
    // is the target ("four men have been pardoned by Panama's president").
    if (passive && f.target_mention == by_mention) {
      f.targets.clear();
      f.target_mention = -1;
    }
    if (f.sources.empty()) {
      if (passive) {
        f.sources = mention_codes(by_mention);
        f.source_mention = by_mention;
      } else {
        // The first actor of the clause, or, when another verb stands
        // between it and this verb ("Iraq said Israel attacked Syria"), the
        // first actor after that verb.
        uint32_t from = cb;
        // News rule: a gerund after BY / UPON / WITHOUT / AFTER ... ("kicked
        // off a visit to Italy by calling on the world community", "will
        // protest after concluding that ...") has the clause's subject: the
        // first actor before the clause's first verb.
        bool gerund_subject = false;
        if (main_verbs_ && q > 0 && EndsWithStr(ps.tokens[t].norm, "ING") &&
            IsAnyOf(ps.tokens[vis[q - 1]].norm, {"BY", "UPON", "WITHOUT", "AFTER", "BEFORE", "WHILE", "WHEN", "SINCE"})) {
          uint32_t first_verb = verb_tok;
          for (uint32_t k = 0; k < q; ++k) {
            const int uk = ps.unit_of[vis[k]];
            if (uk >= 0 && ps.units[static_cast<size_t>(uk)].tag == Tag::kVerb && !ps.units[static_cast<size_t>(uk)].nominal) {
              first_verb = vis[k];
              break;
            }
          }
          for (int m : clause_mentions)
            if (ps.mentions[static_cast<size_t>(m)].end <= first_verb) {
              f.sources = mention_codes(m);
              f.source_mention = m;
              gerund_subject = true;
              break;
            }
        }
        // News rule: the source comes from the verb's own clause. After an
        // adverbial conjunction with its own subject right before the verb
        // ("shed few tears ... as mourners besieged an army base", "after
        // the worst flooding in a century killed"), an actor of the earlier
        // clause is not the source; an unknown subject leaves none.
        bool own_clause = false;
        if (clause_sources_ && cap.first_tok >= u.begin)
          for (uint32_t b = q; b-- > 0;) {
            const Token& tb = ps.tokens[vis[b]];
            if (tb.kind != TokenKind::kWord && tb.kind != TokenKind::kNumber && tb.kind != TokenKind::kPossessive) break;
            if (!IsAnyOf(tb.norm, {"AS", "WHILE", "WHEN", "AFTER", "BEFORE", "BECAUSE", "SINCE", "ALTHOUGH", "THOUGH",
                                   "WHEREAS", "WHERE", "UNTIL", "UNLESS"}))
              continue;
            // A subject between the conjunction and the verb: not "after
            // meeting Bush", "as well as", nor an infinitive ("went so far
            // as to ask Baghdad"); one word at least.
            if (b + 1 < q && !EndsWithStr(ps.tokens[vis[b + 1]].norm, "ING") &&
                !IsAnyOf(ps.tokens[vis[b + 1]].norm, {"WELL", "SOON", "LONG", "MUCH", "MANY", "PART", "TO"}) &&
                !(b > 0 && IsAnyOf(ps.tokens[vis[b - 1]].norm, {"SUCH", "SO", "AS", "EVEN", "JUST"}) && tb.norm == "AS")) {
              own_clause = true;
              from = vis[b + 1];
              // Inside a relative clause ("a man who died after a violent
              // confrontation with police has demanded"), the conjunction
              // belongs to the relative clause, not to this verb.
              for (uint32_t r = b; r-- > 0;) {
                const Token& tr = ps.tokens[vis[r]];
                if (tr.kind == TokenKind::kComma || tr.kind == TokenKind::kColon || tr.kind == TokenKind::kDash) break;
                if (IsAnyOf(tr.norm, {"WHO", "WHICH", "THAT", "WHOSE", "WHOM"})) {
                  own_clause = false;
                  from = cb;
                  break;
                }
              }
            }
            break;
          }
        // News rule: a participle after a comma ("..., killing eight
        // people") has the main clause's subject as its source: the first
        // actor of the clause when no verb or preposition comes before it
        // ("Israel dealt a blow to Hamas, arresting ..."), else none ("A
        // large explosion was set off outside the Australian Embassy,
        // killing ..."). A comma restarts the search ("On Monday, Israeli
        // troops stormed Jenin, killing ...").
        if (clause_sources_ && !own_clause && q > 0 && cap.first_tok >= u.begin &&
            u.begin > 0 && ps.tokens[u.begin - 1].kind == TokenKind::kComma && EndsWithStr(ps.tokens[u.begin].norm, "ING")) {
          own_clause = true;
          bool blocked = false;
          for (uint32_t b = 0; b + 1 < q; ++b) {
            const uint32_t tb = vis[b];
            if (ps.tokens[tb].kind == TokenKind::kComma) {
              blocked = false;
              continue;
            }
            if (blocked) continue;
            const int mb = ps.mention_at[tb];
            if (mb >= 0) {
              if (std::find(clause_mentions.begin(), clause_mentions.end(), mb) != clause_mentions.end()) {
                f.sources = mention_codes(mb);
                f.source_mention = mb;
              }
              break;  // an agent without an actor ("Insurgents launched ...") leaves none
            }
            const int ub = ps.unit_of[tb];
            if ((ub >= 0 && ps.units[static_cast<size_t>(ub)].tag == Tag::kVerb && !ps.units[static_cast<size_t>(ub)].nominal) ||
                IsAnyOf(ps.tokens[tb].norm, {"IN", "AT", "ON", "NEAR", "OUTSIDE", "INSIDE", "INTO", "THROUGH", "ACROSS",
                                             "AGAINST", "TO", "FROM", "FOR", "WITH", "BY", "OVER", "UNDER", "AROUND",
                                             "TOWARD", "TOWARDS", "BEHIND", "AMONG", "BETWEEN", "ONTO", "UPON"}))
              blocked = true;
          }
        }
        for (uint32_t b = q; !own_clause && b-- > 0;) {
          const int ub = ps.unit_of[vis[b]];
          if (ub >= 0 && ps.units[static_cast<size_t>(ub)].tag == Tag::kVerb && !ps.units[static_cast<size_t>(ub)].nominal) {
            from = ps.units[static_cast<size_t>(ub)].end;
            break;
          }
        }
        // After an intervening verb the subject is the actor nearest to
        // this verb ("mentioned that Dulaimi Iran had agreed").
        if (from != cb && !gerund_subject)
          for (auto it = clause_mentions.rbegin(); it != clause_mentions.rend(); ++it) {
            const Mention& mm = ps.mentions[static_cast<size_t>(*it)];
            // (Not an actor inside the matched pattern: "at a news conference
            // with Iran's foreign minister, said".)
            if (mm.begin >= from && mm.end <= verb_tok && *it != cap.target &&
                !(main_verbs_ && matched && cap.first_tok < u.begin && mm.begin >= cap.first_tok)) {
              f.sources = mention_codes(*it);
              f.source_mention = *it;
              break;
            }
          }
        if (f.sources.empty() && !own_clause)
          for (int m : clause_mentions)
            if (ps.mentions[static_cast<size_t>(m)].end <= verb_tok && m != cap.target) {
              f.sources = mention_codes(m);
              f.source_mention = m;
              break;
            }
        // A leading clause without a subject ("While apologizing for the
        // war, Duleimi put ...") takes the subject of the main clause.
        if (f.sources.empty() && carried_source.empty() && !own_clause) {
          // The clause's first comma (found once per clause): none may come
          // before the verb, and the first one after the verb is wanted.
          if (first_comma_q == kUnknown) {
            first_comma_q = 0;
            while (first_comma_q < vis.size() && ps.tokens[vis[first_comma_q]].kind != TokenKind::kComma)
              ++first_comma_q;
          }
          uint32_t comma = UINT32_MAX;
          if (first_comma_q >= q) {  // no comma before the verb
            uint32_t b = first_comma_q;
            if (b < ve)
              for (b = ve; b < vis.size() && ps.tokens[vis[b]].kind != TokenKind::kComma;) ++b;
            if (b < vis.size()) comma = vis[b];
          }
          if (comma != UINT32_MAX)
            for (int m : clause_mentions)
              if (ps.mentions[static_cast<size_t>(m)].begin == comma + 1) {
                f.sources = mention_codes(m);
                f.source_mention = m;
                target_limit = comma;
                break;
              }
        }
        if (f.sources.empty() && !own_clause) f.sources = carried_source;
      }
    }
    // News rule: a place in a phrase of place ("In Baghdad, gunmen ...",
    // "outside the Australian Embassy in Jakarta, killing ...") is where the
    // act happened, not who did it: the next actor before the verb, if any,
    // is the source.
    const int ev_root = code.code.size() >= 2 ? (code.code[0] - '0') * 10 + (code.code[1] - '0') : 0;
    if (locatives_ && !passive && cap.source < 0 && cap.compound < 0 && f.source_mention >= 0) {
      const Mention& sm = ps.mentions[static_cast<size_t>(f.source_mention)];
      if (BareCountries(sm) && InPlacePhrase(ps, sm, cb)) {
        if (trace) trace->push_back("mention " + std::to_string(f.source_mention) + ": a place, not the source");
        const uint32_t after = sm.end;
        f.sources.clear();
        f.source_mention = -1;
        for (int m : clause_mentions) {
          const Mention& mm = ps.mentions[static_cast<size_t>(m)];
          if (mm.begin >= after && mm.end <= verb_tok && !(BareCountries(mm) && InPlacePhrase(ps, mm, cb))) {
            f.sources = mention_codes(m);
            f.source_mention = m;
            break;
          }
        }
      }
    }
    // News rule: what a speaker reports is not the speaker's act ("An Iraqi
    // security official said gunmen abducted a Lebanese-American"): a
    // source before the verb of speech is no source of the reported verb;
    // with no actor between the two the doer is unnamed and nothing is coded.
    // A report with no subject of its own ("N.Korea Says Met U.S. Officials",
    // "announced plans to build") or a passive of report ("Airstrikes Said to
    // Kill 44") keeps the speaker as the subject.
    bool own_subject = false;
    if (main_verbs_ && speech_end > 0 && speech_end < u.begin && ps.tokens[speech_end].norm != "TO")
      for (uint32_t k = speech_end; k < u.begin && !own_subject; ++k) {
        const Token& tk = ps.tokens[k];
        own_subject = !ps.deleted[k] && tk.kind == TokenKind::kWord && !EndsWithStr(tk.norm, "LY") &&
                      !IsAnyOf(tk.norm, {"THAT", "HAS", "HAVE", "HAD", "WILL", "WOULD", "IS", "WAS", "ARE", "WERE",
                                         "BE", "BEEN", "CAN", "COULD", "SHOULD", "MAY", "MIGHT", "MUST", "TO", "NOT",
                                         "ALSO", "ON", "TODAY", "YESTERDAY", "MONDAY", "TUESDAY", "WEDNESDAY",
                                         "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY", "IT", "THEY", "HE", "SHE", "WE"});
      }
    if (own_subject && !passive && cap.source < 0 && cap.compound < 0 &&
        f.source_mention >= 0 && ps.mentions[static_cast<size_t>(f.source_mention)].end <= speech_end) {
      if (trace) trace->push_back("verb " + verb.lemma + ": the speaker is not the source of what is reported");
      f.sources.clear();
      f.source_mention = -1;
      for (int m : clause_mentions) {
        const Mention& mm = ps.mentions[static_cast<size_t>(m)];
        if (mm.begin >= speech_end && mm.end <= verb_tok) {
          f.sources = mention_codes(m);
          f.source_mention = m;
          break;
        }
      }
    }
    // An event named by a noun ("a roadside bombing", "peace talks", "a
    // rocket attack") has its doer next to it ("Israeli air strikes", "a
    // Hamas suicide bombing"): an actor elsewhere in the clause is no source.
    // A participle in -ING right after a noun is that noun's ("a public
    // response to insurgents threatening to kill the man", "militants
    // firing assault rifles burst into ..."): its subject is the noun, an
    // actor only when the noun is one.
    if (main_verbs_ && !passive && cap.source < 0 && cap.compound < 0 && q > 0 &&
        EndsWithStr(ps.tokens[t].norm, "ING") && !(matched && cap.first_tok < u.begin)) {
      const uint32_t pt = vis[q - 1];
      const Token& pw = ps.tokens[pt];
      const int pm = ps.mention_of[pt];
      const int up = ps.unit_of[pt];
      const bool plain_noun = pw.kind == TokenKind::kWord && pm < 0 && pw.norm.size() >= 3 &&
                              (up < 0 || ps.units[static_cast<size_t>(up)].tag == Tag::kNone ||
                               ps.units[static_cast<size_t>(up)].tag == Tag::kNoun) &&
                              !dict_->IsPhraseStop(ps.ids[pt]) && !EndsWithStr(pw.norm, "LY") &&
                              !IsAnyOf(pw.norm, {"IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING", "AM", "HAS", "HAVE",
                                                 "HAD", "WILL", "WOULD", "CAN", "COULD", "SHOULD", "MAY", "MIGHT",
                                                 "MUST", "TO", "NOT", "ALSO", "STILL", "NOW", "THEN", "JUST", "KEEP",
                                                 "KEEPS", "KEPT", "BEGAN", "BEGIN", "BEGINS", "STARTED", "START",
                                                 "STARTS", "STOPPED", "STOP", "STOPS", "CONTINUE", "CONTINUES",
                                                 "CONTINUED", "WHO", "WHICH", "THAT", "AND", "OR", "BUT", "BY", "OF",
                                                 "IN", "ON", "AT", "FOR", "WITH", "FROM", "AFTER", "BEFORE", "WHILE",
                                                 "WHEN", "SINCE", "AS", "TODAY", "YESTERDAY", "MONDAY", "TUESDAY",
                                                 "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY", "AGAIN",
                                                 "ALREADY", "EVEN", "EVER", "NEVER", "ONCE", "HE", "SHE", "IT",
                                                 "THEY", "WE", "I", "YOU"});
      const bool agent_noun = pm >= 0 && ps.mentions[static_cast<size_t>(pm)].agent_only &&
                              ps.mentions[static_cast<size_t>(pm)].end == pt + 1 && pw.kind == TokenKind::kWord &&
                              up >= 0 && ps.units[static_cast<size_t>(up)].tag == Tag::kAgent;
      // What a document says is its issuer's ("issued a declaration demanding").
      const bool document = IsAnyOf(pw.norm, {"DECLARATION", "STATEMENT", "RESOLUTION", "LETTER", "COMMUNIQUE",
                                              "MESSAGE", "VIDEO", "VIDEOTAPE", "TAPE", "DECREE", "ORDER", "MOTION",
                                              "BILL", "REPORT", "NOTE", "ULTIMATUM", "APPEAL", "PETITION"});
      if ((plain_noun || agent_noun) && !document && !(pw.capitalized && ps.title_case)) {
        if (trace) trace->push_back("verb " + verb.lemma + ": a participle of the noun '" + pw.norm + "', no source");
        f.sources.clear();
        f.source_mention = -1;
      }
    }
    // A light verb in the pattern ("was on a visit", "paid a visit to",
    // "held talks with") makes the clause's subject the doer.
    bool light_verb = false;
    if (matched)
      for (uint32_t k = cap.first_tok; k < u.begin && !light_verb; ++k)
        light_verb = kLightVerbWords.Has(ps.tokens[k].norm);
    // (An infinitive marked as no act of its own is no noun: "Iraq group to
    // free 3 Indians".)
    const bool noun_event = nominal && !(q > 0 && ps.tokens[vis[q - 1]].norm == "TO");
    if (main_verbs_ && noun_event && !light_verb && !passive && cap.source < 0 && cap.compound < 0 &&
        f.source_mention >= 0) {
      const Mention& sm = ps.mentions[static_cast<size_t>(f.source_mention)];
      const uint32_t start = std::min(cap.first_tok, verb_tok);
      int gap = 0;
      bool near = sm.begin < start && sm.end <= verb_tok;  // "US air strikes": the mention may reach into the pattern
      for (uint32_t k = sm.end; near && k < start; ++k) {
        if (ps.deleted[k]) continue;
        const Token& tk = ps.tokens[k];
        const int uk = ps.unit_of[k];
        if (tk.kind == TokenKind::kPossessive || IsAnyOf(tk.norm, {"THE", "A", "AN"})) continue;
        near = tk.kind == TokenKind::kWord && ++gap <= 2 && ps.mention_of[k] < 0 &&
               !(uk >= 0 && ps.units[static_cast<size_t>(uk)].tag == Tag::kConj) &&
               !IsAnyOf(tk.norm, {"OF", "IN", "BY", "ON", "AT", "FOR", "WITH", "TO", "FROM", "AND", "OR", "WHO",
                                  "WHICH", "THAT", "WAS", "WERE", "IS", "ARE", "HAS", "HAVE", "HAD"});
      }
      // a building named before the event is where it struck ("embassy
      // bombing"), not who did it
      for (uint32_t k = sm.begin; k < sm.end && near; ++k)
        near = !IsAnyOf(ps.tokens[k].norm, {"EMBASSY", "CONSULATE", "HOTEL", "MOSQUE", "CHURCH", "SCHOOL", "MARKET",
                                            "STATION", "HEADQUARTERS", "BASE", "COMPOUND", "CONVOY", "BUS", "TRAIN"});
      if (!near) {
        if (trace) trace->push_back("verb " + verb.lemma + ": a noun event, its doer not next to it");
        f.sources.clear();
        f.source_mention = -1;
      }
    }
    // A place naming where a noun event happened ("Jakarta bombing blamed
    // on Malaysian fugitives") is not its doer; a demonym is ("Israeli
    // attack").
    if (main_verbs_ && noun_event && !light_verb && cap.source < 0 && f.source_mention >= 0) {
      const Mention& sm = ps.mentions[static_cast<size_t>(f.source_mention)];
      if (BareCountries(sm) && sm.head_end > sm.head_begin) {
        const std::string& hw = ps.tokens[sm.head_end - 1].norm;
        const bool demonym = DemonymLike(hw);
        if (!demonym) {
          if (trace) trace->push_back("verb " + verb.lemma + ": a noun event's place, not its doer");
          f.sources.clear();
          f.source_mention = -1;
        }
      }
    }
    // A place before the noun that is the subject ("Baghdad Bombings Kill One
    // US Soldier") says where, not who.
    if (main_verbs_ && cap.source < 0 && f.source_mention >= 0) {
      const Mention& sm = ps.mentions[static_cast<size_t>(f.source_mention)];
      if (BareCountries(sm) && sm.head_end > sm.head_begin && sm.head_end <= verb_tok) {
        const std::string& hw = ps.tokens[sm.head_end - 1].norm;
        // the event noun may be inside the mention ("Baghdad Bombings")
        if (sm.head_end - sm.head_begin >= 2 &&
            (EndsWithStr(hw, "INGS") || EndsWithStr(hw, "ING") ||
             EventNoun(hw))) {
          if (trace) trace->push_back("verb " + verb.lemma + ": a place's event noun, not the doer");
          f.sources.clear();
          f.source_mention = -1;
        }
      }
      if (f.source_mention >= 0 && BareCountries(ps.mentions[static_cast<size_t>(f.source_mention)]) &&
          sm.head_end > sm.head_begin && sm.head_end < verb_tok) {
        const std::string& hw = ps.tokens[sm.head_end - 1].norm;
        const bool demonym = DemonymLike(hw);
        const uint32_t nx = sm.head_end;
        const int un = ps.unit_of[nx];
        if (!demonym && ps.tokens[nx].kind == TokenKind::kWord &&
            (ps.mention_of[nx] < 0 || ps.mention_of[nx] == f.source_mention) &&
            !dict_->IsPhraseStop(ps.ids[nx]) &&
            // an event noun: "Baghdad Bombings", "Jakarta blast", "Gaza raid"
            ((un >= 0 && ps.units[static_cast<size_t>(un)].tag == Tag::kVerb &&
              (ps.units[static_cast<size_t>(un)].nominal || EndsWithStr(ps.tokens[nx].norm, "INGS"))) ||
             (EventNoun(ps.tokens[nx].norm) && ps.tokens[nx].norm.compare(0, 6, "STRIKE") != 0))) {
          if (trace) trace->push_back("verb " + verb.lemma + ": a place before a noun, not the doer");
          f.sources.clear();
          f.source_mention = -1;
        }
      }
    }
    // A noun event with its doer after BY ("alleged rapes by an Indian army
    // officer"): that is the source.
    if (main_verbs_ && noun_event && cap.source < 0 && ve + 1 < vis.size() && ps.tokens[vis[ve]].norm == "BY" &&
        ps.mention_at[vis[ve + 1]] >= 0) {
      const int bm = ps.mention_at[vis[ve + 1]];
      f.sources = mention_codes(bm);
      f.source_mention = bm;
      if (f.target_mention == bm) {
        f.targets.clear();
        f.target_mention = -1;
      }
    }
    // Troops that go somewhere are deployed, not visiting ("More African
    // troops go to Darfur", "Nigerian infantry ... heading for Darfur").
    if (main_verbs_ && code.code.compare(0, 3, "042") == 0 && f.source_mention >= 0) {
      const Mention& sm = ps.mentions[static_cast<size_t>(f.source_mention)];
      for (uint32_t k = sm.begin; k < sm.end; ++k)
        if (IsAnyOf(ps.tokens[k].norm, {"TROOPS", "SOLDIERS", "FORCES", "FORCE", "INFANTRY", "UNITS", "BATTALION",
                                         "BATTALIONS", "BRIGADE", "BRIGADES", "COMPANY", "PEACEKEEPERS", "MARINES",
                                         "PARATROOPERS", "TANKS", "WARSHIPS", "WARSHIP", "PLANES", "AIRCRAFT", "JETS",
                                         "FIGHTERS", "HELICOPTERS", "CONTINGENT", "DIVISION", "SQUADRON", "ARMY"})) {
          if (trace) trace->push_back("verb " + verb.lemma + ": troops deployed, not a visit");
          f.sources.clear();
          f.source_mention = -1;
          break;
        }
    }
    // "A US-backed United Nations resolution threatening oil sanctions": the
    // backer is not the doer.
    if (main_verbs_ && cap.source < 0 && f.source_mention >= 0) {
      const Mention& sm = ps.mentions[static_cast<size_t>(f.source_mention)];
      if (QualifiedByParticiple(ps, sm, /*holding=*/true)) {
        if (trace) trace->push_back("verb " + verb.lemma + ": the source only qualifies a noun ('X-backed')");
        f.sources.clear();
        f.source_mention = -1;
      }
    }
    // In text without capitals a pronoun cannot be resolved reliably ("he
    // said after meeting tony blair he had been left with ..."): no source.
    if (uncased && f.source_mention >= 0 && ps.mentions[static_cast<size_t>(f.source_mention)].pronoun) {
      if (trace) trace->push_back("verb " + verb.lemma + ": a pronoun in uncased text, no source");
      f.sources.clear();
      f.source_mention = -1;
    }
    // A pronoun right after a verb of speech is its speaker ("Militants
    // holding three UN workers said they negotiated ...", "North Korea
    // said it would ..."): the speaker's codes, or none when the speaker is
    // no actor.
    if (main_verbs_ && speech_end > 0 && cap.source < 0 && f.source_mention >= 0 &&
        ps.mentions[static_cast<size_t>(f.source_mention)].pronoun &&
        ps.mentions[static_cast<size_t>(f.source_mention)].begin >= speech_end) {
      bool adjacent = true;
      for (uint32_t k = speech_end; k < ps.mentions[static_cast<size_t>(f.source_mention)].begin && adjacent; ++k)
        adjacent = ps.deleted[k] || IsAnyOf(ps.tokens[k].norm, {"THAT", "ON", "MONDAY", "TUESDAY", "WEDNESDAY",
                                                                 "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY", "TODAY",
                                                                 "YESTERDAY", "LAST", "NIGHT", "WEEK", "EARLIER"});
      if (adjacent) {
        // The speaker: the first mention of the clause, before the verb of
        // speech (an agent without an actor, "Militants", included).
        int speaker = -1;
        for (size_t i = 0; i < ps.mentions.size(); ++i) {
          const Mention& mm = ps.mentions[i];
          if (mm.begin < cb || ps.deleted[mm.head_begin]) continue;
          if (mm.end <= speech_end && !mm.pronoun) speaker = static_cast<int>(i);
          break;
        }
        if (speaker >= 0) {
          if (trace) trace->push_back("verb " + verb.lemma + ": the pronoun after the verb of speech is its speaker");
          if (ps.mentions[static_cast<size_t>(speaker)].agent_only && require_dyad) {
            f.sources.clear();
            f.source_mention = -1;
          } else {
            f.sources = mention_codes(speaker);
            f.source_mention = speaker;
          }
        }
      }
    }
    // A person related to an actor is not that actor ("The kidnappers of an
    // American-French journalist", "Critics of the Iraq war", "The sister
    // of a man who died"): a source right after such a noun and OF is none.
    if (locatives_ && cap.source < 0 && cap.compound < 0 && f.source_mention >= 0) {
      const Mention& sm = ps.mentions[static_cast<size_t>(f.source_mention)];
      const std::string* w1 = WordBefore(ps, sm.begin, cb);
      if (w1 && *w1 == "OF" && sm.begin >= 2) {
        uint32_t k = sm.begin - 1;
        while (k > cb && (ps.deleted[k] || ps.tokens[k].norm == "THE" || ps.tokens[k].norm == "A" ||
                          ps.tokens[k].norm == "AN" || ps.tokens[k].norm == "OF"))
          --k;
        if (IsAnyOf(ps.tokens[k].norm,
                    {"KIDNAPPERS", "KIDNAPPER", "CAPTORS", "CAPTOR", "ABDUCTORS", "HOSTAGE-TAKERS", "CRITICS",
                     "CRITIC", "OPPONENTS", "OPPONENT", "ENEMIES", "ENEMY", "KILLERS", "KILLER", "ATTACKERS",
                     "ASSASSINS", "ASSASSIN", "MURDERERS", "SISTER", "BROTHER", "MOTHER", "FATHER", "WIFE", "HUSBAND",
                     "SON", "DAUGHTER", "WIDOW", "FAMILY", "FAMILIES", "RELATIVES", "FRIENDS", "FRIEND", "LAWYER",
                     "LAWYERS", "VICTIMS", "VICTIM", "ARREST", "DEATH", "KILLING", "MURDER", "RELEASE", "SESSION",
                     "FATE", "BIOGRAPHER"})) {
          if (trace) trace->push_back("verb " + verb.lemma + ": the source follows '" + ps.tokens[k].norm + " of', not the doer");
          f.sources.clear();
          f.source_mention = -1;
        }
      }
    }
    // Nor is it the target of a meeting, talks or an agreement held there
    // ("aboard a U.S. aircraft carrier", "in the holy city of Najaf"; visits
    // 042/043 keep it: the place is the host). Other acts keep a place as
    // the target, standing for its people ("curfew in Algiers", "evacuate
    // all 21 settlements in the Gaza Strip"), as the CAMEO manual codes them.
    auto place = [&](int m) {
      if (!locatives_ || code.code.compare(0, 3, "042") == 0 || code.code.compare(0, 3, "043") == 0 ||
          !(ev_root == 4 || ev_root == 5 || code.code.compare(0, 3, "036") == 0 ||
            (main_verbs_ && ev_root == 10)))
        return false;
      if (!InPlacePhrase(ps, ps.mentions[static_cast<size_t>(m)], cb)) return false;
      if (trace) trace->push_back("mention " + std::to_string(m) + ": a place, not the target");
      return true;
    };
    // (Also when a pattern's slot took it: "set to meet defense chiefs from
    // about 18 nations aboard a U.S. aircraft carrier".)
    if (main_verbs_ && cap.target >= 0 && f.target_mention == cap.target &&
        unplanned_code.compare(0, 3, "042") != 0 && unplanned_code.compare(0, 3, "043") != 0 && place(cap.target)) {
      f.targets.clear();
      f.target_mention = -1;
    }
    // A role word used as an adjective ("halt military operations",
    // "inspect military sites") names no actor.
    // Not targets: a region where something is ("reception centres in
    // Africa"), a topic ("talks on the fate of two French journalists"),
    // a credit at the end of a headline ("Iran agrees to enrichment freeze
    // -diplomats").
    auto aside = [&](int m) {
      if (!main_verbs_) return false;
      const Mention& mm = ps.mentions[static_cast<size_t>(m)];
      bool region = !mm.codes.empty();
      for (const std::string& cd : mm.codes)
        region &= IsAnyOf(cd, {"AFR", "ASA", "BLK", "BAL", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU",
                               "EUR", "LAM", "MEA", "MDT", "NAF", "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF",
                               "WAF", "WST", "WEU", "SOA"});
      if (region && InPlacePhrase(ps, mm, cb)) return true;
      const std::string* w1 = WordBefore(ps, mm.begin, cb);
      if (w1 && *w1 == "OF" && mm.begin >= 2) {
        uint32_t k = mm.begin - 1;
        while (k > cb && (ps.deleted[k] || IsAnyOf(ps.tokens[k].norm, {"THE", "A", "AN", "OF", "TWO", "THREE", "FOUR",
                                                                        "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN"}) ||
                          ps.tokens[k].kind == TokenKind::kNumber))
          --k;
        if (IsAnyOf(ps.tokens[k].norm, {"FATE", "FUTURE", "ISSUE", "QUESTION", "STATUS", "SAFETY", "PLIGHT", "CASE",
                                         "ROLE", "SITUATION", "WHEREABOUTS", "HEALTH", "CONDITION", "TREATMENT",
                                         "RIGHTS", "INTERESTS", "SECURITY", "MEMORY", "BEHEADING", "KILLING",
                                         "KILLINGS", "DEATH", "DEATHS", "MURDER", "MURDERS", "ASSASSINATION",
                                         "KIDNAPPING", "ABDUCTION", "EXECUTION", "TORTURE", "RAPE", "MASSACRE",
                                         "SLAYING", "SHOOTING", "BOMBING", "POINT", "POINTS", "FUTURE"}))
          return true;
      }
      // ("rebel-held territory" is still the rebels' target.)
      if (QualifiedByParticiple(ps, mm, /*holding=*/false)) return true;
      if (mm.begin > 0 && mm.end + 3 >= ps.tokens.size() &&
          (ps.tokens[mm.begin - 1].kind == TokenKind::kDash || ps.tokens[mm.begin].hyphen_before))
        return true;
      return false;
    };
    // The reporter in a trailing attribution ("test-fires a missile, ...,
    // officials say") is no target.
    auto attribution = [&](int m) {
      if (!main_verbs_) return false;
      const Mention& mm = ps.mentions[static_cast<size_t>(m)];
      return mm.begin > 0 && ps.tokens[mm.begin - 1].kind == TokenKind::kComma && mm.end < ps.tokens.size() &&
             IsAnyOf(ps.tokens[mm.end].norm, {"SAY", "SAYS", "SAID", "REPORTED", "ADDED", "TOLD", "ANNOUNCED"});
    };
    auto role_modifier = [&](int m) {
      if (!main_verbs_) return false;
      const Mention& mm = ps.mentions[static_cast<size_t>(m)];
      if (mm.end != mm.begin + 1 || mm.end >= ps.tokens.size()) return false;
      if (!IsAnyOf(ps.tokens[mm.begin].norm, {"MILITARY", "NAVAL", "POLICE", "ARMY", "SECURITY", "GOVERNMENT",
                                               "DIPLOMATIC", "JUDICIAL", "PARLIAMENTARY", "INTELLIGENCE", "DEFENCE",
                                               "DEFENSE", "ELECTION", "ELECTORAL", "OPPOSITION", "REBEL", "ISLAMIST"}))
        return false;
      const Token& nx = ps.tokens[mm.end];
      const int un = ps.unit_of[mm.end];
      return nx.kind == TokenKind::kWord && ps.mention_of[mm.end] < 0 &&
             (un < 0 || ps.units[static_cast<size_t>(un)].tag == Tag::kNone ||
              ps.units[static_cast<size_t>(un)].tag == Tag::kNoun ||
              (ps.units[static_cast<size_t>(un)].tag == Tag::kVerb && ps.units[static_cast<size_t>(un)].nominal)) &&
             !dict_->IsPhraseStop(ps.ids[mm.end]);
    };
    // (A pattern's slot too: "tried to burn a police lieutenant alive to
    // protest U.S.-backed eradication".)
    if (main_verbs_ && cap.target >= 0 && f.target_mention == cap.target && aside(cap.target)) {
      if (trace) trace->push_back("mention " + std::to_string(cap.target) + ": an aside, not the target");
      f.targets.clear();
      f.target_mention = -1;
    }
    if (f.targets.empty()) {
      auto distinct = [&](int m) {
        // "its troops", "his government": the source's own, not a target.
        const Mention& mm = ps.mentions[static_cast<size_t>(m)];
        if (mm.pronoun && !f.sources.empty() && !mm.codes.empty() &&
            mm.codes[0].compare(0, 3, f.sources[0].substr(0, 3)) == 0)
          return false;
        // A code of the mention (of its whole group, as mention_codes gives
        // them) that is not a source's, looked at in place.
        auto fresh = [&](const Mention& x) {
          for (const std::string& cd : x.codes)
            if (std::find(f.sources.begin(), f.sources.end(), cd) == f.sources.end()) return true;
          return false;
        };
        if (mm.group < 0) return fresh(mm);
        for (const Mention& x : ps.mentions)
          if (x.group == mm.group && fresh(x)) return true;
        return false;
      };
      // News rule: where talks and meetings take place is not their target
      // ("agree to take part in peace talks in Abuja"; codes 04x but
      // visits, 05x, and 036 intent to meet).
      auto venue = [&](int m) {
        const std::string& cc = code.code;
        if (!venues_ || cc.size() < 3 || cc.compare(0, 3, "042") == 0 || cc.compare(0, 3, "043") == 0 ||
            !(cc.compare(0, 2, "04") == 0 || cc.compare(0, 2, "05") == 0 || cc.compare(0, 3, "036") == 0))
          return false;
        const std::string* w = WordBefore(ps, ps.mentions[static_cast<size_t>(m)].begin, cb);
        return w && (*w == "IN" || *w == "AT");
      };
      if (passive) {
        for (int m : clause_mentions) {
          // (News rules: not an actor inside a relative clause or a phrase of
          // place before the verb: "A cleric who is wanted on charges in the
          // United States was accused by British prosecutors".)
          bool aside_before = false;
          if (main_verbs_) {
            const Mention& mm = ps.mentions[static_cast<size_t>(m)];
            aside_before = BareCountries(mm) && InPlacePhrase(ps, mm, cb);
            for (uint32_t k = mm.begin; k-- > cb && !aside_before;) {
              if (ps.tokens[k].kind == TokenKind::kComma) break;
              aside_before = IsAnyOf(ps.tokens[k].norm, {"WHO", "WHICH", "THAT", "WHOSE"});
            }
          }
          if (ps.mentions[static_cast<size_t>(m)].end <= verb_tok && m != by_mention && distinct(m) && !aside_before) {
            f.targets = mention_codes(m);
            f.target_mention = m;
            break;
          }
        }
      } else {
        for (int m : clause_mentions)
          if (ps.mentions[static_cast<size_t>(m)].begin >= u.end && ps.mentions[static_cast<size_t>(m)].begin < target_limit &&
              m != f.source_mention && distinct(m) && !venue(m) && !modifier(m) && !place(m) && !role_modifier(m) && !aside(m) &&
              !attribution(m)) {
            f.targets = mention_codes(m);
            f.target_mention = m;
            break;
          }
        if (f.targets.empty() && !targets_after_verb_)
          for (int m : clause_mentions)
            if (ps.mentions[static_cast<size_t>(m)].end <= verb_tok && m != f.source_mention && distinct(m)) {
              f.targets = mention_codes(m);
              f.target_mention = m;
              break;
            }
      }
      const bool pair_source = f.source_mention >= 0 && ps.mentions[static_cast<size_t>(f.source_mention)].group >= 0;
      const bool fight_verb = kFightVerbs.Has(verb.lemma);
      // News rule: two sides of a fight fight each other, not the place
      // where they fight ("Palestinian gunmen and Israeli troops fought
      // pitched battles on the outskirts of the refugee camp"): a target
      // after a preposition of place is dropped (not an object, not WITH or
      // AGAINST: "US and Iraqi forces battled militants").
      if (strict_compounds_ && pair_source && fight_verb && !passive && f.target_mention >= 0) {
        const std::string* w = WordBefore(ps, ps.mentions[static_cast<size_t>(f.target_mention)].begin, u.end);
        if (w && IsAnyOf(*w, {"IN", "ON", "AT", "NEAR", "OF", "OUTSIDE", "INSIDE", "INTO", "ACROSS", "AROUND",
                              "THROUGH", "ALONG", "OVER", "FOR"})) {
          f.targets.clear();
          f.target_mention = -1;
        }
      }
      // A compound source with no other target: its members act on each other.
      if (f.targets.empty() && pair_source && !(strict_compounds_ && passive)) {
        // News rule: only a pair acts on itself ("India and Pakistan wind
        // up talks"); a longer list is too often a place, a person and
        // their country ("Meeting in Moscow, Berlusconi and Putin ...").
        int members = 0;
        for (const Mention& mm : ps.mentions) members += mm.group == ps.mentions[static_cast<size_t>(f.source_mention)].group;
        // Nor do allies acting together by force on someone unnamed ("US
        // and Iraqi troops stormed insurgent-held police stations", "U.S.
        // and Iraqi forces battle insurgents"): only a fight verb with no
        // object after it makes the two sides fight each other.
        const int root = code.code.size() >= 2 ? (code.code[0] - '0') * 10 + (code.code[1] - '0') : 0;
        bool allies = false;
        if (strict_compounds_ && root >= 17 && root <= 20) {
          const bool object_next = ve < vis.size() && ps.mention_at[vis[ve]] >= 0;
          allies = !fight_verb || object_next;
        }
        // A joint statement, appeal or demand ("The presidents of Brazil and
        // France called for ...") is not addressed to each other: only
        // intents, meetings, agreements, cooperation, accusations and fights
        // are mutual.
        const bool mutual = !strict_compounds_ || ev_root == 3 || ev_root == 4 || ev_root == 5 || ev_root == 6 ||
                            ev_root == 11 || ev_root == 12 || ev_root == 19;
        if (!(strict_compounds_ && members > 2) && !allies && mutual) f.targets = f.sources;
      }
    }
    // "Putin has called upon India and Russia to work together": a compound
    // target that names the source's own country with others addresses the
    // others.
    if (main_verbs_ && ev_root >= 1 && ev_root <= 5 && f.target_mention >= 0 &&
        ps.mentions[static_cast<size_t>(f.target_mention)].group >= 0 &&
        !f.sources.empty() && f.targets.size() > 1 && f.targets != f.sources &&
        !(f.source_mention >= 0 && ps.mentions[static_cast<size_t>(f.source_mention)].group ==
                                       ps.mentions[static_cast<size_t>(f.target_mention)].group)) {
      std::vector<std::string> others;
      for (const std::string& cd : f.targets)
        if (cd.compare(0, 3, f.sources[0], 0, 3) != 0) others.push_back(cd);
      if (!others.empty() && others.size() < f.targets.size()) f.targets.Own(std::move(others));
    }
    // News rule (CAMEO 18 vs 19): force by armed groups, criminals or
    // insurgents against anyone but other combatants is unconventional
    // violence when it is a bombing (183: "a suicide car bombing", not an
    // air strike 195) or the killing of an official (186); fighting soldiers
    // or police stays 19x.
    if (main_verbs_ && code.code.size() >= 3 && code.code[0] == '1' && code.code[1] == '9' &&
        (code.code[2] == '0' || code.code[2] == '3' || code.code[2] == '4' || code.code[2] == '5') &&
        !f.sources.empty() && !f.targets.empty()) {
      auto has_role = [](const std::string& cd, std::initializer_list<std::string_view> roles) {
        if (cd.compare(0, 3, "IMG") == 0) return true;
        for (size_t k = 3; k + 3 <= cd.size(); k += 3)
          for (std::string_view r : roles)
            if (cd.compare(k, 3, r) == 0) return true;
        return false;
      };
      bool nonstate = true, combatant = false;
      for (const std::string& cd : f.sources) nonstate &= has_role(cd, {"REB", "INS", "CRM", "SEP", "UAF"});
      for (const std::string& cd : f.targets)
        combatant |= has_role(cd, {"MIL", "COP", "REB", "INS", "SEP", "UAF", "SPY"});
      // (Fighting takes two armed sides: "militia keeps fighting".)
      if (nonstate && !combatant && !IsAnyOf(verb.lemma, {"FIGHT", "CLASH", "BATTLE", "SKIRMISH"})) {
        bool bombing = code.code.compare(0, 3, "195") == 0 || code.code.compare(0, 3, "194") == 0 ||
                       IsAnyOf(verb.lemma, {"BOMB", "EXPLODE", "DETONATE", "BLAST", "BLOW UP", "SHELL"});
        // "Suicide Car Bomber Hits Baghdad Checkpoint"
        if (f.source_mention >= 0)
          for (uint32_t k = ps.mentions[static_cast<size_t>(f.source_mention)].begin; k < u.end && !bombing; ++k)
            bombing = ps.tokens[k].norm.compare(0, 4, "BOMB") == 0;
        // A government official killed by gunmen is assassinated (186).
        bool official = false;
        for (const std::string& cd : f.targets) official |= cd.size() >= 6 && cd.compare(3, 3, "GOV") == 0;
        const bool killing = IsAnyOf(verb.lemma, {"KILL", "SHOOT", "MURDER", "ASSASSINATE", "GUN DOWN", "SHOOT DEAD"});
        // Other killings keep 19x: CAMEO 190's note codes "killings of any
        // kind when the weapons used are not specified" there.
        const char* violence = bombing ? "183" : official && killing ? "186" : nullptr;
        if (violence && f.code.code != violence) {
          f.code.code = violence;  // (`code` is f.code)
          if (trace) trace->push_back("verb " + verb.lemma + ": violence by a non-state group, " + f.code.code);
        }
      }
    }
    // News rule (VISITS): during a visit the visitor's statements, appeals,
    // meetings and apologies with no named addressee are addressed to the
    // host ("Duleimi was on a visit ... in Iran. While apologizing for the
    // war, Duleimi ...": IRQGOV>IRN 055).
    if (visit_hosts_ && f.targets.empty() && !f.sources.empty() && !scratch.host.empty() &&
        !scratch.visitor.empty() && ev_root >= 1 && ev_root <= 5 && code.code.compare(0, 3, "042") != 0 &&
        code.code.compare(0, 3, "043") != 0 && f.sources[0].compare(0, 3, scratch.visitor[0], 0, 3) == 0 &&
        f.sources[0].compare(0, 3, scratch.host[0], 0, 3) != 0) {
      f.targets.Own({scratch.host[0].substr(0, 3)});
      if (trace) trace->push_back("verb " + verb.lemma + ": addressed to the host of the visit, " + f.targets[0]);
    }
    // TABARI "DEFAULT: SOURCE [X] TARGET [Y]": codes for a missing side.
    if (f.sources.empty() && !set_->options.default_source.empty()) f.sources.Own({set_->options.default_source});
    if (f.targets.empty() && !set_->options.default_target.empty()) f.targets.Own({set_->options.default_target});
    if (!require_dyad) {
      if (f.sources.empty()) f.sources.Own({"---"});
      if (f.targets.empty()) f.targets.Own({"---"});
    }
    if (f.sources.empty() || f.targets.empty()) {
      if (trace) trace->push_back("verb " + verb.lemma + ": no " + (f.sources.empty() ? "source" : "target") + ", not coded");
      continue;
    }
    c.has_event = true;
    c.is_subordinate = code.subordinate || (statements_subordinate_ && IsStatementCode(code.code));
    ++n_cands;
  }
  // CODE BY CLAUSE: the first event of the clause that no other verb's
  // pattern absorbed; subordinate events only when nothing else is coded.
  bool fronted_done = false;
  const auto clause_cands = std::span(cands.data(), n_cands);
  for (Candidate& c : clause_cands) {
    bool absorbed = false;
    for (auto [b, e] : extents)
      if (b <= c.verb_tok && c.verb_tok < e && !(c.ext_begin == b && c.ext_end == e)) absorbed = true;
    if (absorbed) {
      if (trace) trace->push_back("a verb inside another verb's pattern is not coded on its own");
      continue;
    }
    if (c.is_subordinate) {
      subordinate.push_back(c.f);
      continue;
    }
    if (!c.f.sources.empty() && c.f.sources[0] != "---") carried_source = c.f.sources;
    result.push_back(std::move(c.f));
    // News rule: a fronted clause closed by a comma ("While apologizing for
    // the war, Duleimi put the blame ...") has its own event; the main
    // clause after the comma has one too.
    if (main_verbs_ && result.size() == 1 && !fronted_done) {
      uint32_t comma = UINT32_MAX;
      for (uint32_t t : vis)
        if (ps.tokens[t].kind == TokenKind::kComma) {
          comma = t;
          break;
        }
      const Token& first = ps.tokens[vis[0]];
      const bool fronted_clause =
          comma != UINT32_MAX && c.verb_tok < comma &&
          (IsAnyOf(first.norm, {"WHILE", "AFTER", "BEFORE", "WHEN", "AS", "SINCE", "ALTHOUGH", "THOUGH", "DESPITE",
                                "UPON", "ONCE"}) ||
           vis[0] == c.verb_tok);
      if (fronted_clause) {
        fronted_done = true;
        for (Candidate& d : clause_cands)
          if (d.verb_tok > comma && !d.is_subordinate) {
            bool inside = false;
            for (auto [b, e] : extents)
              if (b <= d.verb_tok && d.verb_tok < e && !(d.ext_begin == b && d.ext_end == e)) inside = true;
            if (inside) continue;
            result.push_back(std::move(d.f));
            break;
          }
      }
    }
    break;
  }
  if (result.empty() && !subordinate.empty() && carried_source.empty()) carried_source = subordinate.back().sources;
  // No event: the clause's first actor becomes the subject for what follows.
  // (News rules: not a place in a phrase of place, nor an actor after the
  // clause's first verb, which is its object: "detonated a car bomb outside
  // the Australian Embassy, killing nine people and wounding 173".)
  if (result.empty() && carried_source.empty()) {
    uint32_t first_verb = ce;
    if (main_verbs_)
      for (uint32_t t : vis) {
        const int ut = ps.unit_of[t];
        if (ut >= 0 && ps.units[static_cast<size_t>(ut)].tag == Tag::kVerb && !ps.units[static_cast<size_t>(ut)].nominal) {
          first_verb = t;
          break;
        }
      }
    for (int m : clause_mentions) {
      const Mention& mm = ps.mentions[static_cast<size_t>(m)];
      if (main_verbs_ && (mm.begin >= first_verb || (BareCountries(mm) && InPlacePhrase(ps, mm, cb)))) continue;
      carried_source.Refer(mm.codes);
      break;
    }
  }
  return result;
}

void CoderImpl::CodeSentence(const Story& story, ParsedSentence& ps, const std::string& discard_why,
                             CodedSentence& out, coder::StoryContext& ctx, ClauseScratch& scratch) const {
  parser_.ParseMentions(ps, story.date, ctx);
  // The clauses are parsed for coding them, and for the story's last
  // subject (a mention): a sentence without mentions whose clauses will
  // be passed over does without. (Comma deletion only drops mentions, so
  // MayCode is asked again only when it said yes and mentions went.)
  bool may_code = MayCode(ps, scratch);
  if (options_.trace || may_code || !ps.mentions.empty()) {
    const size_t mentions = ps.mentions.size();
    parser_.ParseClauses(ps, ctx);
    if (may_code && ps.mentions.size() < mentions) may_code = MayCode(ps, scratch);
  }
  if (!discard_why.empty()) {
    out.discarded = true;
    out.note = discard_why;
    return;
  }
  if (!complex_enabled_) ps.complex = false;
  if (max_sentence_words_ > 0) {
    // TABARI's maximum sentence length: a "sentence" this long is a run-on
    // or a whole unsplit story, where actors and verbs pair at random.
    // (Words inside quotation marks do not count: a long quote after "said"
    // is no run-on.)
    int words = 0;
    bool quoted = false;
    for (const Token& tk : ps.tokens) {
      if (tk.kind == TokenKind::kQuote) quoted = !quoted;
      words += !quoted && (tk.kind == TokenKind::kWord || tk.kind == TokenKind::kNumber);
    }
    if (words > max_sentence_words_) {
      out.note = "longer than " + std::to_string(max_sentence_words_) + " words, not coded";
      return;
    }
  }
  if ((uncased_not_coded_ || uncased_max_words_ > 0) && ps.tokens.size() >= 5) {
    // Lower-cased text (the BBC corpus): names cannot be told from words.
    bool capital = false;
    int words = 0;
    for (const Token& tk : ps.tokens) {
      capital |= tk.capitalized;
      words += tk.kind == TokenKind::kWord || tk.kind == TokenKind::kNumber;
    }
    if (!uncased_not_coded_ && words <= uncased_max_words_) capital = true;  // a headline: patterns only
    if (!capital) {
      out.note = "text without capital letters, not coded";
      return;
    }
  }
  if (ps.discard || ps.complex) {
    out.discarded = true;
    out.note = ps.discard ? "discard code [###]" : "complex code [+++]";
    return;
  }
  std::vector<std::string>* trace = options_.trace ? &out.trace : nullptr;
  if (!trace && !may_code) return;  // (a trace gives every verb's reasons)
  Codes carried;  // the subject carried to the next clause (codes of this sentence's mentions)
  std::vector<Found> all, subordinate;
  for (auto [cb, ce] : ps.clauses) {
    std::vector<Found> f = CodeClause(ps, cb, ce, carried, subordinate, trace, scratch);
    if (ps.discard || ps.complex) {
      out.discarded = true;
      out.note = ps.discard ? "discard code [###]" : "complex code [+++]";
      return;
    }
    for (Found& x : f) all.push_back(std::move(x));
  }
  if (all.empty()) all = std::move(subordinate);
  // A visit between two countries (042) gives the story its visitor and
  // host; a "visit" within one country, or of an unknown side, does not.
  for (const Found& f : all)
    if (visit_hosts_ && f.code.code.compare(0, 3, "042") == 0 && !f.sources.empty() && !f.targets.empty() &&
        !NoCountry(f.sources[0]) && !NoCountry(f.targets[0]) &&
        f.sources[0].compare(0, 3, f.targets[0], 0, 3) != 0) {
      scratch.visitor = f.sources.list();
      scratch.host = f.targets.list();
    }
  const Date date{story.date.days + ps.time_shift};
  const std::vector<std::string> issues = all.empty() ? std::vector<std::string>() : IssuesOf(ps);
  auto span_of_mention = [&](int m) {
    TextSpan s;
    if (m < 0) return s;
    const Mention& mm = ps.mentions[static_cast<size_t>(m)];
    s.begin = ps.tokens[mm.head_begin].begin;
    s.end = ps.tokens[mm.end - 1].end;
    return s;
  };
  for (const Found& f : all) {
    auto emit = [&](const std::string& s, const std::string& t, const std::string& code, bool reversed) {
      if (s == t || s.empty() || t.empty()) return;
      if (set_->options.require_dyad && (NoCountry(s) || NoCountry(t))) return;
      Event e;
      e.story_id = story.id;
      e.sentence = out.index;
      e.date = date;
      e.source = s;
      e.target = t;
      e.code = code;
      e.sentence_text = out.text;
      e.source_span = span_of_mention(reversed ? f.target_mention : f.source_mention);
      e.target_span = span_of_mention(reversed ? f.source_mention : f.target_mention);
      if (f.verb_end > f.verb_begin) e.verb_span = {ps.tokens[f.verb_begin].begin, ps.tokens[f.verb_end - 1].end};
      e.issues = issues;
      e.story_url = story.url;
      e.story_source = story.source;
      out.events.push_back(std::move(e));
    };
    // A compound acting on itself: no member acts on another of its own
    // country ("Russian President Vladimir Putin" and "Moscow").
    const bool self = strict_compounds_ && f.sources == f.targets;
    for (const std::string& s : f.sources)
      for (const std::string& t : f.targets) {
        if (self && s.compare(0, 3, t, 0, 3) == 0) continue;
        emit(s, t, f.code.code, false);
        if (!f.code.paired.empty()) emit(t, s, f.code.paired, true);
      }
  }
}

CodedStory CoderImpl::Code(const Story& story) const {
  // Scratch buffers from the pool (or new ones), returned when done.
  struct Lease {
    const CoderImpl& c;
    std::unique_ptr<ClauseScratch> s;
    explicit Lease(const CoderImpl& coder) : c(coder) {
      {
        std::lock_guard<std::mutex> lock(c.scratch_mu_);
        if (!c.scratch_pool_.empty()) {
          s = std::move(c.scratch_pool_.back());
          c.scratch_pool_.pop_back();
        }
      }
      if (!s) s = std::make_unique<ClauseScratch>();
    }
    ~Lease() {
      std::lock_guard<std::mutex> lock(c.scratch_mu_);
      c.scratch_pool_.push_back(std::move(s));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
  } lease(*this);
  CodedStory cs;
  cs.story_id = story.id;
  coder::StoryContext ctx;
  // Sentences: the title first, then the body (views into the story). A
  // news-site section label before the title ("Asia ; Freed UN Hostages
  // Say ...") is no actor.
  std::vector<std::string_view> sentences;
  if (!story.title.empty()) {
    std::string_view title = story.title;
    for (std::string_view label : {"Asia", "Europe", "Africa", "Americas", "World", "World News", "Politics", "Update"}) {
      if (!main_verbs_) break;
      for (std::string_view sep : {" ; ", ": "})
        if (title.size() > label.size() + sep.size() + 3 && title.substr(0, label.size()) == label &&
            title.substr(label.size(), sep.size()) == sep)
          title.remove_prefix(label.size() + sep.size());
    }
    sentences.push_back(title);
  }
  const std::string_view body = std::string_view(story.text).substr(DatelineLength(story.text));
  for (const SentenceSpan& s : segmenter_.Split(body)) sentences.push_back(body.substr(s.begin, s.end - s.begin));
  if (sentences.size() > options_.max_sentences_per_story) {
    cs.note = "story has " + std::to_string(sentences.size()) + " sentences; coded the first " +
              std::to_string(options_.max_sentences_per_story);
    sentences.resize(options_.max_sentences_per_story);
  }
  // Each sentence is tokenized and looked up once: first for the
  // story-level discards, then for coding.
  std::vector<ParsedSentence>& parsed = lease.s->parsed;  // buffers of earlier stories
  if (parsed.size() < sentences.size()) parsed.resize(sentences.size());
  for (size_t i = 0; i < sentences.size(); ++i) parsed[i].Reset(/*keep_tokens=*/true);  // Tokenize refills them
  std::vector<std::string> discard_why(sentences.size());
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (sentences[i].size() > options_.max_sentence_bytes) {
      parsed[i].tokens.clear();
      continue;
    }
    parsed[i].text = sentences[i];
    tokenizer_.Tokenize(parsed[i].text, parsed[i].tokens);
    parser_.Lookup(parsed[i]);
    DiscardHits hits = FindDiscards(parsed[i]);
    if (!hits.story.empty()) {
      cs.discarded = true;
      cs.note = "story discarded: " + hits.story;
      return cs;
    }
    discard_why[i] = std::move(hits.sentence);
  }
  std::set<std::tuple<int32_t, std::string, std::string, std::string>> seen;
  lease.s->visitor.clear();
  lease.s->host.clear();
  cs.sentences.reserve(sentences.size());
  for (size_t i = 0; i < sentences.size(); ++i) {
    CodedSentence out;
    out.index = static_cast<uint32_t>(i);
    out.text = sentences[i];
    if (out.text.size() > options_.max_sentence_bytes) {
      out.note = "sentence longer than " + std::to_string(options_.max_sentence_bytes) + " bytes; not coded";
    } else {
      CodeSentence(story, parsed[i], discard_why[i], out, ctx, *lease.s);
      // The next sentence reuses this one's parse buffers (Parse() refills them).
      if (i + 1 < sentences.size()) {
        ParsedSentence& from = parsed[i];
        ParsedSentence& to = parsed[i + 1];
        auto pass = [](auto& a, auto& b) {
          a.clear();
          a.swap(b);
        };
        pass(from.units, to.units);
        pass(from.unit_of, to.unit_of);
        pass(from.mentions, to.mentions);
        pass(from.mention_at, to.mention_at);
        pass(from.mention_of, to.mention_of);
        pass(from.deleted, to.deleted);
        pass(from.clauses, to.clauses);
      }
    }
    for (const Event& e : out.events)
      if (seen.emplace(e.date.days, e.source, e.target, e.code).second) cs.events.push_back(e);
    cs.sentences.push_back(std::move(out));
  }
  return cs;
}

}  // namespace

Result<std::unique_ptr<Coder>> Coder::Create(std::shared_ptr<const DictionarySet> dicts, CoderOptions options) {
  if (!dicts) return Status::InvalidArgument("no dictionaries given to the coder");
  DYAD_ASSIGN_OR_RETURN(auto compiled, CompiledDict::Build(*dicts));
  DYAD_ASSIGN_OR_RETURN(Segmenter seg, Segmenter::Create());
  DYAD_ASSIGN_OR_RETURN(Tokenizer tok, Tokenizer::Create());
  return std::unique_ptr<Coder>(
      new CoderImpl(std::move(dicts), std::move(compiled), options, std::move(seg), std::move(tok)));
}

}  // namespace dyad
