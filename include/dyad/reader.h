// Story readers: JSONL, plain text, PETRARCH XML and TABARI record files,
// plain or gzip/zstd compressed (detected by magic bytes), from a file or
// standard input ("-").
//
//   dyad::ReaderOptions opt;                       // tolerant, auto format
//   auto r = dyad::StoryReader::Open("news.jsonl.zst", opt);
//   if (!r.ok()) return r.status();
//   dyad::Story story;
//   while (true) {
//     auto more = (*r)->Next(story);
//     if (!more.ok()) return more.status();         // I/O error, or strict mode
//     if (!*more) break;
//     ...
//   }
//   for (const auto& p : (*r)->problems()) std::cerr << p.ToString() << "\n";
//
// A malformed record is reported (to the callback and to problems()) and
// skipped; with `strict` the first problem is returned as an error instead.
// Readers never crash on arbitrary bytes: invalid UTF-8 in text is replaced
// by U+FFFD and reported.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dyad/date.h"
#include "dyad/status.h"
#include "dyad/story.h"

namespace dyad {

enum class StoryFormat { kAuto, kJsonl, kText, kPetrarchXml, kTabari };

// "jsonl", "text", "petrarch-xml", "tabari" (and "auto").
std::string_view StoryFormatName(StoryFormat f);
std::optional<StoryFormat> ParseStoryFormat(std::string_view name);

// Guesses the format from the file name (compression suffixes .gz/.zst
// ignored: .jsonl/.ndjson/.json -> JSONL, .xml -> PETRARCH XML) and else
// from the first bytes of the (decompressed) content: '{' -> JSONL, '<' ->
// XML, a "YYMMDD id" first line (or two such lines after blank lines) ->
// TABARI, anything else -> text.
StoryFormat DetectStoryFormat(std::string_view file_name, std::string_view head);

// A problem with one record of the input.
struct ReadProblem {
  std::string file;      // "-" for standard input
  uint32_t line = 0;     // 1-based; 0 when unknown
  uint32_t column = 0;   // 1-based; 0 when not meaningful
  std::string story_id;  // when known
  Status::Code code = Status::Code::kParseError;
  std::string message;
  // "file:line:col: story ID: message"
  std::string ToString() const;
  Status ToStatus() const;
};

struct ReaderOptions {
  StoryFormat format = StoryFormat::kAuto;
  // Stop at the first problem (returned as the error of Next()).
  bool strict = false;
  // Date of plain-text stories (required for StoryFormat::kText).
  std::optional<Date> text_date;
  // Largest record (JSONL line, XML input, text file, TABARI record).
  size_t max_record_bytes = size_t{16} << 20;
  // Largest whole input for the formats read in one piece (PETRARCH XML).
  size_t max_input_bytes = size_t{2} << 30;
  // Called for each problem as it is found (may be empty).
  std::function<void(const ReadProblem&)> on_problem;
  // problems() keeps at most this many (all are passed to on_problem).
  size_t max_kept_problems = 1000;
};

class StoryReader {
 public:
  // Opens `path` ("-" = standard input). Fails when the file cannot be
  // opened, or for text input without options.text_date.
  static Result<std::unique_ptr<StoryReader>> Open(const std::string& path, ReaderOptions options = {});
  // Reads from bytes in memory (possibly compressed); `name` is used in
  // problem reports and for format detection.
  static Result<std::unique_ptr<StoryReader>> FromBuffer(std::string name, std::string data,
                                                          ReaderOptions options = {});
  virtual ~StoryReader() = default;

  // Fills `story` with the next story. Returns false at the end of input.
  // Errors: I/O and decompression failures; any problem in strict mode.
  virtual Result<bool> Next(Story& story) = 0;
  // The format actually being read (after detection).
  virtual StoryFormat format() const = 0;
  virtual const std::vector<ReadProblem>& problems() const = 0;
  // Number of problems found so far (may exceed problems().size()).
  virtual size_t problem_count() const = 0;
};

// ---------------------------------------------------------------------------
// Validation suites: records with the events a coder is expected to produce.

struct ExpectedEvent {
  std::string source;  // as written in the file (PETRARCH may quote: "\"THE MINISTRY\"")
  std::string target;
  std::string code;
  std::optional<Date> date;  // TABARI: optional date after the closing brace
  std::string ToString() const;  // "ARN GON 064"
};

// PETRARCH unit-test XML (PETR.UnitTest.records*.xml).
struct PetrarchRecord {
  Story story;           // id, date, text (whitespace collapsed), origin
  std::string category;  // category="..."
  std::vector<ExpectedEvent> events;   // <EventCoding sourcecode= targetcode= eventcode=>
  bool expect_no_events = false;       // <EventCoding noevents="True">
  std::string expect_error;            // <EventCoding error="storydiscard"> etc.
  // <Config option= value=> elements met since the previous record, in
  // order; they change the coder configuration from this record on.
  std::vector<std::pair<std::string, std::string>> config;
};

struct PetrarchEnvironment {
  // Child elements of <Environment> other than <Config>, in order:
  // ("Verbfile", "PETR.Validate.verbs.txt"), ("Actorfile", ...), ...
  std::vector<std::pair<std::string, std::string>> entries;
  std::vector<std::pair<std::string, std::string>> config;  // <Config option= value=>
  // Value of an entry ("" when absent).
  std::string Get(std::string_view name) const;
};

struct PetrarchValidation {
  PetrarchEnvironment environment;
  std::vector<PetrarchRecord> records;
};

// Strict: malformed XML or a record without id/date is an error naming
// file:line:col.
Result<PetrarchValidation> ReadPetrarchValidation(const std::string& path);
Result<PetrarchValidation> ParsePetrarchValidation(std::string_view xml, const std::string& name);

// TABARI validation records (TABARI.Demo.text): expectations in the record's
// /* ... */ comment as "{ SRC / TGT / CODE } [YYMMDD]".
struct TabariExpectation {
  std::vector<ExpectedEvent> events;     // must all be produced
  // Records after a "-{" marker: TABARI does not check them, nor whether
  // further events are produced (partial lists of compound events).
  std::vector<ExpectedEvent> unchecked;
  bool partial = false;     // a "-{" marker was present
  bool no_events = false;   // {---}
  bool discard = false;     // {###}
  bool complex = false;     // {+++}
  std::vector<std::string> options;  // {OPTION: ...} bodies
  bool empty() const {
    return events.empty() && unchecked.empty() && !no_events && !discard && !complex && options.empty();
  }
};

struct TabariRecord {
  Story story;        // text without comments, lines joined by spaces
  std::string comment;  // text of the /* ... */ comments
  TabariExpectation expect;
};

// Strict: a malformed header or expectation is an error naming file:line.
Result<std::vector<TabariRecord>> ReadTabariValidation(const std::string& path);
Result<std::vector<TabariRecord>> ParseTabariValidation(std::string_view data, const std::string& name);

}  // namespace dyad
