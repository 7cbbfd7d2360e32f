#include "text/input.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace dyad::text {
namespace {

constexpr size_t kChunk = 1 << 16;

class FileSource : public ByteSource {
 public:
  FileSource(FILE* f, std::string name, bool owned) : f_(f), name_(std::move(name)), owned_(owned) {}
  ~FileSource() override {
    if (owned_ && f_) fclose(f_);
  }
  Result<size_t> Read(char* buf, size_t cap) override {
    const size_t n = fread(buf, 1, cap, f_);
    if (n == 0 && ferror(f_)) return Status::IoError(name_ + ": read failed: " + std::strerror(errno));
    return n;
  }

 private:
  FILE* f_;
  std::string name_;
  bool owned_;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string data) : data_(std::move(data)) {}
  Result<size_t> Read(char* buf, size_t cap) override {
    const size_t n = std::min(cap, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// Replays already-read bytes before the rest of a source (used after
// sniffing the magic number).
class PrefixSource : public ByteSource {
 public:
  PrefixSource(std::string prefix, std::unique_ptr<ByteSource> rest)
      : prefix_(std::move(prefix)), rest_(std::move(rest)) {}
  Result<size_t> Read(char* buf, size_t cap) override {
    if (pos_ < prefix_.size()) {
      const size_t n = std::min(cap, prefix_.size() - pos_);
      std::memcpy(buf, prefix_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return rest_->Read(buf, cap);
  }

 private:
  std::string prefix_;
  size_t pos_ = 0;
  std::unique_ptr<ByteSource> rest_;
};

class GzipSource : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> in, std::string name) : in_(std::move(in)), name_(std::move(name)), inbuf_(kChunk) {
    std::memset(&zs_, 0, sizeof zs_);
    ok_ = inflateInit2(&zs_, 15 + 32) == Z_OK;  // gzip or zlib header
  }
  ~GzipSource() override {
    if (ok_) inflateEnd(&zs_);
  }
  Result<size_t> Read(char* buf, size_t cap) override {
    if (!ok_) return Status::Internal(name_ + ": zlib initialisation failed");
    if (done_) return size_t{0};
    zs_.next_out = reinterpret_cast<Bytef*>(buf);
    zs_.avail_out = static_cast<uInt>(std::min<size_t>(cap, 1u << 30));
    while (zs_.avail_out > 0) {
      if (zs_.avail_in == 0) {
        auto n = in_->Read(inbuf_.data(), inbuf_.size());
        if (!n.ok()) return n.status();
        if (*n == 0) {
          if (!member_end_) return Status::Corruption(name_ + ": gzip data is truncated");
          done_ = true;
          break;
        }
        zs_.next_in = reinterpret_cast<Bytef*>(inbuf_.data());
        zs_.avail_in = static_cast<uInt>(*n);
      }
      member_end_ = false;
      const int rc = inflate(&zs_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        member_end_ = true;
        inflateReset(&zs_);  // a following gzip member continues the stream
        continue;
      }
      if (rc == Z_BUF_ERROR) continue;
      if (rc != Z_OK)
        return Status::Corruption(name_ + ": corrupt gzip data (" + (zs_.msg ? zs_.msg : "inflate failed") + ")");
    }
    return static_cast<size_t>(reinterpret_cast<char*>(zs_.next_out) - buf);
  }

 private:
  std::unique_ptr<ByteSource> in_;
  std::string name_;
  std::vector<char> inbuf_;
  z_stream zs_;
  bool ok_ = false;
  bool done_ = false;
  bool member_end_ = false;
};

class ZstdSource : public ByteSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> in, std::string name)
      : in_(std::move(in)), name_(std::move(name)), inbuf_(ZSTD_DStreamInSize()), dctx_(ZSTD_createDCtx()) {}
  ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }
  Result<size_t> Read(char* buf, size_t cap) override {
    if (!dctx_) return Status::Internal(name_ + ": zstd initialisation failed");
    ZSTD_outBuffer out{buf, cap, 0};
    while (out.pos < out.size && !done_) {
      if (in_pos_ == in_size_) {
        auto n = in_->Read(inbuf_.data(), inbuf_.size());
        if (!n.ok()) return n.status();
        if (*n == 0) {
          if (last_ret_ != 0) return Status::Corruption(name_ + ": zstd data is truncated");
          done_ = true;
          break;
        }
        in_size_ = *n;
        in_pos_ = 0;
      }
      ZSTD_inBuffer in{inbuf_.data(), in_size_, in_pos_};
      const size_t ret = ZSTD_decompressStream(dctx_, &out, &in);
      in_pos_ = in.pos;
      if (ZSTD_isError(ret))
        return Status::Corruption(name_ + ": corrupt zstd data (" + ZSTD_getErrorName(ret) + ")");
      last_ret_ = ret;
    }
    return out.pos;
  }

 private:
  std::unique_ptr<ByteSource> in_;
  std::string name_;
  std::vector<char> inbuf_;
  size_t in_pos_ = 0, in_size_ = 0;
  size_t last_ret_ = 0;
  bool done_ = false;
  ZSTD_DCtx* dctx_;
};

Result<std::unique_ptr<ByteSource>> Wrap(std::unique_ptr<ByteSource> raw, const std::string& name,
                                          Compression* detected) {
  std::string head(4, '\0');
  size_t got = 0;
  while (got < 4) {
    auto n = raw->Read(head.data() + got, 4 - got);
    if (!n.ok()) return n.status();
    if (*n == 0) break;
    got += *n;
  }
  head.resize(got);
  Compression c = Compression::kNone;
  if (got >= 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b)
    c = Compression::kGzip;
  else if (got == 4 && head == std::string("\x28\xb5\x2f\xfd", 4))
    c = Compression::kZstd;
  if (detected) *detected = c;
  std::unique_ptr<ByteSource> src = std::make_unique<PrefixSource>(std::move(head), std::move(raw));
  if (c == Compression::kGzip) return std::unique_ptr<ByteSource>(new GzipSource(std::move(src), name));
  if (c == Compression::kZstd) return std::unique_ptr<ByteSource>(new ZstdSource(std::move(src), name));
  return src;
}

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path, Compression* detected) {
  std::unique_ptr<ByteSource> raw;
  if (path == "-") {
    raw = std::make_unique<FileSource>(stdin, "-", false);
  } else {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
      const int e = errno;
      if (e == ENOENT) return Status::NotFound(path + ": no such file");
      return Status::IoError(path + ": cannot open: " + std::strerror(e));
    }
    raw = std::make_unique<FileSource>(f, path, true);
  }
  return Wrap(std::move(raw), path, detected);
}

std::unique_ptr<ByteSource> MemoryByteSource(std::string data, Compression* detected) {
  auto r = Wrap(std::make_unique<MemorySource>(std::move(data)), "<memory>", detected);
  return std::move(r).value();  // memory reads cannot fail
}

Status LineReader::Fill() {
  if (eof_) return Status::Ok();
  if (pos_ > 0) {
    std::memmove(buf_.get(), buf_.get() + pos_, size_ - pos_);
    size_ -= pos_;
    pos_ = 0;
  }
  // cap_ keeps kViewPadding bytes beyond a full chunk (ReadLineView).
  if (cap_ - size_ < kChunk + kViewPadding) {
    const size_t cap = std::max(size_ + kChunk + kViewPadding, cap_ * 2);
    auto bigger = std::make_unique_for_overwrite<char[]>(cap);
    if (size_ > 0) std::memcpy(bigger.get(), buf_.get(), size_);
    buf_ = std::move(bigger);
    cap_ = cap;
  }
  auto n = src_->Read(buf_.get() + size_, kChunk);
  if (!n.ok()) return n.status();
  size_ += *n;
  std::memset(buf_.get() + size_, 0, kViewPadding);  // defined bytes after the data
  if (*n == 0) eof_ = true;
  return Status::Ok();
}

Result<bool> LineReader::ReadLine(std::string& line, bool* too_long) {
  *too_long = false;
  line.clear();
  bool got_any = false;
  while (true) {
    if (pos_ < size_) {
      got_any = true;
      const char* start = buf_.get() + pos_;
      const void* nl = std::memchr(start, '\n', size_ - pos_);
      const size_t seg_end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - buf_.get()) : size_;
      const size_t seg = seg_end - pos_;
      const size_t room = max_line_ - std::min(max_line_, line.size());
      const size_t take = std::min(seg, room);
      line.append(start, take);
      if (take < seg) *too_long = true;
      pos_ = nl ? seg_end + 1 : seg_end;
      if (nl) break;
    }
    if (eof_) {
      if (!got_any) return false;
      break;
    }
    DYAD_RETURN_IF_ERROR(Fill());
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  ++line_no_;
  return true;
}

Result<bool> LineReader::ReadLineView(std::string_view* line, bool* too_long) {
  *too_long = false;
  size_t scanned = pos_;  // [pos_, scanned) holds no newline
  size_t end;
  while (true) {
    const void* nl = scanned < size_ ? std::memchr(buf_.get() + scanned, '\n', size_ - scanned) : nullptr;
    if (nl) {
      end = static_cast<size_t>(static_cast<const char*>(nl) - buf_.get());
      break;
    }
    scanned = size_;
    if (size_ - pos_ > max_line_) {
      // Too long: consume the rest of the line, return it empty.
      *too_long = true;
      while (true) {
        pos_ = size_;
        if (eof_) break;
        DYAD_RETURN_IF_ERROR(Fill());
        const void* more = pos_ < size_ ? std::memchr(buf_.get() + pos_, '\n', size_ - pos_) : nullptr;
        if (more) {
          pos_ = static_cast<size_t>(static_cast<const char*>(more) - buf_.get()) + 1;
          break;
        }
      }
      *line = {};
      ++line_no_;
      return true;
    }
    if (eof_) {
      if (pos_ == size_) return false;
      end = size_;
      break;
    }
    const size_t seen = scanned - pos_;
    DYAD_RETURN_IF_ERROR(Fill());  // moves [pos_, size_) to the front
    scanned = pos_ + seen;
  }
  const size_t begin = pos_;
  pos_ = end < size_ ? end + 1 : end;
  if (end - begin > max_line_) {
    *too_long = true;
    *line = {};
    ++line_no_;
    return true;
  }
  size_t stop = end;
  if (stop > begin && buf_[stop - 1] == '\r') --stop;
  *line = std::string_view(buf_.get() + begin, stop - begin);
  ++line_no_;
  return true;
}

Result<std::string_view> LineReader::Peek(size_t n) {
  while (size_ - pos_ < n && !eof_) DYAD_RETURN_IF_ERROR(Fill());
  return std::string_view(buf_.get() + pos_, std::min(n, size_ - pos_));
}

Status LineReader::ReadAll(std::string& out, size_t limit) {
  out.assign(buf_.get() + pos_, size_ - pos_);
  buf_.reset();
  size_ = cap_ = pos_ = 0;
  std::vector<char> chunk(kChunk);
  while (!eof_) {
    if (out.size() > limit) break;
    auto n = src_->Read(chunk.data(), chunk.size());
    if (!n.ok()) return n.status();
    if (*n == 0) eof_ = true;
    out.append(chunk.data(), *n);
  }
  if (out.size() > limit)
    return Status::LimitExceeded("input is larger than the limit of " + std::to_string(limit) + " bytes");
  return Status::Ok();
}

}  // namespace dyad::text
