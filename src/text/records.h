// Record parsers shared by the story readers and the validation readers.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/reader.h"
#include "text/xml_scan.h"

namespace dyad::text {

// Problem sink: (line, column, story id, code, message) -> error to stop with
// (strict) or Ok to skip and continue.
using ProblemFn = std::function<Status(uint32_t, uint32_t, const std::string&, Status::Code, std::string)>;

// Collapses runs of white space to one space and trims.
std::string CollapseSpaces(std::string_view s);

// ---- TABARI ----
// True when `line` looks like a TABARI record header ("950101 DEMO-01").
bool IsTabariHeader(std::string_view line);
// Parses one record: header line and following text lines (up to, not
// including, the blank line). Fills story (id, date, text) and the comment.
// Returns false after reporting when the header is unusable.
Result<bool> ParseTabariRecord(std::string_view header, const std::vector<std::string>& lines, uint32_t line_no,
                               Story& story, std::string* comment, const ProblemFn& report);
// Parses "{ A / B / C } date", "{---}", "-{ ..." etc. out of a comment.
Status ParseTabariExpectation(std::string_view comment, uint32_t line_no, const std::string& id,
                              TabariExpectation& out);

// ---- PETRARCH XML ----
class PetrarchParser {
 public:
  PetrarchParser(std::string_view doc, ProblemFn report) : sc_(doc), report_(std::move(report)) {}
  // Next <Sentence> record; false at end of document.
  Result<bool> Next(PetrarchRecord& rec);
  const PetrarchEnvironment& environment() const { return env_; }

 private:
  XmlScanner sc_;
  ProblemFn report_;
  PetrarchEnvironment env_;
  std::vector<std::pair<std::string, std::string>> pending_config_;
  struct Open {
    std::string name;
    uint32_t line;
  };
  std::vector<Open> stack_;
};

}  // namespace dyad::text
