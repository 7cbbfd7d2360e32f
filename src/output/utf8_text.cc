// JSON string escaping with U+FFFD replacement, and byte -> code point offsets.
#include "output/utf8_text.h"

#include <emmintrin.h>

#include <algorithm>
#include <string>

#include "dyad/output.h"

namespace dyad {
namespace output_internal {

size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  unsigned char c = s[i];
  if (c < 0x80) return 1;
  auto cont = [&](size_t k) { return i + k < n && (s[i + k] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    unsigned char c1 = s[i + 1];
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 > 0x9F) return 0;  // UTF-16 surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    unsigned char c1 = s[i + 1];
    if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
    if (c == 0xF4 && c1 > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;  // continuation byte, C0/C1, F5-FF
}

}  // namespace output_internal

void AppendJsonEscaped(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // Copy the run of bytes that need no attention in one append. 16 bytes
    // at a time: a signed compare with 0x20 catches both the control bytes
    // and the bytes >= 0x80.
    size_t run = i;
    while (run + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + run));
      const __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
      const auto mask = static_cast<unsigned>(_mm_movemask_epi8(bad));
      if (mask) {
        run += static_cast<size_t>(__builtin_ctz(mask));
        break;
      }
      run += 16;
    }
    while (run < n) {
      auto c = static_cast<unsigned char>(text[run]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++run;
    }
    if (run > i) {
      out->append(text.data() + i, run - i);
      i = run;
      if (i >= n) break;
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t len = output_internal::Utf8SequenceLength(text, i);
      if (len == 0) {
        out->append("\xEF\xBF\xBD");  // U+FFFD for each ill-formed byte
        i += 1;
      } else {
        out->append(text.data() + i, len);
        i += len;
      }
      continue;
    }
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default: {
        char buf[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out->append(buf, 6);
      }
    }
    ++i;
  }
}

uint32_t CodePointOffset(std::string_view text, uint32_t byte_offset) {
  size_t end = std::min<size_t>(byte_offset, text.size());
  uint32_t count = 0;
  size_t i = 0;
  while (i < end) {
    // Runs of ASCII, 16 bytes at a time.
    while (i + 16 <= end &&
           _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i))) == 0) {
      i += 16;
      count += 16;
    }
    if (i >= end) break;
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
    } else {
      size_t len = output_internal::Utf8SequenceLength(text, i);
      i += len == 0 ? 1 : len;
    }
    ++count;
  }
  return count;
}

}  // namespace dyad
