// Parsing of `dyad code --format jsonl` event lines (internal).
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "dyad/store.h"

namespace dyad::store {

// Reusable parser: keeps simdjson's buffers between lines.
class EventJsonParser {
 public:
  // Fills `out`; returns an error message, empty when the line is good.
  std::string Parse(std::string_view line, EventRecord* out);

 private:
  simdjson::dom::parser parser_;
};

}  // namespace dyad::store
