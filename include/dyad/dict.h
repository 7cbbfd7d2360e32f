// Dictionaries: the parsed, format-independent model of TABARI, PETRARCH-1
// and PETRARCH-2 dictionary files, and the DictionarySet that holds them.
//
// Readers (src/dict) turn each file format into these structures, keeping
// what was written (connectors, stemming marks, dates, special codes) so the
// coder (src/coder) can compile them into its matchers. A DictionarySet is
// built once, then shared read-only by all coder threads.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "dyad/date.h"
#include "dyad/status.h"

namespace dyad {

// Where a dictionary entry was written: for messages and `--verbose` usage.
struct DictLoc {
  uint32_t file = 0;   // index into DictionarySet::files
  uint32_t line = 0;   // 1-based
};

// Which program's conventions a file follows. They differ in how a bare word
// matches: TABARI treats a word without a trailing '_' as a stem (prefix),
// PETRARCH-1/2 only match complete words (plus generated regular forms).
enum class Dialect : uint8_t { kTabari, kPetrarch1, kPetrarch2 };

// How one written word may match a text token.
enum class WordMatch : uint8_t {
  kStem,      // TABARI bare word: prefix of the token ("SYRI" ~ "SYRIANS")
  kEndings,   // exact, or exact + regular ending (S, 'S, ED, ES, EN, ING; plural rules)
  kExact,     // exact only (TABARI '=' suffix, PETRARCH forms listed in {...})
};

// A code with its validity period (inclusive day numbers; open ends are the
// extreme values). TABARI: [CODE <YYMMDD], [CODE >YYMMDD], [CODE D1-D2].
struct DatedCode {
  std::string code;   // "IRQGOV", "---" (null), "###" (discard), "+++" (complex)
  int32_t from = std::numeric_limits<int32_t>::min();
  int32_t to = std::numeric_limits<int32_t>::max();
  bool Covers(Date d) const { return d.days >= from && d.days <= to; }
};

// ---------------------------------------------------------------- phrases --

// One element of a phrase or pattern, in written order.
struct PatternElement {
  enum class Kind : uint8_t {
    kWord,       // `text` holds the upper-case word
    kSynset,     // `text` holds the synset name including '&' ("&CURRENCY")
    kVerb,       // '*' (TABARI, PETRARCH-1) or '**' : where the verb goes
    kSource,     // '$'
    kTarget,     // '+'
    kCompound,   // '%' : a compound actor that is both source and target
    kSkipActor,  // '^' : skip one actor (or compound)
    kAlternatives,  // '{ a | b | c }' : `alternatives` holds the options
  };
  Kind kind = Kind::kWord;
  std::string text;
  WordMatch match = WordMatch::kEndings;
  // True when this element must immediately follow the previous one
  // (written with '_' between them); false for ' ' (words may intervene).
  bool adjacent_to_previous = false;
  // TABARI "XXXX~ YYYY": this word may take any ending and the next element
  // must follow immediately.
  bool tilde = false;
  std::vector<std::vector<PatternElement>> alternatives;
  // [src/dict addition] PETRARCH-2 groups, flattened: `group` is the kind of
  // the innermost group this element belongs to ("{...}" noun phrase, whose
  // last word is the head; "(...)" prepositional phrase, whose first word is
  // the preposition), `group_id` numbers the outermost group within the
  // pattern (1-based, 0 = not in a group), `group_start` marks the first
  // element of every group (inner or outer).
  enum class Group : uint8_t { kNone, kNounPhrase, kPrepPhrase };
  Group group = Group::kNone;
  uint16_t group_id = 0;
  bool group_start = false;
};

using Phrase = std::vector<PatternElement>;

// ----------------------------------------------------------------- actors --

struct ActorEntry {
  std::vector<Phrase> phrases;       // primary phrase first, then '+' synonyms
  std::vector<DatedCode> codes;      // in written order; undated = default
  DictLoc loc;
};

// <NOUN> / <ADJECTIVE> sections (TABARI): words that steer the shallow parse.
struct WordClassEntry {
  Phrase phrase;
  enum class Class : uint8_t { kNoun, kAdjective } cls = Class::kNoun;
  DictLoc loc;
};

// ----------------------------------------------------------------- agents --

struct AgentEntry {
  Phrase phrase;                  // singular form as written (after !SET! substitution)
  std::vector<Phrase> plurals;    // explicit plurals from {...}; see `plural_rule`
  enum class PluralRule : uint8_t {
    kRegular,     // generate S / IES / ES automatically
    kNone,        // "{}" : no plural
    kExplicit,    // only those listed in `plurals`
  } plural_rule = PluralRule::kRegular;
  std::string code;               // without '~', e.g. "GOV", "MIL"
  bool prefix = false;            // true for "NGO~" (agent code before the actor code)
  DictLoc loc;
};

// ------------------------------------------------------------------ verbs --

// An event code as written in a verb dictionary.
struct VerbCode {
  std::string code;          // "081"; for paired codes the first half
  std::string paired;        // "[013:012]": the reverse-direction code ("012"), else empty
  enum class Special : uint8_t { kNone, kNull, kDiscard, kComplex } special = Special::kNone;
  bool dominant = false;     // TABARI "[031!]"
  bool subordinate = false;  // TABARI/PETRARCH "[023?]": coded only if nothing else is
  bool empty() const { return code.empty() && special == Special::kNone; }
};

struct VerbPattern {
  Phrase elements;     // includes exactly one kVerb element (TABARI/PETRARCH-1)
  VerbCode code;
  DictLoc loc;
};

// One verb block: a set of verb forms sharing a pattern list.
struct VerbEntry {
  // The verb as written, e.g. "ABANDON", "+CORDON_OFF" (the '+' marks the
  // word that inflects), with the position of the inflecting word.
  Phrase verb;
  uint32_t head_word = 0;             // index into `verb` of the inflecting word
  std::vector<Phrase> irregular_forms;  // from {...}
  VerbCode code;                      // code of the isolated verb (may be empty)
  std::vector<VerbPattern> patterns;  // '-' lines
  std::string block;                  // PETRARCH-1 "--- NAME [CODE] ---" block name
  DictLoc loc;
  // [src/dict addition] Index into DictionarySet::verbs of the entry whose
  // `patterns` apply to this verb. TABARI: the entry itself. PETRARCH-1: all
  // verbs of a "--- NAME ---" block share one pattern list, stored once on
  // the first verb of the block. `code` is already the effective code (the
  // verb's own code, else the block code, else null "---").
  uint32_t patterns_of = 0;
};

struct Synset {
  std::string name;                 // with '&'
  std::vector<Phrase> members;      // '+' lines
  bool no_plurals = false;          // PETRARCH-1 label ending in '_'
  DictLoc loc;
};

// TABARI <TIME> section: phrases that shift the event date.
struct TimeShift {
  Phrase phrase;
  int32_t days = 0;
  VerbCode::Special special = VerbCode::Special::kNone;  // [###], [+++], [---]
  DictLoc loc;
};

// ----------------------------------------------------- PETRARCH-2 verbs --

// A PETRARCH-2 (CAMEO.2.0.txt) pattern, approximated for a shallow parse.
// Elements before the verb are `pre`, after it `post`; noun-phrase groups
// "{...}" and prepositional groups "(...)" are flattened into word elements
// with `group` marking where each group starts (see docs/dictionary-format.md).
struct Petrarch2Pattern {
  std::vector<PatternElement> pre;
  std::vector<PatternElement> post;
  VerbCode code;
  DictLoc loc;
};

struct Petrarch2Verb {
  std::string lemma;                       // "ABANDON"; multi-word "CLEAR_UP" ('+' removed)
  std::vector<std::string> forms;          // inflected forms as listed in {...} (not generated)
  VerbCode code;
  std::vector<Petrarch2Pattern> patterns;
  DictLoc loc;
  // [src/dict additions]
  Phrase verb;                 // the verb as a phrase (words of a multi-word verb)
  uint32_t head_word = 0;      // index into `verb` of the '+'-marked word (0 if none)
  std::string block;           // "---  NAME  [CODE]  ---" block name
  // Index into DictionarySet::p2_verbs of the entry holding the block's
  // shared patterns (the first verb of the block); see VerbEntry::patterns_of.
  uint32_t patterns_of = 0;
};

// PETRARCH-2 '~' transformation: when an event code is itself the object of
// another verb ("A said B attacked C"), combine codes.
struct Transformation {
  std::string pattern;     // as written, e.g. "a (b c 043) 010"
  std::string result;      // e.g. "b c 043"
  DictLoc loc;
};

// ------------------------------------------------------- discards, issues --

struct DiscardEntry {
  std::string text;        // upper-case phrase
  bool story_level = false;  // '+' prefix: discard the whole story
  bool exact_end = false;    // trailing '_': must end at a word boundary
  DictLoc loc;
};

struct IssueEntry {
  std::string text;          // upper-case phrase, after n:/v:/+ expansion
  std::string code;          // issue code
  bool ignore = false;       // '~' : a phrase that cancels issue coding
  DictLoc loc;
};

// ----------------------------------------------------------------- options --

// TABARI .options (and PETRARCH config) settings that change coding.
struct CodingOptions {
  bool require_dyad = true;          // PETRARCH require_dyad
  bool code_all_verbs = true;        // TABARI "SET: CODE ALL"? (see reader)
  std::string default_source;        // TABARI DEFAULT: SOURCE
  std::string default_target;        // TABARI DEFAULT: TARGET
  // TABARI COMPLEX: conditions (VERBS[n] CONJ[n] NOACTPRIOR ...)
  int complex_verbs = 0;             // 0 = no limit
  int complex_conj = 0;
  bool complex_no_actor_prior = false;
  bool convert_agents = false;       // SET: CONVERT AGENTS
  // PETRARCH comma_* settings: clause deletion between commas.
  int comma_min = 2, comma_max = 8;
  int comma_bmin = 0, comma_bmax = 0;
  int comma_emin = 2, comma_emax = 8;
  std::unordered_map<std::string, std::string> labels;   // LABEL: code=name
  std::unordered_map<std::string, std::string> raw;      // every SET:/other line, key -> value
};

// ------------------------------------------------------------ the whole set --

// Everything loaded for one coding run. Immutable once built.
struct DictionarySet {
  std::vector<std::string> files;        // file names, indexed by DictLoc::file
  std::vector<Dialect> file_dialect;     // per file

  std::vector<ActorEntry> actors;
  std::vector<WordClassEntry> word_classes;
  std::vector<AgentEntry> agents;
  std::vector<VerbEntry> verbs;
  std::vector<Synset> synsets;
  std::vector<TimeShift> time_shifts;
  std::vector<Petrarch2Verb> p2_verbs;
  std::vector<Transformation> transformations;
  std::vector<DiscardEntry> discards;
  std::vector<IssueEntry> issues;
  CodingOptions options;

  // "file.txt:123"
  std::string Where(const DictLoc& loc) const;
};

// Counts for `--verbose`.
struct DictStats {
  size_t actor_entries = 0, actor_phrases = 0, agents = 0, verbs = 0,
         verb_patterns = 0, synsets = 0, discards = 0, issues = 0,
         p2_verbs = 0, p2_patterns = 0;
};
DictStats CountEntries(const DictionarySet& set);

// Recoverable problems found while reading (a duplicate entry, an unknown
// option). Hard errors are returned as Status instead.
struct DictWarning {
  std::string message;   // "file:line:col: message\n  offending line"
};

// What to load: explicit files by role, or a TABARI .project / PETRARCH
// config.ini which names them.
struct DictSpec {
  std::vector<std::string> actor_files, agent_files, verb_files, discard_files,
      issue_files, options_files, p2_verb_files;
  std::string project_file;   // TABARI .project or PETRARCH .ini / PETR XML <Environment>
  // [src/dict addition] Text files named by the project (<textfile>,
  // textfile_list), resolved to paths; not read by LoadDictionaries.
  std::vector<std::string> text_files;
};

// Reads every file named by `spec` into one set. The file's format is taken
// from its role and content (TABARI vs PETRARCH-1 vs PETRARCH-2 verbs).
// Errors read "file:line:col: message" followed by the offending line.
Result<std::shared_ptr<const DictionarySet>> LoadDictionaries(
    const DictSpec& spec, std::vector<DictWarning>* warnings = nullptr);

// The files a TABARI .project or PETRARCH .ini names (paths resolved),
// including its text files; the project itself is not loaded.
Result<DictSpec> ReadProjectSpec(const std::string& path);

// Splits a `--dict` argument: a comma-separated list of files whose role is
// inferred from the name (*.actors, *actors*.txt, *.verbs, *verb*, *agents*,
// *discard*, *Issue*, *.options, *.project, *.ini), or a single .project/.ini.
Result<DictSpec> ParseDictArgument(const std::string& arg);

}  // namespace dyad
