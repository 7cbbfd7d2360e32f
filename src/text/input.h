// Byte input for the story readers: a file or standard input, transparently
// decompressed when it starts with a gzip or zstd magic number, read in
// chunks and split into lines.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "dyad/status.h"

namespace dyad::text {

enum class Compression { kNone, kGzip, kZstd };

// A stream of (decompressed) bytes.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `cap` bytes into `buf`; 0 means end of input.
  virtual Result<size_t> Read(char* buf, size_t cap) = 0;
};

// Opens `path` ("-" = standard input) and wraps it in a decompressor when
// its first bytes are a gzip (1f 8b) or zstd (28 b5 2f fd) magic number.
Result<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path, Compression* detected = nullptr);
// Same over bytes in memory (the buffer is copied).
std::unique_ptr<ByteSource> MemoryByteSource(std::string data, Compression* detected = nullptr);

// Line splitting over a ByteSource with a per-line size limit.
class LineReader {
 public:
  LineReader(std::unique_ptr<ByteSource> src, size_t max_line) : src_(std::move(src)), max_line_(max_line) {}
  // Reads the next line (without "\n" or "\r\n") into `line`. Returns false
  // at end of input. A line longer than the limit is truncated to the limit
  // and *too_long is set (the rest of the line is consumed).
  Result<bool> ReadLine(std::string& line, bool* too_long);
  // Same without a copy: *line views the reader's buffer and stays valid
  // until the next call. At least kViewPadding bytes after the line are
  // readable (for simdjson). A line longer than the limit is consumed and
  // returned empty, with *too_long set.
  static constexpr size_t kViewPadding = 64;
  Result<bool> ReadLineView(std::string_view* line, bool* too_long);
  // 1-based number of the line last returned.
  uint32_t line_number() const { return line_no_; }
  // The first bytes of the input without consuming them (up to n).
  Result<std::string_view> Peek(size_t n);
  // Reads everything that is left, up to `limit` bytes (error beyond).
  Status ReadAll(std::string& out, size_t limit);

 private:
  Status Fill();
  std::unique_ptr<ByteSource> src_;
  size_t max_line_;
  // Read-ahead bytes [pos_, size_) of buf_ (capacity cap_). Not a
  // std::string: growing one zero-fills every chunk before it is read into.
  std::unique_ptr<char[]> buf_;
  size_t size_ = 0, cap_ = 0;
  size_t pos_ = 0;
  bool eof_ = false;
  uint32_t line_no_ = 0;
};

}  // namespace dyad::text
