// A small pull scanner for the restricted XML of PETRARCH input files:
// elements, attributes (single or double quoted, spaces around '='), text,
// comments, CDATA, processing instructions and DOCTYPE (skipped), and the
// five predefined entities plus numeric character references. It never
// reads past the end of its input whatever the bytes are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dyad/status.h"

namespace dyad::text {

struct XmlEvent {
  enum Kind { kStart, kEnd, kText, kEof };
  Kind kind = kEof;
  std::string name;
  std::vector<std::pair<std::string, std::string>> attrs;
  bool self_closing = false;  // <x/> : no kEnd event follows
  std::string text;           // kText: entities decoded
  uint32_t line = 0;          // where the event starts
  uint32_t column = 0;

  const std::string* Attr(std::string_view key) const {
    for (const auto& [k, v] : attrs)
      if (k == key) return &v;
    return nullptr;
  }
};

class XmlScanner {
 public:
  explicit XmlScanner(std::string_view doc) : doc_(doc) {}
  // Next event. On malformed input returns a ParseError whose message
  // starts with "line:col: "; the scanner then stands after the bad spot
  // (call Resync() to skip to a known tag).
  Status Next(XmlEvent& ev);
  // Moves to the next occurrence of `marker` (e.g. "<Sentence"); false if none.
  bool Resync(std::string_view marker);
  uint32_t line() const { return line_; }

 private:
  void Advance(size_t to);  // moves pos_ to `to`, counting lines
  Status Error(size_t at, const std::string& msg) const;
  void DecodeInto(std::string_view raw, std::string& out) const;
  std::string_view doc_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace dyad::text
