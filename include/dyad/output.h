// Event output formats: JSONL, PETRARCH-style TSV, GDELT 1.0 event rows, and
// the one-line canonical dump used by golden tests. docs/output-formats.md
// describes every field.
//
// Formatting appends to a std::string (no iostream formatting per field); a
// Writer buffers whole lines and hands them to its stream in large chunks.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "dyad/cameo.h"
#include "dyad/date.h"
#include "dyad/event.h"
#include "dyad/status.h"

namespace dyad {

struct OutputOptions {
  // GDELT DATEADDED (YYYYMMDD); the event date when unset.
  std::optional<Date> date_added;
  // GDELT GLOBALEVENTID: a running number from this value when set,
  // otherwise a stable 53-bit hash of story id, sentence, actors and code.
  std::optional<uint64_t> first_event_id;
  // Bytes buffered before a Writer passes them to its stream.
  size_t buffer_bytes = 1 << 16;
};

// `IRQGOV>IRN 042 "visit"`: source>target code "verb text". Empty actors print
// as "---"; '"' and '\' in the verb text are backslash-escaped.
std::string CanonicalDump(const Event& event);

// Appending formatters: each appends one full line (with its '\n') to *out.
void AppendJsonl(const Event& event, const CameoTable& table, std::string* out);
void AppendTsv(const Event& event, std::string* out);
// `event_id` is the GLOBALEVENTID to write.
void AppendGdelt(const Event& event, const CameoTable& table, uint64_t event_id, const OutputOptions& options,
                 std::string* out);
// The stable GLOBALEVENTID used when OutputOptions::first_event_id is unset.
uint64_t StableEventId(const Event& event);

// JSON string contents: escapes '"', '\\' and control characters, and
// replaces every byte of invalid UTF-8 with U+FFFD, so the result is always
// valid JSON. Appends without the surrounding quotes.
void AppendJsonEscaped(std::string_view text, std::string* out);
// Number of Unicode code points in text[0, byte_offset) (each invalid UTF-8
// byte counts as one, as it becomes one U+FFFD). Offsets past the end clamp.
uint32_t CodePointOffset(std::string_view text, uint32_t byte_offset);

// Formats events into a buffer and writes it to a stream.
class Writer {
 public:
  virtual ~Writer() = default;
  // Formats one event; may write to the stream when the buffer is full.
  virtual Status Write(const Event& event) = 0;
  // Writes everything buffered and flushes the stream.
  virtual Status Flush() = 0;
  virtual std::string_view format() const = 0;
};

// The format names MakeWriter accepts: "jsonl", "tsv", "gdelt".
bool IsOutputFormat(std::string_view format);

// A Writer for `format` writing to `out` (which must outlive the writer).
// The destructor flushes, ignoring errors: call Flush() to see them.
Result<std::unique_ptr<Writer>> MakeWriter(std::string_view format, std::ostream& out,
                                           const OutputOptions& options = {},
                                           const CameoTable& table = CameoTable::Default());
Result<std::unique_ptr<Writer>> MakeWriter(std::string_view format, std::FILE* out,
                                           const OutputOptions& options = {},
                                           const CameoTable& table = CameoTable::Default());

}  // namespace dyad
