#include "text/xml_scan.h"

#include <cstring>

#include "text/utf8.h"

namespace dyad::text {
namespace {

bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

}  // namespace

void XmlScanner::Advance(size_t to) {
  if (to > doc_.size()) to = doc_.size();
  for (size_t i = pos_; i < to; ++i) {
    if (doc_[i] == '\n') {
      ++line_;
      line_start_ = i + 1;
    }
  }
  pos_ = to;
}

Status XmlScanner::Error(size_t at, const std::string& msg) const {
  // Line/column of `at` (at >= line_start_ of the current line or later).
  uint32_t line = line_;
  size_t start = line_start_;
  for (size_t i = pos_; i < at && i < doc_.size(); ++i) {
    if (doc_[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  const uint32_t col = static_cast<uint32_t>(at >= start ? at - start + 1 : 1);
  return Status::ParseError(std::to_string(line) + ":" + std::to_string(col) + ": " + msg);
}

void XmlScanner::DecodeInto(std::string_view raw, std::string& out) const {
  out.clear();
  out.reserve(raw.size());
  size_t i = 0;
  while (i < raw.size()) {
    const char c = raw[i];
    if (c != '&') {
      out.push_back(c);
      ++i;
      continue;
    }
    const size_t semi = raw.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) {
      out.push_back('&');  // a bare '&': kept as it is
      ++i;
      continue;
    }
    const std::string_view ent = raw.substr(i + 1, semi - i - 1);
    if (ent == "amp") out.push_back('&');
    else if (ent == "lt") out.push_back('<');
    else if (ent == "gt") out.push_back('>');
    else if (ent == "quot") out.push_back('"');
    else if (ent == "apos") out.push_back('\'');
    else if (ent.size() >= 2 && ent[0] == '#') {
      uint32_t v = 0;
      bool ok = true;
      const bool hex = ent[1] == 'x' || ent[1] == 'X';
      const std::string_view digits = ent.substr(hex ? 2 : 1);
      if (digits.empty()) ok = false;
      for (char d : digits) {
        uint32_t dv;
        if (d >= '0' && d <= '9') dv = static_cast<uint32_t>(d - '0');
        else if (hex && d >= 'a' && d <= 'f') dv = static_cast<uint32_t>(d - 'a' + 10);
        else if (hex && d >= 'A' && d <= 'F') dv = static_cast<uint32_t>(d - 'A' + 10);
        else { ok = false; break; }
        v = v * (hex ? 16 : 10) + dv;
        if (v > 0x10FFFF) { ok = false; break; }
      }
      if (!ok || v == 0 || (v >= 0xD800 && v <= 0xDFFF)) {
        out.append(raw.substr(i, semi - i + 1));
      } else {
        AppendUtf8(out, v);
      }
    } else {
      out.append(raw.substr(i, semi - i + 1));  // unknown entity: kept literally
    }
    i = semi + 1;
  }
}

bool XmlScanner::Resync(std::string_view marker) {
  const size_t at = doc_.find(marker, pos_);
  if (at == std::string_view::npos) {
    Advance(doc_.size());
    return false;
  }
  Advance(at);
  return true;
}

Status XmlScanner::Next(XmlEvent& ev) {
  ev.attrs.clear();
  ev.name.clear();
  ev.text.clear();
  ev.self_closing = false;
  while (true) {
    ev.line = line_;
    ev.column = static_cast<uint32_t>(pos_ - line_start_ + 1);
    if (pos_ >= doc_.size()) {
      ev.kind = XmlEvent::kEof;
      return Status::Ok();
    }
    if (doc_[pos_] != '<') {
      size_t lt = doc_.find('<', pos_);
      if (lt == std::string_view::npos) lt = doc_.size();
      DecodeInto(doc_.substr(pos_, lt - pos_), ev.text);
      Advance(lt);
      ev.kind = XmlEvent::kText;
      return Status::Ok();
    }
    const std::string_view rest = doc_.substr(pos_);
    if (rest.starts_with("<!--")) {
      const size_t end = doc_.find("-->", pos_ + 4);
      if (end == std::string_view::npos) {
        Status st = Error(pos_, "comment '<!--' is never closed by '-->'");
        Advance(doc_.size());
        return st;
      }
      Advance(end + 3);
      continue;
    }
    if (rest.starts_with("<![CDATA[")) {
      const size_t end = doc_.find("]]>", pos_ + 9);
      if (end == std::string_view::npos) {
        Status st = Error(pos_, "CDATA section is never closed by ']]>'");
        Advance(doc_.size());
        return st;
      }
      ev.text.assign(doc_.substr(pos_ + 9, end - pos_ - 9));
      Advance(end + 3);
      ev.kind = XmlEvent::kText;
      return Status::Ok();
    }
    if (rest.starts_with("<?") || rest.starts_with("<!")) {
      const std::string_view close = rest[1] == '?' ? "?>" : ">";
      const size_t end = doc_.find(close, pos_ + 2);
      if (end == std::string_view::npos) {
        Status st = Error(pos_, "declaration is never closed");
        Advance(doc_.size());
        return st;
      }
      Advance(end + close.size());
      continue;
    }
    // A start or end tag.
    const size_t tag_start = pos_;
    size_t i = pos_ + 1;
    const bool end_tag = i < doc_.size() && doc_[i] == '/';
    if (end_tag) ++i;
    if (i >= doc_.size() || !IsNameStart(doc_[i])) {
      Status st = Error(tag_start, "'<' is not followed by an element name (write '&lt;' for a literal '<')");
      Advance(tag_start + 1);
      return st;
    }
    const size_t name_start = i;
    while (i < doc_.size() && IsNameChar(doc_[i])) ++i;
    ev.name.assign(doc_.substr(name_start, i - name_start));
    auto skip_ws = [&] {
      while (i < doc_.size() && IsAsciiSpace(doc_[i])) ++i;
    };
    while (true) {
      skip_ws();
      if (i >= doc_.size()) {
        Status st = Error(tag_start, "tag <" + ev.name + "> is not closed by '>'");
        Advance(doc_.size());
        return st;
      }
      const char c = doc_[i];
      if (c == '>') {
        ++i;
        break;
      }
      if (c == '/' && !end_tag && i + 1 < doc_.size() && doc_[i + 1] == '>') {
        ev.self_closing = true;
        i += 2;
        break;
      }
      if (end_tag || !IsNameStart(c)) {
        Status st = Error(i, std::string("unexpected character '") + (c >= 32 && c < 127 ? std::string(1, c) : "?") +
                                 "' in tag <" + (end_tag ? "/" : "") + ev.name + ">");
        Advance(i + 1);
        return st;
      }
      const size_t an = i;
      while (i < doc_.size() && IsNameChar(doc_[i])) ++i;
      std::string key(doc_.substr(an, i - an));
      skip_ws();
      if (i >= doc_.size() || doc_[i] != '=') {
        Status st = Error(i, "attribute '" + key + "' of <" + ev.name + "> has no '=value'");
        Advance(std::min(i + 1, doc_.size()));
        return st;
      }
      ++i;
      skip_ws();
      if (i >= doc_.size() || (doc_[i] != '"' && doc_[i] != '\'')) {
        Status st = Error(i, "value of attribute '" + key + "' of <" + ev.name + "> is not quoted");
        Advance(std::min(i + 1, doc_.size()));
        return st;
      }
      const char q = doc_[i];
      const size_t vend = doc_.find(q, i + 1);
      if (vend == std::string_view::npos) {
        Status st = Error(i, "value of attribute '" + key + "' of <" + ev.name + "> is never closed");
        Advance(doc_.size());
        return st;
      }
      std::string value;
      DecodeInto(doc_.substr(i + 1, vend - i - 1), value);
      ev.attrs.emplace_back(std::move(key), std::move(value));
      i = vend + 1;
    }
    ev.kind = end_tag ? XmlEvent::kEnd : XmlEvent::kStart;
    Advance(i);
    return Status::Ok();
  }
}

}  // namespace dyad::text
