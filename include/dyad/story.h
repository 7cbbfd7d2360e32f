// A news story: the unit dyad reads, codes and stores.
#pragma once

#include <cstdint>
#include <string>

#include "dyad/date.h"

namespace dyad {

// (The JSONL reader empties a Story field by field to reuse its buffers: a
// field added here must be cleared there too, in src/text/reader.cc.)
struct Story {
  std::string id;
  Date date;
  std::string title;    // optional; coded as sentence 0 when present
  std::string text;     // UTF-8 body
  std::string url;      // optional
  std::string source;   // optional: publisher / feed
  // Where the story came from, for error messages: file name ("-" for
  // standard input) and the 1-based line the record starts on.
  std::string origin_file;
  uint32_t origin_line = 0;
};

}  // namespace dyad
