// ICU's sentence-break rules (UAX #29, "Sentence Boundaries") for pure
// ASCII text, without ICU: the fast path of the Segmenter.
//
// The character classes are read from ICU's Sentence_Break property once
// (AsciiSentenceClasses::FromIcu), so the rules see exactly what ICU's
// BreakIterator sees. Only the rules that ASCII text can reach are
// implemented (no Extend/Format/OLetter/Sep characters exist in ASCII);
// a byte whose class is outside that set is reported by `Supported()` so
// the caller can send such text to ICU instead. Line ends (\r \n \f \v)
// count as spaces, as the Segmenter turns them into spaces before ICU.
//
// tests/text/sentence_breaks_test.cc checks the breaks against ICU's
// BreakIterator on random and real text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "text/scan.h"

namespace dyad::text {

enum class SbClass : uint8_t { kOther, kSp, kLower, kUpper, kNumeric, kATerm, kSTerm, kClose, kSContinue, kUnsupported };

class AsciiSentenceClasses {
 public:
  // Classes of bytes 0..127 from ICU's UCHAR_SENTENCE_BREAK property.
  static AsciiSentenceClasses FromIcu();
  SbClass Get(unsigned char c) const { return cls_[c]; }
  // False when some byte of `s` is non-ASCII or of a class the fast path
  // does not implement.
  bool Supported(std::string_view s) const;
  // True when every ASCII byte has a class the fast path implements (so
  // Supported(s) is "s is ASCII").
  bool AllAsciiSupported() const { return all_ascii_; }

 private:
  SbClass cls_[256] = {};
  bool all_ascii_ = false;
};

// Calls on_break(pos) for each boundary ICU's sentence BreakIterator reports
// in `s` (pure ASCII, Supported(s) true), in increasing order, excluding 0
// and including s.size() when s is not empty.
template <typename F>
void AsciiSentenceBreaks(const AsciiSentenceClasses& cls, std::string_view s, F&& on_break) {
  const size_t n = s.size();
  auto at = [&](size_t i) { return cls.Get(static_cast<unsigned char>(s[i])); };
  for (size_t t = FindTerminator(s, 0); t < n; t = FindTerminator(s, t + 1)) {
    const SbClass tc = at(t);
    if (tc != SbClass::kATerm && tc != SbClass::kSTerm) continue;
    // SATerm Close* Sp*: no break inside (SB9, SB10); the candidate is after it.
    size_t k = t + 1;
    while (k < n && at(k) == SbClass::kClose) ++k;
    while (k < n && at(k) == SbClass::kSp) ++k;
    if (k >= n) break;  // end of text: the final boundary below
    const SbClass r = at(k);
    if (tc == SbClass::kATerm) {
      if (k == t + 1) {
        if (r == SbClass::kNumeric) continue;  // SB6
        if (r == SbClass::kUpper && t > 0 &&
            (at(t - 1) == SbClass::kUpper || at(t - 1) == SbClass::kLower))
          continue;  // SB7
      }
      // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower
      size_t m = k;
      while (m < n) {
        const SbClass x = at(m);
        if (x == SbClass::kUpper || x == SbClass::kLower || x == SbClass::kATerm || x == SbClass::kSTerm) break;
        ++m;
      }
      if (m < n && at(m) == SbClass::kLower) continue;
    }
    if (r == SbClass::kSContinue || r == SbClass::kATerm || r == SbClass::kSTerm) continue;  // SB8a
    on_break(k);  // SB11
    t = k - 1;
  }
  if (n > 0) on_break(n);
}

}  // namespace dyad::text
