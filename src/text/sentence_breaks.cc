#include "text/sentence_breaks.h"

#include <unicode/uchar.h>

namespace dyad::text {

AsciiSentenceClasses AsciiSentenceClasses::FromIcu() {
  AsciiSentenceClasses c;
  for (int b = 0; b < 256; ++b) c.cls_[b] = SbClass::kUnsupported;
  for (UChar32 ch = 0; ch < 0x80; ++ch) {
    SbClass k = SbClass::kUnsupported;
    switch (u_getIntPropertyValue(ch, UCHAR_SENTENCE_BREAK)) {
      case U_SB_OTHER: k = SbClass::kOther; break;
      case U_SB_SP: k = SbClass::kSp; break;
      case U_SB_LOWER: k = SbClass::kLower; break;
      case U_SB_UPPER: k = SbClass::kUpper; break;
      case U_SB_NUMERIC: k = SbClass::kNumeric; break;
      case U_SB_ATERM: k = SbClass::kATerm; break;
      case U_SB_STERM: k = SbClass::kSTerm; break;
      case U_SB_CLOSE: k = SbClass::kClose; break;
      case U_SB_SCONTINUE: k = SbClass::kSContinue; break;
      default: break;  // CR, LF, Sep, Extend, Format, OLetter
    }
    c.cls_[ch] = k;
  }
  // The Segmenter turns line ends into spaces before breaking.
  for (unsigned char ch : {'\r', '\n', '\f', '\v'}) c.cls_[ch] = SbClass::kSp;
  // The rules above test '.', '!' and '?' first; any other terminator
  // would be missed, so such a table is not usable.
  for (int ch = 0; ch < 0x80; ++ch) {
    const SbClass k = c.cls_[ch];
    if ((k == SbClass::kATerm && ch != '.') || (k == SbClass::kSTerm && ch != '!' && ch != '?'))
      c.cls_[ch] = SbClass::kUnsupported;
  }
  c.all_ascii_ = true;
  for (int ch = 0; ch < 0x80; ++ch) c.all_ascii_ &= c.cls_[ch] != SbClass::kUnsupported;
  return c;
}

bool AsciiSentenceClasses::Supported(std::string_view s) const {
  for (char ch : s)
    if (cls_[static_cast<unsigned char>(ch)] == SbClass::kUnsupported) return false;
  return true;
}

}  // namespace dyad::text
