#include "base/ascii.h"
#include "text/records.h"

#include <cctype>

#include "text/utf8.h"

namespace dyad::text {

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (IsAsciiSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

namespace {
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsAsciiSpace(s[b])) ++b;
  while (e > b && IsAsciiSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}
}  // namespace

bool IsTabariHeader(std::string_view line) {
  size_t d = 0;
  while (d < line.size() && IsDigit(line[d])) ++d;
  if (d != 6 && d != 8) return false;
  if (!Date::ParseCompact(line.substr(0, d))) return false;
  if (d == line.size()) return true;
  const char c = line[d];
  return c == ' ' || c == '\t' || c == '*';
}

Result<bool> ParseTabariRecord(std::string_view header, const std::vector<std::string>& lines, uint32_t line_no,
                               Story& story, std::string* comment, const ProblemFn& report) {
  size_t d = 0;
  while (d < header.size() && IsDigit(header[d])) ++d;
  size_t k = d;
  while (k < header.size() && (header[k] == ' ' || header[k] == '\t' || header[k] == '*')) ++k;
  std::string id = Trim(header.substr(k));
  std::optional<Date> date;
  if (d == 6 || d == 8) date = Date::ParseCompact(header.substr(0, d));
  if (!date) {
    DYAD_RETURN_IF_ERROR(report(line_no, 1, id, Status::Code::kParseError,
                                "record header '" + std::string(header.substr(0, 40)) +
                                    "' does not start with a valid YYMMDD date"));
    return false;
  }
  if (k < header.size() && d < header.size() && !(header[d] == ' ' || header[d] == '\t' || header[d] == '*')) {
    DYAD_RETURN_IF_ERROR(report(line_no, static_cast<uint32_t>(d + 1), id, Status::Code::kParseError,
                                "record header: date must be followed by a space and the id"));
    return false;
  }
  if (id.empty()) {
    DYAD_RETURN_IF_ERROR(report(line_no, static_cast<uint32_t>(d + 1), "", Status::Code::kParseError,
                                "record header has a date but no id"));
    return false;
  }
  std::string text;
  std::string com;
  bool in_comment = false;
  for (const std::string& l : lines) {
    size_t i = 0;
    while (i < l.size()) {
      if (!in_comment) {
        const size_t open = l.find("/*", i);
        const size_t stop = open == std::string::npos ? l.size() : open;
        text.append(l, i, stop - i);
        if (open == std::string::npos) break;
        in_comment = true;
        i = open + 2;
      } else {
        const size_t close = l.find("*/", i);
        const size_t stop = close == std::string::npos ? l.size() : close;
        com.append(l, i, stop - i);
        if (close == std::string::npos) break;
        in_comment = false;
        i = close + 2;
      }
    }
    text.push_back('\n');
    if (in_comment) com.push_back('\n');
  }
  story.id = std::move(id);
  story.date = *date;
  story.title.clear();
  story.url.clear();
  story.source.clear();
  story.text = CollapseSpaces(text);
  story.origin_line = line_no;
  if (comment) *comment = std::move(com);
  return true;
}

Status ParseTabariExpectation(std::string_view c, uint32_t line_no, const std::string& id, TabariExpectation& out) {
  size_t i = 0;
  bool partial = false;
  while ((i = c.find('{', i)) != std::string_view::npos) {
    if (i > 0 && c[i - 1] == '-') partial = true;
    const size_t close = c.find('}', i + 1);
    if (close == std::string_view::npos)
      return Status::ParseError("line " + std::to_string(line_no) + ": record " + id +
                                ": expectation '{' is never closed by '}'");
    std::string body = Trim(c.substr(i + 1, close - i - 1));
    std::string squeezed;
    for (char ch : body)
      if (!IsAsciiSpace(ch)) squeezed.push_back(ch);
    size_t next = close + 1;
    if (squeezed == "---") {
      out.no_events = true;
    } else if (squeezed == "###") {
      out.discard = true;
    } else if (squeezed == "+++") {
      out.complex = true;
    } else if (body.rfind("OPTION:", 0) == 0) {
      out.options.push_back(Trim(std::string_view(body).substr(7)));
    } else {
      ExpectedEvent ev;
      const size_t s1 = body.find('/');
      const size_t s2 = s1 == std::string::npos ? std::string::npos : body.find('/', s1 + 1);
      if (s2 == std::string::npos || body.find('/', s2 + 1) != std::string::npos)
        return Status::ParseError("line " + std::to_string(line_no) + ": record " + id + ": expectation '{" + body +
                                  "}' is not '{ SOURCE / TARGET / CODE }'");
      ev.source = Trim(std::string_view(body).substr(0, s1));
      ev.target = Trim(std::string_view(body).substr(s1 + 1, s2 - s1 - 1));
      ev.code = Trim(std::string_view(body).substr(s2 + 1));
      // Optional date after the brace.
      size_t k = close + 1;
      while (k < c.size() && (c[k] == ' ' || c[k] == '\t')) ++k;
      size_t e = k;
      while (e < c.size() && IsDigit(c[e])) ++e;
      if (e - k == 6 || e - k == 8) {
        ev.date = Date::ParseCompact(c.substr(k, e - k));
        next = e;
      }
      (partial ? out.unchecked : out.events).push_back(std::move(ev));
    }
    i = next;
  }
  out.partial = partial;
  return Status::Ok();
}

// ---------------------------------------------------------------------------

Result<bool> PetrarchParser::Next(PetrarchRecord& rec) {
  XmlEvent ev;
  bool in_sentence = false;
  bool in_text = false;
  bool in_env = false;
  std::string env_key;
  std::string env_text;
  std::string text;
  auto reset = [&] {
    in_sentence = in_text = false;
    text.clear();
  };
  while (true) {
    Status st = sc_.Next(ev);
    if (!st.ok()) {
      // message is "line:col: ..."
      const std::string& m = st.message();
      uint32_t line = 0, col = 0;
      size_t p = 0;
      while (p < m.size() && IsDigit(m[p])) line = line * 10 + static_cast<uint32_t>(m[p++] - '0');
      if (p < m.size() && m[p] == ':') ++p;
      while (p < m.size() && IsDigit(m[p])) col = col * 10 + static_cast<uint32_t>(m[p++] - '0');
      if (p < m.size() && m[p] == ':') ++p;
      while (p < m.size() && m[p] == ' ') ++p;
      DYAD_RETURN_IF_ERROR(report_(line, col, in_sentence ? rec.story.id : "", Status::Code::kParseError,
                                   m.substr(p)));
      // Skip to the next record.
      reset();
      stack_.clear();
      if (!sc_.Resync("<Sentence")) return false;
      continue;
    }
    switch (ev.kind) {
      case XmlEvent::kEof:
        if (in_sentence) {
          DYAD_RETURN_IF_ERROR(report_(rec.story.origin_line, 1, rec.story.id, Status::Code::kParseError,
                                       "<Sentence> is not closed before the end of the file"));
        }
        return false;
      case XmlEvent::kText:
        if (in_text) text += ev.text;
        if (!env_key.empty()) env_text += ev.text;
        break;
      case XmlEvent::kStart: {
        if (!ev.self_closing) stack_.push_back({ev.name, ev.line});
        if (ev.name == "Environment") {
          in_env = !ev.self_closing;
        } else if (ev.name == "Config") {
          const std::string* o = ev.Attr("option");
          const std::string* v = ev.Attr("value");
          if (!o) {
            DYAD_RETURN_IF_ERROR(report_(ev.line, ev.column, "", Status::Code::kParseError,
                                         "<Config> has no option=\"...\" attribute"));
          } else {
            (in_env ? env_.config : pending_config_).emplace_back(*o, v ? *v : "");
          }
        } else if (in_env && env_key.empty()) {
          env_key = ev.name;
          env_text.clear();
          if (ev.self_closing) {
            env_.entries.emplace_back(env_key, "");
            env_key.clear();
          }
        } else if (ev.name == "Sentence") {
          if (in_sentence) {
            DYAD_RETURN_IF_ERROR(report_(rec.story.origin_line, 1, rec.story.id, Status::Code::kParseError,
                                         "<Sentence> is not closed before the next <Sentence> at line " +
                                             std::to_string(ev.line)));
          }
          reset();
          in_sentence = true;
          rec = PetrarchRecord();
          rec.story.origin_line = ev.line;
          const std::string* id = ev.Attr("id");
          const std::string* date = ev.Attr("date");
          const std::string* cat = ev.Attr("category");
          if (id) rec.story.id = *id;
          if (cat) rec.category = *cat;
          if (!id || id->empty()) {
            DYAD_RETURN_IF_ERROR(report_(ev.line, ev.column, "", Status::Code::kParseError,
                                         "<Sentence> has no id=\"...\" attribute"));
            in_sentence = false;
            break;
          }
          std::optional<Date> d = date ? Date::Parse(*date) : std::nullopt;
          if (!d) {
            DYAD_RETURN_IF_ERROR(report_(ev.line, ev.column, rec.story.id, Status::Code::kParseError,
                                         date ? "<Sentence> date=\"" + *date + "\" is not a valid YYYYMMDD date"
                                              : std::string("<Sentence> has no date=\"YYYYMMDD\" attribute")));
            in_sentence = false;
            break;
          }
          rec.story.date = *d;
        } else if (ev.name == "EventCoding" && in_sentence) {
          if (const std::string* ne = ev.Attr("noevents")) {
            const std::string v = AsciiLower(*ne);
            if (v == "true" || v == "1" || v == "yes") rec.expect_no_events = true;
          } else if (const std::string* err = ev.Attr("error")) {
            rec.expect_error = *err;
          } else {
            const std::string* s = ev.Attr("sourcecode");
            const std::string* t = ev.Attr("targetcode");
            const std::string* c = ev.Attr("eventcode");
            if (!s || !t || !c) {
              DYAD_RETURN_IF_ERROR(report_(ev.line, ev.column, rec.story.id, Status::Code::kParseError,
                                           "<EventCoding> needs sourcecode, targetcode and eventcode "
                                           "(or noevents / error)"));
            } else {
              rec.events.push_back({*s, *t, *c, std::nullopt});
            }
          }
        } else if (ev.name == "Text" && in_sentence) {
          in_text = !ev.self_closing;
          text.clear();
        }
        break;
      }
      case XmlEvent::kEnd: {
        // Match against the open elements.
        size_t k = stack_.size();
        while (k > 0 && stack_[k - 1].name != ev.name) --k;
        if (k == 0) {
          DYAD_RETURN_IF_ERROR(report_(ev.line, ev.column, in_sentence ? rec.story.id : "",
                                       Status::Code::kParseError,
                                       "closing </" + ev.name + "> has no matching opening tag"));
          break;
        }
        if (k != stack_.size()) {
          const Open& top = stack_.back();
          DYAD_RETURN_IF_ERROR(report_(ev.line, ev.column, in_sentence ? rec.story.id : "",
                                       Status::Code::kParseError,
                                       "closing </" + ev.name + "> while <" + top.name + "> opened at line " +
                                           std::to_string(top.line) + " is still open"));
        }
        stack_.resize(k - 1);
        if (ev.name == "Environment") {
          in_env = false;
        } else if (in_env && ev.name == env_key) {
          env_.entries.emplace_back(env_key, Trim(env_text));
          env_key.clear();
        } else if (ev.name == "Text") {
          in_text = false;
        } else if (ev.name == "Sentence" && in_sentence) {
          rec.story.text = CollapseSpaces(text);
          if (SanitizeUtf8(rec.story.text) > 0) {
            DYAD_RETURN_IF_ERROR(report_(rec.story.origin_line, 1, rec.story.id, Status::Code::kParseError,
                                         "text is not valid UTF-8 (bad bytes replaced by U+FFFD)"));
          }
          rec.config = std::move(pending_config_);
          pending_config_.clear();
          return true;
        }
        break;
      }
    }
  }
}

}  // namespace dyad::text
