// Text: sentence segmentation and tokenization of news text (ICU based).
//
// Segmenter and Tokenizer are cheap to copy per thread; their methods are
// const and reentrant once built. All offsets are UTF-8 byte offsets into
// the text that was passed in.
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

// Splits story text into sentences with ICU's sentence BreakIterator plus
// suppressions for abbreviations ("U.S.", "Mr.", "Gen.", "Jan." ...), and
// keeps quotes and closing parentheses with their sentence.
class Segmenter {
 public:
  static Result<Segmenter> Create();
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

// Splits one sentence into tokens (ICU word boundaries), splitting hyphenated
// words, possessives and "n't" contractions the way Treebank does.
class Tokenizer {
 public:
  static Result<Tokenizer> Create();
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
