// Buffered writers over std::ostream and FILE*, and the format factory.
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "dyad/output.h"

namespace dyad {
namespace {

enum class Format { kJsonl, kTsv, kGdelt };

bool ParseFormat(std::string_view name, Format* f) {
  if (name == "jsonl") {
    *f = Format::kJsonl;
  } else if (name == "tsv") {
    *f = Format::kTsv;
  } else if (name == "gdelt") {
    *f = Format::kGdelt;
  } else {
    return false;
  }
  return true;
}

// Where the bytes go.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual Status Put(std::string_view bytes) = 0;
  virtual Status FlushStream() = 0;
};

class OstreamSink : public Sink {
 public:
  explicit OstreamSink(std::ostream& out) : out_(out) {}
  Status Put(std::string_view bytes) override {
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out_) return Status::IoError("writing events: the output stream failed");
    return Status::Ok();
  }
  Status FlushStream() override {
    out_.flush();
    if (!out_) return Status::IoError("flushing events: the output stream failed");
    return Status::Ok();
  }

 private:
  std::ostream& out_;
};

class FileSink : public Sink {
 public:
  explicit FileSink(std::FILE* f) : f_(f) {}
  Status Put(std::string_view bytes) override {
    if (bytes.empty()) return Status::Ok();
    if (std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size())
      return Status::IoError(std::string("writing events: ") + std::strerror(errno));
    return Status::Ok();
  }
  Status FlushStream() override {
    if (std::fflush(f_) != 0) return Status::IoError(std::string("flushing events: ") + std::strerror(errno));
    return Status::Ok();
  }

 private:
  std::FILE* f_;
};

class FormatWriter : public Writer {
 public:
  FormatWriter(Format format, std::unique_ptr<Sink> sink, const OutputOptions& options, const CameoTable& table)
      : format_(format), sink_(std::move(sink)), options_(options), table_(table),
        next_id_(options.first_event_id.value_or(0)) {
    buffer_.reserve(options_.buffer_bytes + 4096);
  }
  ~FormatWriter() override { (void)Flush(); }

  Status Write(const Event& event) override {
    if (!error_.ok()) return error_;
    switch (format_) {
      case Format::kJsonl:
        AppendJsonl(event, table_, &buffer_);
        break;
      case Format::kTsv:
        AppendTsv(event, &buffer_);
        break;
      case Format::kGdelt: {
        uint64_t id = options_.first_event_id ? next_id_++ : StableEventId(event);
        AppendGdelt(event, table_, id, options_, &buffer_);
        break;
      }
    }
    if (buffer_.size() >= options_.buffer_bytes) return Drain();
    return Status::Ok();
  }

  Status Flush() override {
    DYAD_RETURN_IF_ERROR(Drain());
    Status s = sink_->FlushStream();
    if (!s.ok()) error_ = s;
    return s;
  }

  std::string_view format() const override {
    switch (format_) {
      case Format::kJsonl: return "jsonl";
      case Format::kTsv: return "tsv";
      case Format::kGdelt: return "gdelt";
    }
    return "";
  }

 private:
  Status Drain() {
    if (!error_.ok()) return error_;
    Status s = sink_->Put(buffer_);
    buffer_.clear();
    if (!s.ok()) error_ = s;
    return s;
  }

  Format format_;
  std::unique_ptr<Sink> sink_;
  OutputOptions options_;
  const CameoTable& table_;
  uint64_t next_id_;
  std::string buffer_;
  Status error_;  // the first write error; later calls return it
};

Result<std::unique_ptr<Writer>> Make(std::string_view format, std::unique_ptr<Sink> sink,
                                     const OutputOptions& options, const CameoTable& table) {
  Format f;
  if (!ParseFormat(format, &f))
    return Status::InvalidArgument("unknown output format '" + std::string(format) +
                                   "' (expected jsonl, tsv or gdelt)");
  return std::unique_ptr<Writer>(new FormatWriter(f, std::move(sink), options, table));
}

}  // namespace

bool IsOutputFormat(std::string_view format) {
  Format f;
  return ParseFormat(format, &f);
}

Result<std::unique_ptr<Writer>> MakeWriter(std::string_view format, std::ostream& out, const OutputOptions& options,
                                           const CameoTable& table) {
  return Make(format, std::make_unique<OstreamSink>(out), options, table);
}

Result<std::unique_ptr<Writer>> MakeWriter(std::string_view format, std::FILE* out, const OutputOptions& options,
                                           const CameoTable& table) {
  if (out == nullptr) return Status::InvalidArgument("MakeWriter: the output FILE* is null");
  return Make(format, std::make_unique<FileSink>(out), options, table);
}

}  // namespace dyad
