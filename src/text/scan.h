// Byte scans used by the text stage's ASCII fast paths (SSE2 on x86-64,
// plain loops elsewhere). All of them accept arbitrary bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/simd.h"

namespace dyad::text {

// Index of the first '.', '!' or '?' in s at or after `from`, or s.size().
inline size_t FindTerminator(std::string_view s, size_t from) {
  const char* p = s.data();
  const size_t n = s.size();
  size_t i = from;
#if DYAD_SSE2
  const __m128i dot = _mm_set1_epi8('.'), q = _mm_set1_epi8('?'), ex = _mm_set1_epi8('!');
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, q)), _mm_cmpeq_epi8(v, ex));
    if (const int mask = _mm_movemask_epi8(m)) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < n; ++i)
    if (p[i] == '.' || p[i] == '!' || p[i] == '?') return i;
  return n;
}

// True when every byte of s is below 0x80.
inline bool IsAscii(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  size_t i = 0;
#if DYAD_SSE2
  __m128i h = _mm_setzero_si128();
  for (; i + 16 <= n; i += 16) h = _mm_or_si128(h, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
  // The tail as the last 16 bytes (overlapping bytes already seen).
  if (i < n && n >= 16) {
    h = _mm_or_si128(h, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16)));
    i = n;
  }
  if (_mm_movemask_epi8(h)) return false;
#endif
  for (; i < n; ++i)
    if (static_cast<unsigned char>(p[i]) >= 0x80) return false;
  return true;
}

// Index of the first byte at or after `from` that is not an ASCII letter
// or digit, or s.size().
inline size_t SkipAsciiAlnum(std::string_view s, size_t from) {
  const char* p = s.data();
  const size_t n = s.size();
  size_t i = from;
#if DYAD_SSE2
  const __m128i case_bit = _mm_set1_epi8(0x20);
  const __m128i alpha_shift = _mm_set1_epi8(static_cast<char>(128 - 'a'));
  const __m128i digit_shift = _mm_set1_epi8(static_cast<char>(128 - '0'));
  const __m128i alpha_limit = _mm_set1_epi8(static_cast<char>(-128 + 26));
  const __m128i digit_limit = _mm_set1_epi8(static_cast<char>(-128 + 10));
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, case_bit), alpha_shift), alpha_limit);
    const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, digit_shift), digit_limit);
    const unsigned other = ~static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(alpha, digit))) & 0xFFFFu;
    if (other) return i + static_cast<size_t>(__builtin_ctz(other));
  }
#endif
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9')) return i;
  }
  return n;
}

// Copies s[from, from + len) to out upper-casing ASCII a-z; out has room
// for len bytes rounded up to 16. Bytes of s after the range may be read
// (never past s.size()).
inline void CopyAsciiUpper(std::string_view s, size_t from, size_t len, char* out) {
  const char* p = s.data() + from;
  size_t k = 0;
#if DYAD_SSE2
  const __m128i shift = _mm_set1_epi8(static_cast<char>(128 - 'a'));
  const __m128i limit = _mm_set1_epi8(static_cast<char>(-128 + 26));
  const __m128i case_bit = _mm_set1_epi8(0x20);
  for (; k < len && from + k + 16 <= s.size(); k += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k));
    const __m128i lower = _mm_cmplt_epi8(_mm_add_epi8(v, shift), limit);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + k), _mm_xor_si128(v, _mm_and_si128(lower, case_bit)));
  }
#endif
  for (; k < len; ++k) {
    const char c = p[k];
    out[k] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  }
}

#if DYAD_SSE2
// The 16 bytes at p upper-cased (ASCII a-z) into out[0, 16); returns a
// mask with bit i set when p[i] is an ASCII letter or digit.
inline unsigned UpperAlnum16(const char* p, char* out) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i case_bit = _mm_set1_epi8(0x20);
  const __m128i alpha_shift = _mm_set1_epi8(static_cast<char>(128 - 'a'));
  const __m128i digit_shift = _mm_set1_epi8(static_cast<char>(128 - '0'));
  const __m128i alpha_limit = _mm_set1_epi8(static_cast<char>(-128 + 26));
  const __m128i digit_limit = _mm_set1_epi8(static_cast<char>(-128 + 10));
  const __m128i lower = _mm_cmplt_epi8(_mm_add_epi8(v, alpha_shift), alpha_limit);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_xor_si128(v, _mm_and_si128(lower, case_bit)));
  const __m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, case_bit), alpha_shift), alpha_limit);
  const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, digit_shift), digit_limit);
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(alpha, digit)));
}
#endif

// One 16-byte step for a word starting at `from` (s[from] a letter, from +
// 16 <= s.size()): stores s[from, from + 16) upper-cased (ASCII a-z) to
// out[0, 16) and returns the index of the first byte after `from` that is
// not an ASCII letter or digit (SkipAsciiAlnum(s, from + 1)), or 0 when
// all 16 bytes are letters or digits (the caller then takes the general
// path). Without SSE2 it always returns 0.
inline size_t UpperWord16(std::string_view s, size_t from, char* out) {
#if DYAD_SSE2
  const unsigned other = ~UpperAlnum16(s.data() + from, out) & 0xFFFEu;
  return other ? from + static_cast<size_t>(__builtin_ctz(other)) : 0;
#else
  (void)s;
  (void)from;
  (void)out;
  return 0;
#endif
}

// UpperWord16 for a word near the end of s (s.size() >= 16, from + 16 >
// s.size(), s[from] a letter): upper-cases the last 16 bytes of s into
// out[0, 16) and returns the index of the first byte after `from` that is
// not an ASCII letter or digit, or s.size(). The word's upper-case form
// starts at out + (from + 16 - s.size()). Without SSE2 it returns 0 (the
// caller then takes the general path).
inline size_t UpperWordTail16(std::string_view s, size_t from, char* out) {
#if DYAD_SSE2
  const size_t base = s.size() - 16;
  const unsigned off = static_cast<unsigned>(from - base);  // 1..15
  const unsigned other = ~UpperAlnum16(s.data() + base, out) & (0xFFFFu << (off + 1)) & 0xFFFFu;
  return other ? base + static_cast<size_t>(__builtin_ctz(other)) : s.size();
#else
  (void)s;
  (void)from;
  (void)out;
  return 0;
#endif
}

struct TextFlags {
  bool terminator = false;  // '.', '!', '?'
  bool non_ascii = false;   // a byte >= 0x80
  bool upper = false;       // A-Z
  bool lower = false;       // a-z
};

inline TextFlags ScanFlags(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  size_t i = 0;
  unsigned term = 0, high = 0, up = 0, low = 0;
#if DYAD_SSE2
  const __m128i dot = _mm_set1_epi8('.'), q = _mm_set1_epi8('?'), ex = _mm_set1_epi8('!');
  // (c + (128 - 'A')) as signed < -128 + 26  <=>  'A' <= c <= 'Z' (likewise a-z)
  const __m128i up_shift = _mm_set1_epi8(static_cast<char>(128 - 'A'));
  const __m128i low_shift = _mm_set1_epi8(static_cast<char>(128 - 'a'));
  const __m128i limit = _mm_set1_epi8(static_cast<char>(-128 + 26));
  __m128i t = _mm_setzero_si128(), u = _mm_setzero_si128(), l = _mm_setzero_si128(), h = _mm_setzero_si128();
  // 32 bytes a pass (one loop step for two blocks).
  for (; i + 32 <= n; i += 32) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16));
    t = _mm_or_si128(t, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, dot), _mm_cmpeq_epi8(a, q)), _mm_cmpeq_epi8(a, ex)));
    t = _mm_or_si128(t, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, dot), _mm_cmpeq_epi8(b, q)), _mm_cmpeq_epi8(b, ex)));
    u = _mm_or_si128(u, _mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(a, up_shift), limit),
                                     _mm_cmplt_epi8(_mm_add_epi8(b, up_shift), limit)));
    l = _mm_or_si128(l, _mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(a, low_shift), limit),
                                     _mm_cmplt_epi8(_mm_add_epi8(b, low_shift), limit)));
    h = _mm_or_si128(h, _mm_or_si128(a, b));
  }
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    t = _mm_or_si128(t, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, q)), _mm_cmpeq_epi8(v, ex)));
    u = _mm_or_si128(u, _mm_cmplt_epi8(_mm_add_epi8(v, up_shift), limit));
    l = _mm_or_si128(l, _mm_cmplt_epi8(_mm_add_epi8(v, low_shift), limit));
    h = _mm_or_si128(h, v);
  }
  // The tail as the last 16 bytes (flags are ORs: seeing bytes twice is harmless).
  if (i < n && n >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
    t = _mm_or_si128(t, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, q)), _mm_cmpeq_epi8(v, ex)));
    u = _mm_or_si128(u, _mm_cmplt_epi8(_mm_add_epi8(v, up_shift), limit));
    l = _mm_or_si128(l, _mm_cmplt_epi8(_mm_add_epi8(v, low_shift), limit));
    h = _mm_or_si128(h, v);
    i = n;
  }
  term = static_cast<unsigned>(_mm_movemask_epi8(t));
  up = static_cast<unsigned>(_mm_movemask_epi8(u));
  low = static_cast<unsigned>(_mm_movemask_epi8(l));
  high = static_cast<unsigned>(_mm_movemask_epi8(h));
#endif
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    term |= c == '.' || c == '!' || c == '?';
    high |= c >= 0x80;
    up |= c >= 'A' && c <= 'Z';
    low |= c >= 'a' && c <= 'z';
  }
  return {term != 0, high != 0, up != 0, low != 0};
}

}  // namespace dyad::text
