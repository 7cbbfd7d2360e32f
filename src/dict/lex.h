// Shared lexing for the dictionary readers: lines over a whole-file buffer,
// comment stripping, phrase/pattern tokenizing, code blocks, messages.
// Everything works on string_views into the file buffer; strings are only
// built for the words that end up in the model.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

#include "dyad/dict.h"
#include "dyad/status.h"

namespace dyad::dict_internal {

// One file being read.
struct Source {
  std::string name;        // as shown in messages
  uint32_t index = 0;      // DictionarySet::files index
  Dialect dialect = Dialect::kTabari;
  std::string_view text;   // whole file
};

// A physical line: `text` excludes the newline and any '\r'.
struct Line {
  uint32_t number = 0;     // 1-based
  std::string_view text;
};

class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  bool Next(Line* line);
 private:
  std::string_view text_;
  size_t pos_ = 0;
  uint32_t number_ = 0;
};

// "file:line:col: message\n  <line>\n  <caret>" (col is 1-based; 0 = no caret).
std::string FormatMessage(const Source& src, const Line& line, size_t col, std::string_view msg);
Status Error(const Source& src, const Line& line, size_t col, std::string_view msg);
void Warn(std::vector<DictWarning>* out, const Source& src, const Line& line, size_t col,
          std::string_view msg);
// Column (1-based) of `p` inside `line`.
inline size_t ColOf(const Line& line, std::string_view p) {
  return static_cast<size_t>(p.data() - line.text.data()) + 1;
}

inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
std::string_view Trim(std::string_view s);
std::string Upper(std::string_view s);
bool StartsWith(std::string_view s, std::string_view p);
bool IEquals(std::string_view a, std::string_view b);

// Removes comments. TABARI: a line whose first non-blank is '#' or '/', and
// anything after ';'. PETRARCH: '#' outside [...] / {...}, ';', and
// "<!-- ... -->" (possibly over several lines; `in_xml_comment` carries the
// state). Returns the remaining text (not trimmed).
std::string_view StripComment(std::string_view line, Dialect dialect, bool* in_xml_comment);

// ---------------------------------------------------------------- phrases --

enum class PhraseMode : uint8_t {
  kPhrase,    // actors, agents, synset members, nouns: words (and &SYNSETS)
  kPattern,   // verb patterns: also * ** $ + % ^ and { a | b }
  kVerb,      // verb lines: words, '+' before a word marks the head word
};

struct PhraseResult {
  Phrase phrase;
  int head_word = -1;       // kVerb: index of the '+'-marked word
  int verb_count = 0;       // number of kVerb elements
};

// Parses `text` (a view into `line`) into elements. Hyphens become '_'
// connectors; words are upper-cased. Returns a ParseError naming the column
// for unbalanced '{', a stray '}' or '|', or an empty phrase.
Status ParsePhrase(const Source& src, const Line& line, std::string_view text, PhraseMode mode,
                   PhraseResult* out);

// ------------------------------------------------------------------ codes --

// Parses an event code "[081]", "[013:012]", "[031!]", "[023?]", "[---]",
// "[- - -]", "[###]", "[+++]", "[:110]". `content` is between the brackets.
VerbCode ParseVerbCode(std::string_view content);

// Parses an actor code "USAGOV", "HOB < 950601", "X 950601-990815",
// "--- <950630", "ELR/GAL" (a coded compound: kept as written). kBadDate is
// recoverable (the real Phoenix files have a few impossible dates: the
// caller warns and drops that code); kBad is a hard error. `why` explains.
enum class CodeParse : uint8_t { kOk, kBadDate, kBad };
CodeParse ParseDatedCode(std::string_view content, DatedCode* out, std::string* why);

// Splits off the trailing code blocks "[..] [..]" of a line: `phrase` gets
// the text before the first '[', `blocks` the contents. Errors on a missing
// ']' or on text after a block.
// With `trailing`, text after the blocks is returned there instead of
// being an error.
Status SplitCodeBlocks(const Source& src, const Line& line, std::string_view text,
                       std::string_view* phrase, std::vector<std::string_view>* blocks,
                       std::string_view* trailing = nullptr);

// "--- NAME [CODE] ---" verb block header. The closing dashes are optional:
// the real CAMEO.verbpatterns.150430.txt has "--- DEFEND  ###" (which, after
// the '#' comment is removed, is "--- DEFEND").
bool IsBlockHeader(std::string_view t);

// Join of the words of a phrase ("AL GORE" for AL_GORE): duplicate detection.
std::string PhraseKey(const Phrase& p);

// A synset label line ("&NAME", "&NAME_" = no plurals; `name` is the label
// as written, `t` the trimmed line for columns): starts the synset or, when
// the label was seen before, continues it with a warning. Returns its index
// into set->synsets; `index` maps names to indexes.
size_t OpenSynset(const Source& src, const Line& line, std::string_view t, std::string_view name,
                  DictionarySet* set, std::unordered_map<std::string, size_t>& index,
                  std::vector<DictWarning>* w);

}  // namespace dyad::dict_internal
