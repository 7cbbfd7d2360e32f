// ASCII-only case folding: bytes outside A-Z (UTF-8 included) are left as
// they are, and no locale is consulted. Dictionary words, option names,
// attribute values, file suffixes and the store's text filter use it.
#pragma once

#include <string>
#include <string_view>

namespace dyad {

inline char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline void AsciiLowerInPlace(std::string& s) {
  for (char& c : s) c = AsciiLower(c);
}

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  AsciiLowerInPlace(out);
  return out;
}

}  // namespace dyad
