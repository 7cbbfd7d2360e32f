// The parsing side of `dyad ingest --events` (internal; benchmarks and
// tests use it directly).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/store.h"

namespace dyad::store {

// Reads a file descriptor in big blocks and hands out its lines, split as
// std::getline splits them (without the '\n'; a '\r' stays; a last line
// without '\n' counts, an empty rest after the last '\n' does not).
class LineReader {
 public:
  explicit LineReader(int fd, size_t block_bytes = size_t{1} << 20);
  // The next line, valid until the next call; false at the end of the
  // input or on a read error.
  bool Next(std::string_view* line);
  bool read_error() const { return error_; }

 private:
  void Fill();

  int fd_;
  size_t block_;
  std::vector<char> buf_;
  size_t begin_ = 0;    // start of the next line
  size_t scanned_ = 0;  // [begin_, scanned_) holds no '\n'
  size_t end_ = 0;      // end of the data read
  bool eof_ = false;
  bool error_ = false;
};

// A batch of parsed stories handed from the parsing thread to the writer,
// with the problems found while reading it (reported by the writer, in
// order) and, last, how the read ended.
struct ParsedBatch {
  std::vector<StoryRecord> stories;
  std::vector<InputProblem> problems;
  uint64_t bytes = 0;  // read so far
  uint64_t lines = 0;
  bool last = false;
  Status end_status;  // last batch: read error or --strict stop
};

// Lines of `fd` -> events -> stories -> batches of about
// options.batch_events events (the first ones smaller: 4,096 events, four
// times more each time), cut at story boundaries, each handed to
// `emit` in file order; the last one has `last` set. `emit` takes the
// batch's content (moves it away) and may leave in its argument an older
// batch it is done with: the parser reuses its memory (strings and vectors
// keep their buffers), so hand batches back rather than freeing them.
// Stops early when `emit` returns false or `*cancelled` becomes true.
//
// `large_batch_events` > 0: input whose story dates often go back (more
// than one story in 20 of a batch is older than the story before it)
// switches to batches of that size from the next batch on. Such input
// changes pages all over the store's date-keyed tables, and in small
// transactions the same pages are written (and journaled) again and again.
void ParseEventBatches(int fd, const std::string& name, const IngestOptions& options,
                       const std::function<bool(ParsedBatch&)>& emit, const std::atomic<bool>* cancelled,
                       size_t large_batch_events = 0);

}  // namespace dyad::store
