// Text: sentence segmentation and tokenization of news text (ICU based).
//
// Segmenter and Tokenizer are built once (Create() loads ICU data; the
// Tokenizer builds its ICU transliterator on the first non-ASCII word) and
// their methods are const and thread-safe: a call that needs ICU borrows a
// private ICU object from a small internal pool, so one instance may be
// shared by threads or copied per thread. Pure-ASCII text takes fast paths
// that give the same results without ICU. All offsets are UTF-8 byte offsets into the text that
// was passed in; arbitrary bytes (invalid UTF-8) are accepted.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/status.h"

namespace dyad {

struct SentenceSpan {
  uint32_t begin = 0;  // byte offsets into the story text, whitespace trimmed
  uint32_t end = 0;
};

enum class TokenKind : uint8_t {
  kWord,        // letters/digits, may contain inner '.' ("U.S.") or '&' ("AT&T")
  kNumber,      // "140,000", "1980", "$1"
  kPossessive,  // "'s" / "'" split off a word ("Iraq's" -> "Iraq", "'s")
  kNegation,    // "n't" split off a word ("didn't" -> "did", "n't")
  kComma,       // ","
  kPeriod,      // sentence-final "." "!" "?"
  kColon,       // ":" ";"
  kQuote,       // any quotation mark
  kOpenParen,   // "(" "["
  kCloseParen,  // ")" "]"
  kDash,        // "-", "--", en/em dash standing alone
  kSymbol,      // anything else
};

struct Token {
  uint32_t begin = 0;      // byte offsets into the sentence text
  uint32_t end = 0;
  TokenKind kind = TokenKind::kWord;
  // Upper-case, accent-free ASCII form used for dictionary matching:
  // "Duleimi" -> "DULEIMI", "Éire" -> "EIRE", "’s" -> "'S", "n’t" -> "N'T".
  std::string norm;
  bool capitalized = false;      // first letter upper-case in the text
  bool hyphen_before = false;    // joined to the previous token by '-' ("al-Duleimi")
};

struct SegmenterOptions {
  // Break pure-ASCII paragraphs with dyad's implementation of ICU's
  // sentence rules instead of ICU's BreakIterator (same spans, ~10x
  // faster). false sends every paragraph through ICU (for comparisons).
  bool ascii_fast_path = true;
};

// Splits story text into sentences with ICU's sentence BreakIterator plus
// suppressions for abbreviations ("U.S.", "Mr.", "Gen.", "Jan." ...) and
// initials, and keeps quotes and closing parentheses with their sentence.
// A blank line always ends a sentence; single newlines do not. "U.S." and
// similar end a sentence only before a capitalised pronoun/determiner/
// conjunction ("He went to the U.S. He left." splits, "The U.S. Army said."
// does not). Spans are trimmed and never empty. See src/text/segmenter.cc.
class Segmenter {
 public:
  static Result<Segmenter> Create();
  static Result<Segmenter> Create(const SegmenterOptions& options);
  std::vector<SentenceSpan> Split(std::string_view text) const;
  Segmenter(const Segmenter&);
  Segmenter& operator=(const Segmenter&);
  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;
  ~Segmenter();
  struct Impl;
 private:
  explicit Segmenter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct TokenizerOptions {
  // Tokenize pure-ASCII sentences with a specialisation of the scanner
  // that skips UTF-8 decoding and ICU (same tokens). false runs every
  // sentence through the general scanner (for comparisons).
  bool ascii_fast_path = true;
};

// Splits one sentence into tokens (a byte-table scanner with ICU character
// properties for non-ASCII), splitting hyphenated words, possessives and
// "n't" contractions the way Treebank does; "U.S." keeps its dots and a
// sentence-final "." is its own kPeriod token. See src/text/tokenizer.cc.
class Tokenizer {
 public:
  static Result<Tokenizer> Create();
  static Result<Tokenizer> Create(const TokenizerOptions& options);
  // Appends to `out` (cleared first) so callers can reuse its capacity.
  void Tokenize(std::string_view sentence, std::vector<Token>& out) const;
  Tokenizer(const Tokenizer&);
  Tokenizer& operator=(const Tokenizer&);
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();
  struct Impl;
 private:
  explicit Tokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dyad
