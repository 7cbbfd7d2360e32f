// Parsing of `dyad code --format jsonl` event lines (internal).
#pragma once

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/store.h"

namespace dyad::store {

// Reusable parser: keeps its buffers and small caches between lines.
//
// Two paths with one result. The fast path is a single pass over the line
// that validates the whole line as JSON (a strict subset of it: no \u
// escapes, no exponents, no numbers longer than 18 digits, nesting below
// 32) while it picks the fields up in document order. Whenever the line
// leaves that subset, or the event in it is wrong in any way, the line is
// parsed again by the reference path (simdjson DOM, then the checks), which
// decides and writes the error message. So the fast path only ever has to
// be right about good lines in the subset; every message comes from one
// place.
class EventJsonParser {
 public:
  // Fills `out`; returns an error message, empty when the line is good.
  std::string Parse(std::string_view line, EventRecord* out);

  // The reference path alone (tests compare the two).
  std::string ParseReference(std::string_view line, EventRecord* out);

  // Lines taken by the fast path / handed to the reference path (tests).
  uint64_t fast_lines() const { return fast_lines_; }
  uint64_t slow_lines() const { return slow_lines_; }

 private:
  bool ParseFast(std::string_view line, EventRecord* out);
  const CodeFacts* Facts(std::string_view code);

  simdjson::dom::parser parser_;
  std::vector<uint64_t> quote_words_;  // quote positions of the line (fast path)
  // Last 10-character date string seen (as two overlapping words) and its
  // value (most lines repeat their story's).
  uint64_t last_date_head_ = 0, last_date_tail_ = 0;
  size_t last_date_len_ = 0;  // 10 when cached
  Date last_date_value_;
  // CAMEO facts of recently seen codes, direct-mapped by the code's bytes.
  struct FactsSlot {
    char code[8] = {};
    uint8_t len = 0;  // 0 = empty
    CodeFacts facts;
  };
  std::array<FactsSlot, 256> facts_cache_{};
  uint64_t fast_lines_ = 0;
  uint64_t slow_lines_ = 0;
};

}  // namespace dyad::store
