// The shallow parse of one sentence: tokens classified against the compiled
// dictionaries, actor mentions (actors with their agents, pronouns resolved),
// compound actors, deleted comma clauses and conjunction-delimited clauses.
// This is what the event rules in coder.cc work on.
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "coder/compiled.h"
#include "dyad/date.h"
#include "dyad/text.h"

namespace dyad::coder {

enum class Tag : uint8_t {
  kNone,      // unclassified word
  kActor,
  kAgent,
  kVerb,
  kNoun,
  kAdjective,
  kTime,
  kDeterminer,
  kPronoun,
  kConj,
  kComma,
  kPunct,
  kPossessive,
  kNumber,
  kNegation,
};

// A classified stretch of tokens [begin, end).
struct Unit {
  Tag tag = Tag::kNone;
  uint32_t begin = 0, end = 0;
  uint32_t payload = 0;   // actor entry / agent / verb / time index
  // A verb used as a noun ("the visit", "an attack"): it codes only through
  // a pattern that names a word before it ("- PAID A * TO + [042]").
  bool nominal = false;
};

// An actor as it appears in the sentence, with its resolved codes.
struct Mention {
  uint32_t begin = 0, end = 0;         // tokens covered (actor, agents, titles)
  uint32_t head_begin = 0, head_end = 0;  // the actor (or pronoun) phrase itself
  std::vector<std::string> codes;      // one per actor (coded compounds give several)
  int group = -1;                      // compound group index, -1 if alone
  bool pronoun = false;
  bool agent_only = false;             // an agent with no actor: codes "---GOV"
  // Agents joined by OF / IN / FROM ("ambassadors of A, B and C"): they apply
  // to every member of a compound that starts with this mention.
  std::vector<std::pair<std::string, bool>> linked_agents;
};

// Story-level memory used for pronouns and "the ministry" back-references.
struct StoryContext {
  std::vector<std::string> last_subject;  // codes of the previous sentence's first actor
  std::string last_country;               // root of the most recent actor mentioned
};

// The allocator of per-token arrays that are written in full before they
// are read (resize() leaves their elements uninitialised: no memset of
// arrays that are overwritten anyway).
template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <typename U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
template <typename T>
using FilledArray = std::vector<T, DefaultInitAllocator<T>>;

struct ParsedSentence {
  std::string_view text;
  std::vector<Token> tokens;
  // Per-token dictionary lookups.
  // (Lookup writes ids, lemmas and starts for every token, Classify
  // unit_of: FilledArrays.)
  FilledArray<uint32_t> ids;                       // vocab id or kNoWord
  FilledArray<const std::vector<uint32_t>*> lemmas;  // words this token inflects, or null
  FilledArray<uint16_t> starts;                    // CompiledDict::starts bits (kStarts*, kStem*, kHasLemmas)
  std::vector<Unit> units;
  FilledArray<int32_t> unit_of;        // token -> unit index
  std::vector<Mention> mentions;       // in text order
  std::vector<int32_t> mention_at;     // token -> mention starting there, or -1
  std::vector<int32_t> mention_of;     // token -> mention covering it, or -1
  std::vector<uint8_t> deleted;        // token removed by comma-clause deletion
  std::vector<std::pair<uint32_t, uint32_t>> clauses;  // token ranges
  int32_t time_shift = 0;
  bool discard = false;                // [###] seen
  bool complex = false;                // [+++] seen
  bool title_case = false;             // most words capitalised: no capitalisation rule
  // Per-token flags and token lists used inside one step of Parse()
  // (quoted stretches, compound commas, protected conjunctions), kept with
  // the sentence so that their memory is reused.
  std::vector<uint8_t> scratch_flags;
  FilledArray<uint32_t> scratch_tokens;
  std::vector<uint32_t> scratch_actor_units, scratch_agent_units;  // of one noun chunk

  // Empties the sentence for another one, keeping the vectors' capacity
  // (every other field as in a new ParsedSentence). With `keep_tokens` the
  // old tokens stay for Tokenizer::Tokenize to overwrite in place (it
  // reuses the Token objects and their strings instead of destroying and
  // building them again); the caller then must tokenize or clear `tokens`.
  void Reset(bool keep_tokens = false) {
    // In place: building a new ParsedSentence and moving it in cost about
    // 550 instructions a sentence. A field added above must be reset here.
    text = {};
    if (!keep_tokens) tokens.clear();
    ids.clear();
    lemmas.clear();
    starts.clear();
    units.clear();
    unit_of.clear();
    mentions.clear();
    mention_at.clear();
    mention_of.clear();
    deleted.clear();
    clauses.clear();
    time_shift = 0;
    discard = false;
    complex = false;
    title_case = false;
    scratch_flags.clear();
    scratch_tokens.clear();
    scratch_actor_units.clear();
    scratch_agent_units.clear();
  }
};

struct ParseOptions {
  int comma_min = 2, comma_max = 8;    // inner comma clauses deleted when word count in [min, max]
  int comma_bmin = 0, comma_bmax = 0;  // leading clause (0/0 = off)
  int comma_emin = 2, comma_emax = 8;  // trailing clause
  // Agents without an actor take the sentence's only country only when an
  // actor of that country stands in the same noun chunk's neighbourhood
  // (SET: DOMESTIC AGENTS = STRICT; docs/coding-rules.md).
  bool strict_domestic = false;
  // After a fronted subordinate clause the first comma stretch naming an
  // actor is the subject, not an aside (news rule MAIN VERBS).
  bool keep_subject_after_fronted = false;
};

class SentenceParser {
 public:
  SentenceParser(const CompiledDict& dict, const DictionarySet& set, ParseOptions options)
      : d_(dict), set_(set), opt_(options) {}

  // Parses `ps.text` (tokens must already be filled): ParseMentions, then
  // ParseClauses.
  void Parse(ParsedSentence& ps, Date date, StoryContext& ctx) const {
    ParseMentions(ps, date, ctx);
    ParseClauses(ps, ctx);
  }
  // The units (actors, agents, verbs, ...) and the mentions of actors.
  void ParseMentions(ParsedSentence& ps, Date date, StoryContext& ctx) const;
  // After ParseMentions: the comma clauses deleted (and the mentions in
  // them), the clauses, and the story's last subject. A sentence without
  // mentions whose clauses are not coded can do without it: it changes
  // nothing in `ctx` then.
  void ParseClauses(ParsedSentence& ps, StoryContext& ctx) const;

  // Does the token at `t` match word element `e`? (Inline: the pattern
  // matcher asks it at every position of a clause.)
  bool WordMatches(const CElem& e, const ParsedSentence& ps, uint32_t t) const {
    const uint32_t id = ps.ids[t];
    switch (e.match) {
      case WordMatch::kExact:
        return id == e.word;
      case WordMatch::kEndings:
        if (id == e.word) return true;
        if (const auto* l = ps.lemmas[t])
          for (uint32_t w : *l)
            if (w == e.word) return true;
        return false;
      case WordMatch::kStem:
        return ps.tokens[t].norm.size() >= e.text.size() &&
               std::string_view(ps.tokens[t].norm).substr(0, e.text.size()) == e.text;
    }
    return false;
  }
  // Matches `phrase` at consecutive tokens from `t`; returns tokens consumed or 0.
  uint32_t MatchName(const CPhrase& phrase, const ParsedSentence& ps, uint32_t t) const;

  // The code of actor entry `a` on `date` ("---" when null), as a reference
  // into the dictionary set (or to a constant "---").
  const std::string& ActorCode(uint32_t a, Date date) const;

  // Fills the per-token dictionary lookups (ids, lemmas); Parse() does it
  // when they are missing.
  void Lookup(ParsedSentence& ps) const;

  // Calls `f(phrase_index)` for every phrase of `index` whose first element
  // may match token `t` (by id, by inflection, or as a stem); stops early
  // when `f` returns true. Returns whether it stopped.
  template <typename F>
  bool ForEachCandidate(const PhraseIndex& index, const ParsedSentence& ps, uint32_t t, F&& f) const {
    auto each = [&](const std::vector<uint32_t>* cands) {
      if (cands)
        for (uint32_t c : *cands)
          if (f(c)) return true;
      return false;
    };
    const uint32_t id = ps.ids[t];
    if (id != kNoWord && each(index.ByWord(id))) return true;
    if (const auto* l = ps.lemmas[t])
      for (uint32_t w : *l)
        if (each(index.ByWord(w))) return true;
    if (index.has_stems()) return index.ForEachStem(ps.tokens[t].norm, [&](const std::vector<uint32_t>& c) { return each(&c); });
    return false;
  }

 private:
  void Classify(ParsedSentence& ps, Date date) const;
  void BuildMentions(ParsedSentence& ps, Date date, StoryContext& ctx) const;
  void FindCompounds(ParsedSentence& ps) const;
  void ResolvePronouns(ParsedSentence& ps, StoryContext& ctx) const;
  void AssignDomesticCountry(ParsedSentence& ps) const;
  void DeleteCommaClauses(ParsedSentence& ps) const;
  void SplitClauses(ParsedSentence& ps) const;
  // Longest match in `index` starting at token t: returns (phrase index, tokens) or tokens = 0.
  // `stems`: some stem of `index` may be a prefix of the token.
  std::pair<uint32_t, uint32_t> Longest(const PhraseIndex& index, const ParsedSentence& ps, uint32_t t,
                                        bool stems = true) const;

  const CompiledDict& d_;
  const DictionarySet& set_;
  ParseOptions opt_;
};

// "IRQ" + "GOV" -> "IRQGOV"; no duplicate if already present on a 3-letter boundary.
std::string AddAgent(const std::string& actor, const std::string& agent, bool prefix);

}  // namespace dyad::coder
