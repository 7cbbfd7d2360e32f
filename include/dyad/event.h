// A coded event: who did what to whom, when, with the evidence for it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dyad/date.h"

namespace dyad {

// A piece of a sentence: [begin, end) in UTF-8 bytes of the sentence text.
// Output formats convert to character (code point) offsets.
struct TextSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool empty() const { return begin >= end; }
};

struct Event {
  std::string story_id;
  uint32_t sentence = 0;      // 0-based; the title is sentence 0 when present
  Date date;
  std::string source;         // full actor codes, e.g. "IRQGOV"
  std::string target;
  std::string code;           // CAMEO event code, e.g. "042"
  std::string sentence_text;  // the sentence the event was coded from
  // Evidence: the phrases that produced the source, target and verb.
  TextSpan source_span;
  TextSpan target_span;
  TextSpan verb_span;
  std::vector<std::string> issues;   // issue codes matched in the sentence ("NUCLEAR 1")
  // Story metadata carried for output formats.
  std::string story_url;
  std::string story_source;
};

}  // namespace dyad
