#include "dict/lex.h"

#include <algorithm>
#include <cctype>

namespace dyad::dict_internal {

bool LineReader::Next(Line* line) {
  if (pos_ >= text_.size()) return false;
  size_t end = text_.find('\n', pos_);
  if (end == std::string_view::npos) end = text_.size();
  std::string_view t = text_.substr(pos_, end - pos_);
  while (!t.empty() && t.back() == '\r') t.remove_suffix(1);
  pos_ = end + 1;
  line->number = ++number_;
  line->text = t;
  return true;
}

std::string FormatMessage(const Source& src, const Line& line, size_t col, std::string_view msg) {
  std::string out = src.name;
  out += ':';
  out += std::to_string(line.number);
  if (col > 0) {
    out += ':';
    out += std::to_string(col);
  }
  out += ": ";
  out += msg;
  // Show the line (control bytes replaced so the terminal stays sane).
  std::string shown;
  shown.reserve(line.text.size());
  for (char c : line.text) shown += (static_cast<unsigned char>(c) < 0x20 && c != '\t') ? '?' : c;
  out += "\n  ";
  out += shown;
  if (col > 0 && col <= line.text.size() + 1) {
    out += "\n  ";
    for (size_t i = 0; i + 1 < col; ++i) out += line.text[i] == '\t' ? '\t' : ' ';
    out += '^';
  }
  return out;
}

Status Error(const Source& src, const Line& line, size_t col, std::string_view msg) {
  return Status::ParseError(FormatMessage(src, line, col, msg));
}

void Warn(std::vector<DictWarning>* out, const Source& src, const Line& line, size_t col,
          std::string_view msg) {
  if (out) out->push_back(DictWarning{FormatMessage(src, line, col, msg)});
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string Upper(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return r;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

std::string_view StripComment(std::string_view line, Dialect dialect, bool* in_xml_comment) {
  if (dialect == Dialect::kTabari) {
    std::string_view t = Trim(line);
    if (!t.empty() && (t[0] == '#' || t[0] == '/')) return {};
    size_t semi = line.find(';');
    return semi == std::string_view::npos ? line : line.substr(0, semi);
  }
  // PETRARCH: XML comments first (possibly spanning lines).
  std::string_view s = line;
  if (*in_xml_comment) {
    size_t close = s.find("-->");
    if (close == std::string_view::npos) return {};
    *in_xml_comment = false;
    // Text after a multi-line comment's end is ignored (PETRARCH does too).
    return {};
  }
  size_t open = s.find("<!--");
  if (open != std::string_view::npos) {
    size_t close = s.find("-->", open + 4);
    if (close == std::string_view::npos) {
      *in_xml_comment = true;
      s = s.substr(0, open);
    } else {
      // Only one comment per line is supported (as in PETRARCH); keep both sides.
      // The common case is a whole-line or trailing comment.
      std::string_view before = s.substr(0, open);
      std::string_view after = s.substr(close + 3);
      if (Trim(after).empty()) {
        s = before;
      } else if (Trim(before).empty()) {
        s = after;
      } else {
        s = before;  // rare: text on both sides; the tail is dropped
      }
    }
  }
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '[') ++depth;
    else if (c == ']' && depth > 0) --depth;
    else if ((c == '#' && depth == 0) || c == ';') return s.substr(0, i);
  }
  return s;
}

// ---------------------------------------------------------------- phrases --

namespace {

struct Elem {
  PatternElement e;
  bool underscore_after = false;  // a '_' (or '-') directly followed the word
};

class PhraseParser {
 public:
  PhraseParser(const Source& src, const Line& line, std::string_view text, PhraseMode mode)
      : src_(src), line_(line), s_(text), mode_(mode) {}

  Status Run(PhraseResult* out) {
    std::vector<PatternElement> seq;
    char stop = 0;
    DYAD_RETURN_IF_ERROR(Seq(&seq, /*in_braces=*/false, &stop));
    if (seq.empty()) return Error(src_, line_, Col(0), "empty phrase");
    out->phrase = std::move(seq);
    out->head_word = head_;
    out->verb_count = verbs_;
    return Status::Ok();
  }

 private:
  size_t Col(size_t i) const { return static_cast<size_t>(s_.data() - line_.text.data()) + i + 1; }
  static bool IsSep(char c) { return c == ' ' || c == '\t' || c == '_' || c == '-'; }
  bool IsSpecialEnd(size_t j) const {
    return j >= s_.size() || IsSep(s_[j]) || s_[j] == '}' || s_[j] == '|' || s_[j] == '{';
  }

  void Finalize(std::vector<Elem>& tmp, std::vector<PatternElement>* out) {
    for (size_t k = 0; k < tmp.size(); ++k) {
      PatternElement& e = tmp[k].e;
      if (e.kind != PatternElement::Kind::kWord) continue;
      if (e.match == WordMatch::kExact || e.tilde) continue;  // '=' or '~' already decided
      bool last = k + 1 == tmp.size();
      if (src_.dialect == Dialect::kTabari) {
        if (tmp[k].underscore_after) e.match = last ? WordMatch::kEndings : WordMatch::kExact;
        else e.match = WordMatch::kStem;
      } else {
        e.match = (tmp[k].underscore_after && last) ? WordMatch::kExact : WordMatch::kEndings;
      }
    }
    out->reserve(tmp.size());
    for (auto& t : tmp) out->push_back(std::move(t.e));
  }

  // Parses elements until end of text, or (in braces) until '|' or '}'
  // which is consumed and returned in *stop.
  Status Seq(std::vector<PatternElement>* out, bool in_braces, char* stop) {
    std::vector<Elem> tmp;
    bool saw_space = false, saw_us = false, fresh = false;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t') {
        saw_space = true;
        fresh = false;
        ++i_;
        continue;
      }
      if (c == '_' || c == '-') {
        if (fresh && !tmp.empty()) tmp.back().underscore_after = true;
        saw_us = true;
        fresh = false;
        ++i_;
        continue;
      }
      if (c == '|' || c == '}') {
        if (!in_braces) return Error(src_, line_, Col(i_), std::string("unexpected '") + c + "'");
        *stop = c;
        ++i_;
        Finalize(tmp, out);
        return Status::Ok();
      }
      if (c == '+' && mode_ == PhraseMode::kVerb) {
        // Head marker: the next word inflects.
        ++i_;
        head_pending_ = true;
        fresh = false;
        continue;
      }
      Elem el{};
      el.e.adjacent_to_previous = !tmp.empty() && saw_us && !saw_space;
      saw_space = saw_us = false;
      fresh = true;
      size_t start = i_;
      if (c == '{') {
        if (mode_ != PhraseMode::kPattern)
          return Error(src_, line_, Col(i_), "unexpected '{' (alternatives are only allowed in patterns)");
        ++i_;
        el.e.kind = PatternElement::Kind::kAlternatives;
        for (;;) {
          std::vector<PatternElement> alt;
          char st = 0;
          DYAD_RETURN_IF_ERROR(Seq(&alt, true, &st));
          if (st == 0) return Error(src_, line_, Col(start), "unclosed '{' (no matching '}')");
          if (alt.empty()) return Error(src_, line_, Col(i_ - 1), "empty alternative in '{ ... | ... }'");
          el.e.alternatives.push_back(std::move(alt));
          if (st == '}') break;
        }
        tmp.push_back(std::move(el));
        continue;
      }
      if (c == '*' && mode_ == PhraseMode::kPattern) {
        ++i_;
        el.e.kind = PatternElement::Kind::kVerb;
        el.e.text = "*";
        if (i_ < s_.size() && s_[i_] == '*') {
          ++i_;
          el.e.text = "**";
        }
        if (i_ < s_.size() && s_[i_] == '~') {  // "*~_X": the verb with any ending, X next
          ++i_;
          el.e.tilde = true;
          tilde_pending_ = true;
        }
        ++verbs_;
      } else if ((c == '$' || c == '%' || c == '^' || c == '+') && mode_ != PhraseMode::kVerb &&
                 (mode_ == PhraseMode::kPattern || IsSpecialEnd(i_ + 1))) {
        ++i_;
        el.e.kind = c == '$' ? PatternElement::Kind::kSource
                  : c == '%' ? PatternElement::Kind::kCompound
                  : c == '^' ? PatternElement::Kind::kSkipActor
                             : PatternElement::Kind::kTarget;
        el.e.text = std::string(1, c);
      } else if (c == '&' && i_ + 1 < s_.size() && !IsSep(s_[i_ + 1]) && s_[i_ + 1] != '}' && s_[i_ + 1] != '|') {
        // Synset: greedy over [A-Z0-9_]; trailing '_' are connectors. The
        // loader splits "&A_B" into &A + B when only &A is defined.
        size_t j = i_ + 1;
        while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) ++j;
        size_t e = j;
        while (e > i_ + 1 && s_[e - 1] == '_') --e;
        el.e.kind = PatternElement::Kind::kSynset;
        el.e.text = Upper(s_.substr(i_, e - i_));
        el.e.match = WordMatch::kExact;
        i_ = e;
      } else {
        size_t j = i_;
        while (j < s_.size() && !IsSep(s_[j]) && s_[j] != '{' && s_[j] != '}' && s_[j] != '|' &&
               !(mode_ == PhraseMode::kPattern && s_[j] == '*'))
          ++j;
        std::string_view w = s_.substr(i_, j - i_);
        i_ = j;
        el.e.kind = PatternElement::Kind::kWord;
        if (!w.empty() && w.back() == '=') {
          w.remove_suffix(1);
          el.e.match = WordMatch::kExact;
        } else if (!w.empty() && w.back() == '~') {
          w.remove_suffix(1);
          el.e.tilde = true;
          el.e.match = WordMatch::kStem;
          tilde_pending_ = true;
        }
        if (w.empty()) return Error(src_, line_, Col(start), "empty word");
        el.e.text = Upper(w);
        if (head_pending_) {
          head_ = static_cast<int>(tmp.size());
          head_pending_ = false;
        }
      }
      if (tilde_pending_ && !el.e.tilde) {
        // "XXXX~ YYYY": the element after a tilde word follows immediately.
        el.e.adjacent_to_previous = true;
        tilde_pending_ = false;
      }
      tmp.push_back(std::move(el));
    }
    if (in_braces) {
      *stop = 0;
      Finalize(tmp, out);
      return Status::Ok();
    }
    Finalize(tmp, out);
    return Status::Ok();
  }

  const Source& src_;
  const Line& line_;
  std::string_view s_;
  PhraseMode mode_;
  size_t i_ = 0;
  int head_ = -1;
  int verbs_ = 0;
  bool head_pending_ = false;
  bool tilde_pending_ = false;
};

}  // namespace

Status ParsePhrase(const Source& src, const Line& line, std::string_view text, PhraseMode mode,
                   PhraseResult* out) {
  PhraseParser p(src, line, text, mode);
  return p.Run(out);
}

// ------------------------------------------------------------------ codes --

namespace {
std::string NoSpaces(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  for (char c : s)
    if (!IsSpace(c)) r += c;
  return r;
}
}  // namespace

VerbCode ParseVerbCode(std::string_view content) {
  VerbCode vc;
  std::string s = Upper(NoSpaces(content));
  if (s == "---") { vc.code = "---"; vc.special = VerbCode::Special::kNull; return vc; }
  if (s == "###") { vc.code = "###"; vc.special = VerbCode::Special::kDiscard; return vc; }
  if (s == "+++") { vc.code = "+++"; vc.special = VerbCode::Special::kComplex; return vc; }
  while (!s.empty() && (s.back() == '!' || s.back() == '?')) {
    if (s.back() == '!') vc.dominant = true;
    else vc.subordinate = true;
    s.pop_back();
  }
  size_t colon = s.find(':');
  if (colon != std::string::npos) {
    vc.paired = s.substr(colon + 1);
    s.resize(colon);
  }
  vc.code = s;
  if (s == "---") vc.special = VerbCode::Special::kNull;
  return vc;
}

CodeParse ParseDatedCode(std::string_view content, DatedCode* out, std::string* why) {
  std::string_view t = Trim(content);
  if (t.empty()) { *why = "empty code '[]'"; return CodeParse::kBad; }
  std::string code;
  std::string_view rest;
  if (StartsWith(t, "- - -")) {
    code = "---";
    rest = t.substr(5);
  } else {
    size_t j = 0;
    while (j < t.size() && !IsSpace(t[j]) && t[j] != '<' && t[j] != '>') ++j;
    code = Upper(t.substr(0, j));
    rest = t.substr(j);
    bool all_date = !code.empty();
    for (char c : code)
      if (!(c >= '0' && c <= '9') && c != '-') all_date = false;
    if (all_date && code != "---") {
      *why = "missing code before the date restriction";
      return CodeParse::kBad;
    }
    if (code.empty()) { *why = "missing code before the date restriction"; return CodeParse::kBad; }
  }
  out->code = std::move(code);
  out->from = std::numeric_limits<int32_t>::min();
  out->to = std::numeric_limits<int32_t>::max();
  std::string r = NoSpaces(rest);
  if (r.empty()) return CodeParse::kOk;
  auto date = [&](std::string_view d, int32_t* v) {
    auto x = Date::ParseCompact(d);
    if (!x) return false;
    *v = x->days;
    return true;
  };
  if (r[0] == '<') {
    if (!date(std::string_view(r).substr(1), &out->to)) {
      *why = "bad date '" + r.substr(1) + "' (want YYMMDD or YYYYMMDD)";
      return CodeParse::kBadDate;
    }
    return CodeParse::kOk;
  }
  if (r[0] == '>') {
    if (!date(std::string_view(r).substr(1), &out->from)) {
      *why = "bad date '" + r.substr(1) + "' (want YYMMDD or YYYYMMDD)";
      return CodeParse::kBadDate;
    }
    return CodeParse::kOk;
  }
  size_t dash = r.find('-');
  if (dash == std::string::npos) {
    bool digits = std::all_of(r.begin(), r.end(), [](char c) { return c >= '0' && c <= '9'; });
    *why = digits ? "date restriction '" + r + "' lacks '<', '>' or a 'from-to' range"
                  : "bad date restriction '" + r + "'";
    return digits ? CodeParse::kBadDate : CodeParse::kBad;
  }
  std::string_view rv(r);
  if (!date(rv.substr(0, dash), &out->from) || !date(rv.substr(dash + 1), &out->to)) {
    *why = "bad date range '" + r + "' (want YYMMDD-YYMMDD or YYYYMMDD-YYYYMMDD)";
    return CodeParse::kBadDate;
  }
  return CodeParse::kOk;
}

Status SplitCodeBlocks(const Source& src, const Line& line, std::string_view text,
                       std::string_view* phrase, std::vector<std::string_view>* blocks,
                       std::string_view* trailing) {
  blocks->clear();
  if (trailing) *trailing = {};
  size_t open = text.find('[');
  if (open == std::string_view::npos) {
    // A stray ']' stays part of the phrase (Phoenix has "+FAEROYENE]_");
    // readers warn about it.
    *phrase = text;
    return Status::Ok();
  }
  *phrase = text.substr(0, open);
  size_t i = open;
  while (i < text.size()) {
    if (IsSpace(text[i])) { ++i; continue; }
    if (text[i] != '[') {
      if (trailing) {
        *trailing = text.substr(i);
        return Status::Ok();
      }
      return Error(src, line, ColOf(line, text.substr(i)), "unexpected text after a code block");
    }
    size_t close = text.find(']', i + 1);
    size_t nested = text.find('[', i + 1);
    if (close == std::string_view::npos || (nested != std::string_view::npos && nested < close))
      return Error(src, line, ColOf(line, text.substr(i)), "missing ']' after '['");
    blocks->push_back(text.substr(i + 1, close - i - 1));
    i = close + 1;
  }
  return Status::Ok();
}

size_t OpenSynset(const Source& src, const Line& line, std::string_view t, std::string_view name,
                  DictionarySet* set, std::unordered_map<std::string, size_t>& index,
                  std::vector<DictWarning>* w) {
  Synset s;
  s.loc = {src.index, line.number};
  while (name.size() > 1 && name.back() == '_') {
    name.remove_suffix(1);
    s.no_plurals = true;
  }
  s.name = Upper(name);
  auto [it, fresh] = index.emplace(s.name, set->synsets.size());
  if (!fresh) {
    // TABARI's demo repeats a label; later members add to the first set.
    Warn(w, src, line, ColOf(line, t), "synset " + s.name + " defined again; members are merged");
    return it->second;
  }
  set->synsets.push_back(std::move(s));
  return set->synsets.size() - 1;
}

bool IsBlockHeader(std::string_view t) {
  if (t.size() < 5 || !StartsWith(t, "---") || !IsSpace(t[3])) return false;
  for (char c : t.substr(3))
    if (c != '-' && !IsSpace(c)) return true;
  return false;
}

std::string PhraseKey(const Phrase& p) {
  std::string k;
  for (const auto& e : p) {
    if (!k.empty()) k += e.adjacent_to_previous ? '_' : ' ';
    if (e.kind == PatternElement::Kind::kAlternatives) k += "{..}";
    else k += e.text;
  }
  return k;
}

}  // namespace dyad::dict_internal
