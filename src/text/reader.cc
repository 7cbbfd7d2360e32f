// StoryReader implementations (JSONL, text, PETRARCH XML, TABARI) and the
// validation-suite readers.
#include "base/ascii.h"
#include "dyad/reader.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "text/input.h"
#include "text/records.h"
#include "text/utf8.h"

namespace dyad {

using text::LineReader;

std::string_view StoryFormatName(StoryFormat f) {
  switch (f) {
    case StoryFormat::kAuto: return "auto";
    case StoryFormat::kJsonl: return "jsonl";
    case StoryFormat::kText: return "text";
    case StoryFormat::kPetrarchXml: return "petrarch-xml";
    case StoryFormat::kTabari: return "tabari";
  }
  return "auto";
}

std::optional<StoryFormat> ParseStoryFormat(std::string_view name) {
  if (name == "auto") return StoryFormat::kAuto;
  if (name == "jsonl" || name == "json") return StoryFormat::kJsonl;
  if (name == "text" || name == "txt") return StoryFormat::kText;
  if (name == "petrarch-xml" || name == "xml" || name == "petrarch") return StoryFormat::kPetrarchXml;
  if (name == "tabari") return StoryFormat::kTabari;
  return std::nullopt;
}

namespace {

// File name without directories or compression suffix.
std::string BaseName(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  std::string_view b = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (std::string_view ext : {".gz", ".zst", ".zstd"})
    if (AsciiLower(b).ends_with(ext)) b.remove_suffix(ext.size());
  return std::string(b);
}

}  // namespace

StoryFormat DetectStoryFormat(std::string_view file_name, std::string_view head) {
  const std::string base = AsciiLower(BaseName(file_name));
  if (base.ends_with(".jsonl") || base.ends_with(".ndjson") || base.ends_with(".json")) return StoryFormat::kJsonl;
  if (base.ends_with(".xml")) return StoryFormat::kPetrarchXml;
  size_t i = 0;
  if (head.starts_with("\xEF\xBB\xBF")) i = 3;  // UTF-8 byte order mark
  while (i < head.size() && text::IsAsciiSpace(head[i])) ++i;
  if (i < head.size() && head[i] == '{') return StoryFormat::kJsonl;
  if (i < head.size() && head[i] == '<') return StoryFormat::kPetrarchXml;
  const size_t nl = head.find('\n', i);
  if (text::IsTabariHeader(head.substr(i, nl == std::string_view::npos ? std::string_view::npos : nl - i)))
    return StoryFormat::kTabari;
  // TABARI files may open with a comment block: two record headers, each
  // after a blank line, are taken as TABARI too.
  int headers = 0;
  bool after_blank = false;
  size_t p = 0;
  while (p < head.size()) {
    size_t e = head.find('\n', p);
    const bool complete = e != std::string_view::npos;
    if (!complete) e = head.size();
    std::string_view line = head.substr(p, e - p);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (complete && after_blank && text::IsTabariHeader(line)) ++headers;
    after_blank = line.find_first_not_of(" \t") == std::string_view::npos;
    p = e + 1;
  }
  return headers >= 2 ? StoryFormat::kTabari : StoryFormat::kText;
}

std::string ReadProblem::ToString() const {
  std::string s = file.empty() ? "<input>" : file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  s += ": ";
  if (!story_id.empty()) s += "story " + story_id + ": ";
  s += message;
  return s;
}

Status ReadProblem::ToStatus() const {
  switch (code) {
    case Status::Code::kLimitExceeded: return Status::LimitExceeded(ToString());
    case Status::Code::kIoError: return Status::IoError(ToString());
    case Status::Code::kCorruption: return Status::Corruption(ToString());
    case Status::Code::kInvalidArgument: return Status::InvalidArgument(ToString());
    default: return Status::ParseError(ToString());
  }
}

std::string ExpectedEvent::ToString() const { return source + " " + target + " " + code; }

std::string PetrarchEnvironment::Get(std::string_view name) const {
  for (const auto& [k, v] : entries)
    if (k == name) return v;
  return "";
}

namespace {

class ReaderBase : public StoryReader {
 public:
  ReaderBase(std::string file, ReaderOptions opt, StoryFormat f, std::unique_ptr<LineReader> lines)
      : file_(std::move(file)), opt_(std::move(opt)), format_(f), lines_(std::move(lines)) {}
  StoryFormat format() const override { return format_; }
  const std::vector<ReadProblem>& problems() const override { return problems_; }
  size_t problem_count() const override { return count_; }

 protected:
  Status Report(uint32_t line, uint32_t col, const std::string& id, Status::Code code, std::string msg) {
    ReadProblem p{file_, line, col, id, code, std::move(msg)};
    ++count_;
    if (opt_.on_problem) opt_.on_problem(p);
    Status st = opt_.strict ? p.ToStatus() : Status::Ok();
    if (problems_.size() < opt_.max_kept_problems) problems_.push_back(std::move(p));
    return st;
  }
  text::ProblemFn Reporter() {
    return [this](uint32_t line, uint32_t col, const std::string& id, Status::Code code, std::string msg) {
      return Report(line, col, id, code, std::move(msg));
    };
  }
  void Origin(Story& s, uint32_t line) {
    s.origin_file = file_;
    s.origin_line = line;
  }
  // Replaces invalid UTF-8 and reports it.
  Status CheckUtf8(std::string& s, uint32_t line, const std::string& id, const char* field) {
    const size_t at = text::FindInvalidUtf8(s);
    if (at == std::string_view::npos) return Status::Ok();
    text::SanitizeUtf8(s);
    return Report(line, 0, id, Status::Code::kParseError,
                  std::string(field) + " is not valid UTF-8 (byte " + std::to_string(at) +
                      "); bad bytes replaced by U+FFFD");
  }

  std::string file_;
  ReaderOptions opt_;
  StoryFormat format_;
  std::unique_ptr<LineReader> lines_;
  std::vector<ReadProblem> problems_;
  size_t count_ = 0;
};

// ---- JSONL ----------------------------------------------------------------
class JsonlReader : public ReaderBase {
 public:
  using ReaderBase::ReaderBase;

  Result<bool> Next(Story& story) override {
    while (true) {
      bool too_long = false;
      auto more = lines_->ReadLineView(&line_, &too_long);
      if (!more.ok()) return more.status();
      if (!*more) return false;
      const uint32_t ln = lines_->line_number();
      if (too_long) {
        DYAD_RETURN_IF_ERROR(Report(ln, 0, "", Status::Code::kLimitExceeded,
                                    "record is longer than the limit of " + std::to_string(opt_.max_record_bytes) +
                                        " bytes; skipped"));
        continue;
      }
      size_t b = 0;
      if (ln == 1 && line_.starts_with("\xEF\xBB\xBF")) b = 3;
      while (b < line_.size() && text::IsAsciiSpace(line_[b])) ++b;
      if (b == line_.size()) continue;  // blank line
      auto ok = Parse(ln, story);
      if (!ok.ok()) return ok.status();
      if (*ok) return true;
    }
  }

 private:
  // Parses line_; false when the record was reported and skipped.
  Result<bool> Parse(uint32_t ln, Story& story) {
    static_assert(LineReader::kViewPadding >= simdjson::SIMDJSON_PADDING);
    auto bad = [&](const std::string& id, const std::string& what) -> Result<bool> {
      DYAD_RETURN_IF_ERROR(Report(ln, 0, id, Status::Code::kParseError, what));
      return false;
    };
    // The DOM API dispatches at run time to the best SIMD kernel.
    simdjson::dom::element doc;
    if (auto e = parser_.parse(line_.data(), line_.size(), false).get(doc))
      return bad("", std::string("broken JSON: ") + simdjson::error_message(e));
    simdjson::dom::object obj;
    if (doc.get_object().get(obj)) return bad("", "record is not a JSON object");
    // Emptied field by field (a fresh Story() moved in costs ~180
    // instructions a story and drops the strings' buffers).
    story.id.clear();
    story.date = Date();
    story.title.clear();
    story.text.clear();
    story.url.clear();
    story.source.clear();
    story.origin_file.clear();
    story.origin_line = 0;
    bool has_id = false, has_text = false, has_date = false;
    std::string date_str;
    for (simdjson::dom::key_value_pair kv : obj) {
      const std::string_view key = kv.key;
      const simdjson::dom::element v = kv.value;
      std::string* target = nullptr;
      if (key == "id") {
        if (v.is_int64() || v.is_uint64()) {
          story.id = v.is_int64() ? std::to_string(int64_t(v.get_int64().value_unsafe()))
                                  : std::to_string(uint64_t(v.get_uint64().value_unsafe()));
          has_id = true;
          continue;
        }
        target = &story.id;
        has_id = true;
      } else if (key == "date") {
        target = &date_str;
        has_date = true;
      } else if (key == "title") {
        target = &story.title;
      } else if (key == "text") {
        target = &story.text;
        has_text = true;
      } else if (key == "url") {
        target = &story.url;
      } else if (key == "source") {
        target = &story.source;
      } else {
        continue;  // other fields are ignored
      }
      if (v.is_null()) {
        target->clear();
        if (target == &story.id) has_id = false;
        if (target == &story.text) has_text = false;
        if (target == &date_str) has_date = false;
        continue;
      }
      std::string_view sv;
      if (v.get_string().get(sv)) return bad(story.id, "field \"" + std::string(key) + "\" is not a string");
      target->assign(sv);
    }
    if (!has_id || story.id.empty()) return bad("", "record has no \"id\"");
    if (!has_text || story.text.empty()) return bad(story.id, "record has no \"text\"");
    if (!has_date) return bad(story.id, "record has no \"date\" (YYYY-MM-DD)");
    std::string_view ds = date_str;
    if (ds.size() > 10 && (ds[10] == 'T' || ds[10] == ' ')) ds = ds.substr(0, 10);
    // Neighbouring stories mostly share a date: the last one parsed is
    // kept (its text and value) and reused when the text is the same.
    // Texts of 8 to 16 bytes are compared as their first and last 8 bytes
    // (no memcmp call); others are parsed every time.
    uint64_t head = 0, tail = 0;
    const bool memo = ds.size() >= 8 && ds.size() <= 16;
    if (memo) {
      std::memcpy(&head, ds.data(), 8);
      std::memcpy(&tail, ds.data() + ds.size() - 8, 8);
    }
    if (!memo || ds.size() != last_date_size_ || head != last_date_head_ || tail != last_date_tail_) {
      std::optional<Date> d = Date::Parse(ds);
      if (!d) return bad(story.id, "\"date\": \"" + date_str.substr(0, 40) + "\" is not a valid YYYY-MM-DD date");
      last_date_size_ = memo ? ds.size() : 0;  // 0: nothing kept
      last_date_head_ = head;
      last_date_tail_ = tail;
      last_date_ = *d;
    }
    story.date = last_date_;
    Origin(story, ln);
    return true;
  }

  std::string_view line_;  // in the LineReader's buffer, padded (ReadLineView)
  simdjson::dom::parser parser_;
  size_t last_date_size_ = 0;  // 0: no date kept
  uint64_t last_date_head_ = 0, last_date_tail_ = 0;
  Date last_date_;
};

// ---- plain text ------------------------------------------------------------
class TextReader : public ReaderBase {
 public:
  using ReaderBase::ReaderBase;
  Result<bool> Next(Story& story) override {
    if (done_) return false;
    done_ = true;
    std::string data;
    Status st = lines_->ReadAll(data, opt_.max_record_bytes);
    if (st.code() == Status::Code::kLimitExceeded) {
      DYAD_RETURN_IF_ERROR(Report(1, 0, BaseName(file_), Status::Code::kLimitExceeded,
                                  "text file is larger than the limit of " + std::to_string(opt_.max_record_bytes) +
                                      " bytes; skipped"));
      return false;
    }
    DYAD_RETURN_IF_ERROR(st);
    story = Story();
    story.id = BaseName(file_ == "-" ? std::string("stdin") : file_);
    if (AsciiLower(story.id).ends_with(".txt")) story.id.resize(story.id.size() - 4);
    if (data.starts_with("\xEF\xBB\xBF")) data.erase(0, 3);
    DYAD_RETURN_IF_ERROR(CheckUtf8(data, 1, story.id, "text"));
    story.text = std::move(data);
    story.date = *opt_.text_date;
    Origin(story, 1);
    if (story.text.find_first_not_of(" \t\r\n") == std::string::npos) {
      DYAD_RETURN_IF_ERROR(Report(1, 0, story.id, Status::Code::kParseError, "text file is empty"));
      return false;
    }
    return true;
  }

 private:
  bool done_ = false;
};

// ---- TABARI records --------------------------------------------------------
class TabariReader : public ReaderBase {
 public:
  using ReaderBase::ReaderBase;
  Result<bool> Next(Story& story) override {
    while (true) {
      // Skip blank lines; a block that does not start with a digit is a comment.
      bool too_long = false;
      uint32_t header_line = 0;
      while (true) {
        auto more = lines_->ReadLine(line_, &too_long);
        if (!more.ok()) return more.status();
        if (!*more) return false;
        if (line_.find_first_not_of(" \t") == std::string::npos) continue;
        if (line_[0] >= '0' && line_[0] <= '9') {
          header_line = lines_->line_number();
          break;
        }
        DYAD_RETURN_IF_ERROR(SkipBlock());
      }
      std::string header = line_;
      body_.clear();
      size_t size = header.size();
      bool over = too_long;
      while (true) {
        auto more = lines_->ReadLine(line_, &too_long);
        if (!more.ok()) return more.status();
        if (!*more || line_.find_first_not_of(" \t") == std::string::npos) break;
        size += line_.size() + 1;
        over = over || too_long || size > opt_.max_record_bytes;
        if (!over) body_.push_back(line_);
      }
      if (over) {
        DYAD_RETURN_IF_ERROR(Report(header_line, 0, "", Status::Code::kLimitExceeded,
                                    "record is larger than the limit of " + std::to_string(opt_.max_record_bytes) +
                                        " bytes; skipped"));
        continue;
      }
      auto ok = text::ParseTabariRecord(header, body_, header_line, story, &comment_, Reporter());
      if (!ok.ok()) return ok.status();
      if (!*ok) continue;
      DYAD_RETURN_IF_ERROR(CheckUtf8(story.text, header_line, story.id, "text"));
      Origin(story, header_line);
      last_comment_ = comment_;
      return true;
    }
  }
  const std::string& last_comment() const { return last_comment_; }

 private:
  Status SkipBlock() {
    bool too_long;
    while (true) {
      auto more = lines_->ReadLine(line_, &too_long);
      if (!more.ok()) return more.status();
      if (!*more || line_.find_first_not_of(" \t") == std::string::npos) return Status::Ok();
    }
  }
  std::string line_;
  std::vector<std::string> body_;
  std::string comment_, last_comment_;
};

// ---- PETRARCH XML ----------------------------------------------------------
class XmlReader : public ReaderBase {
 public:
  using ReaderBase::ReaderBase;
  Result<bool> Next(Story& story) override {
    if (!loaded_) {
      loaded_ = true;
      Status st = lines_->ReadAll(doc_, opt_.max_input_bytes);
      if (st.code() == Status::Code::kLimitExceeded)
        return Status::LimitExceeded(file_ + ": XML input is larger than the limit of " +
                                     std::to_string(opt_.max_input_bytes) + " bytes");
      DYAD_RETURN_IF_ERROR(st);
      parser_ = std::make_unique<text::PetrarchParser>(doc_, Reporter());
    }
    PetrarchRecord rec;
    while (true) {
      auto more = parser_->Next(rec);
      if (!more.ok()) return more.status();
      if (!*more) return false;
      if (rec.story.text.size() > opt_.max_record_bytes) {
        DYAD_RETURN_IF_ERROR(Report(rec.story.origin_line, 0, rec.story.id, Status::Code::kLimitExceeded,
                                    "record is larger than the limit; skipped"));
        continue;
      }
      if (rec.story.text.empty()) {
        DYAD_RETURN_IF_ERROR(
            Report(rec.story.origin_line, 0, rec.story.id, Status::Code::kParseError, "<Sentence> has no <Text>"));
        continue;
      }
      story = std::move(rec.story);
      Origin(story, story.origin_line);
      return true;
    }
  }

 private:
  bool loaded_ = false;
  std::string doc_;
  std::unique_ptr<text::PetrarchParser> parser_;
};

Result<std::unique_ptr<StoryReader>> Make(std::string name, std::unique_ptr<text::ByteSource> src,
                                          ReaderOptions opt) {
  auto lines = std::make_unique<LineReader>(std::move(src), std::max<size_t>(opt.max_record_bytes, 1));
  StoryFormat f = opt.format;
  if (f == StoryFormat::kAuto) {
    auto head = lines->Peek(4096);
    if (!head.ok()) return head.status();
    f = DetectStoryFormat(name, *head);
  }
  switch (f) {
    case StoryFormat::kJsonl:
      return std::unique_ptr<StoryReader>(new JsonlReader(std::move(name), std::move(opt), f, std::move(lines)));
    case StoryFormat::kText:
      if (!opt.text_date)
        return Status::InvalidArgument(name + ": plain-text input needs a story date (give one with the date option)");
      return std::unique_ptr<StoryReader>(new TextReader(std::move(name), std::move(opt), f, std::move(lines)));
    case StoryFormat::kTabari:
      return std::unique_ptr<StoryReader>(new TabariReader(std::move(name), std::move(opt), f, std::move(lines)));
    case StoryFormat::kPetrarchXml:
      return std::unique_ptr<StoryReader>(new XmlReader(std::move(name), std::move(opt), f, std::move(lines)));
    case StoryFormat::kAuto: break;
  }
  return Status::Internal("unknown story format");
}

Result<std::string> ReadWhole(const std::string& path, size_t limit) {
  auto src = text::OpenByteSource(path);
  if (!src.ok()) return src.status();
  LineReader lines(std::move(*src), 1 << 20);
  std::string data;
  DYAD_RETURN_IF_ERROR(lines.ReadAll(data, limit));
  return data;
}

}  // namespace

Result<std::unique_ptr<StoryReader>> StoryReader::Open(const std::string& path, ReaderOptions options) {
  auto src = text::OpenByteSource(path);
  if (!src.ok()) return src.status();
  return Make(path, std::move(*src), std::move(options));
}

Result<std::unique_ptr<StoryReader>> StoryReader::FromBuffer(std::string name, std::string data,
                                                             ReaderOptions options) {
  return Make(std::move(name), text::MemoryByteSource(std::move(data)), std::move(options));
}

// ---- validation suites ------------------------------------------------------

Result<PetrarchValidation> ParsePetrarchValidation(std::string_view xml, const std::string& name) {
  PetrarchValidation out;
  text::PetrarchParser parser(xml, [&](uint32_t line, uint32_t col, const std::string& id, Status::Code code,
                                       std::string msg) {
    ReadProblem p{name, line, col, id, code, std::move(msg)};
    return p.ToStatus();
  });
  PetrarchRecord rec;
  while (true) {
    auto more = parser.Next(rec);
    if (!more.ok()) return more.status();
    if (!*more) break;
    rec.story.origin_file = name;
    out.records.push_back(std::move(rec));
  }
  out.environment = parser.environment();
  return out;
}

Result<PetrarchValidation> ReadPetrarchValidation(const std::string& path) {
  auto data = ReadWhole(path, size_t{1} << 30);
  if (!data.ok()) return data.status();
  return ParsePetrarchValidation(*data, path);
}

Result<std::vector<TabariRecord>> ParseTabariValidation(std::string_view data, const std::string& name) {
  ReaderOptions opt;
  opt.strict = true;
  opt.format = StoryFormat::kTabari;
  auto reader = StoryReader::FromBuffer(name, std::string(data), opt);
  if (!reader.ok()) return reader.status();
  auto* tr = static_cast<TabariReader*>(reader->get());
  std::vector<TabariRecord> out;
  Story story;
  while (true) {
    auto more = tr->Next(story);
    if (!more.ok()) return more.status();
    if (!*more) break;
    TabariRecord rec;
    rec.comment = tr->last_comment();
    DYAD_RETURN_IF_ERROR(text::ParseTabariExpectation(rec.comment, story.origin_line, story.id, rec.expect));
    rec.story = std::move(story);
    story = Story();
    out.push_back(std::move(rec));
  }
  return out;
}

Result<std::vector<TabariRecord>> ReadTabariValidation(const std::string& path) {
  auto data = ReadWhole(path, size_t{1} << 30);
  if (!data.ok()) return data.status();
  return ParseTabariValidation(*data, path);
}

}  // namespace dyad
