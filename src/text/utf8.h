// Small UTF-8 helpers shared by the text stage. Every function accepts
// arbitrary bytes: invalid sequences decode as U+FFFD and advance one byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dyad::text {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point starting at s[i] (i < s.size()) and stores its
// length in *len (>= 1). Overlong forms, surrogates and values above
// U+10FFFF are invalid.
inline char32_t DecodeUtf8(std::string_view s, size_t i, size_t* len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *len = 1;
    return b0;
  }
  size_t n;
  char32_t cp;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    *len = 1;
    return kReplacement;
  }
  if (i + n > s.size()) {
    *len = 1;
    return kReplacement;
  }
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      *len = 1;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *len = 1;
    return kReplacement;
  }
  *len = n;
  return cp;
}

inline void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Returns the byte offset of the first invalid sequence, or npos when `s`
// is valid UTF-8.
inline size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    if (DecodeUtf8(s, i, &len) == kReplacement && len == 1) return i;
    i += len;
  }
  return std::string_view::npos;
}

// Replaces every invalid sequence in `s` by U+FFFD; returns how many.
inline size_t SanitizeUtf8(std::string& s) {
  size_t first = FindInvalidUtf8(s);
  if (first == std::string_view::npos) return 0;
  std::string out(s, 0, first);
  size_t bad = 0;
  size_t i = first;
  while (i < s.size()) {
    size_t len;
    const char32_t cp = DecodeUtf8(s, i, &len);
    if (cp == kReplacement && len == 1) {
      ++bad;
      AppendUtf8(out, kReplacement);
    } else {
      out.append(s, i, len);
    }
    i += len;
  }
  s.swap(out);
  return bad;
}

inline bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace dyad::text
