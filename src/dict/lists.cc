// PETRARCH discard list and issue list readers.
#include <unordered_set>

#include "dict/readers.h"

namespace dyad::dict_internal {

Status ReadDiscards(const Source& src, DictionarySet* set, std::vector<DictWarning>* w) {
  LineReader lr(src.text);
  Line line;
  bool xml = false;
  std::unordered_set<std::string> seen;
  while (lr.Next(&line)) {
    std::string_view t = Trim(StripComment(line.text, src.dialect, &xml));
    if (t.empty()) continue;
    if (StartsWith(t, "~~")) break;
    DiscardEntry d;
    d.loc = {src.index, line.number};
    if (t[0] == '+') {
      d.story_level = true;
      t = Trim(t.substr(1));
    }
    if (!t.empty() && t.back() == '_') {
      d.exact_end = true;
      while (!t.empty() && t.back() == '_') t.remove_suffix(1);
    }
    if (t.empty()) return Error(src, line, 1, "empty discard phrase");
    if (t.find('[') != std::string_view::npos)
      Warn(w, src, line, ColOf(line, t.substr(t.find('['))), "discard phrases take no code; '[' kept as text");
    // Internal '_' are blanks (PETRARCH converts them).
    std::string text = Upper(t);
    for (char& c : text)
      if (c == '_' || c == '\t') c = ' ';
    d.text = std::move(text);
    if (!seen.insert(d.text + (d.story_level ? "+" : "")).second) {
      Warn(w, src, line, 1, "duplicate discard phrase '" + d.text + "'");
      continue;
    }
    set->discards.push_back(std::move(d));
  }
  return Status::Ok();
}

// ----------------------------------------------------------------- issues --

namespace {

std::string NounPlural(const std::string& s) {
  if (s.empty()) return s;
  char last = s.back();
  if (last == 'Y' && s.size() > 1 && std::string("AEIOU").find(s[s.size() - 2]) == std::string::npos)
    return s.substr(0, s.size() - 1) + "IES";
  if (last == 'S' || last == 'X' || last == 'Z' || (s.size() > 1 && (s.substr(s.size() - 2) == "CH" || s.substr(s.size() - 2) == "SH")))
    return s + "ES";
  return s + "S";
}

void VerbForms(const std::string& s, std::vector<std::string>* out) {
  out->push_back(s);
  if (s.empty()) return;
  out->push_back(s.back() == 'S' ? s + "ES" : s + "S");
  if (s.back() == 'E') {
    out->push_back(s + "D");
    out->push_back(s.substr(0, s.size() - 1) + "ING");
  } else {
    out->push_back(s + "ED");
    out->push_back(s + "ING");
  }
}

// Variants of one blank-delimited token: "pre+n:school" ->
// PRE SCHOOL, PRE-SCHOOL, PRE SCHOOLS, PRE-SCHOOLS.
void TokenVariants(std::string_view tok, std::vector<std::string>* out) {
  std::vector<std::string> acc{""};
  bool first = true;
  while (true) {
    size_t plus = tok.find('+');
    std::string_view part = tok.substr(0, plus);
    std::vector<std::string> pv;
    std::string up = Upper(part);
    if (StartsWith(up, "N:")) {
      std::string base = up.substr(2);
      pv.push_back(base);
      pv.push_back(NounPlural(base));
    } else if (StartsWith(up, "V:")) {
      VerbForms(up.substr(2), &pv);
    } else {
      pv.push_back(up);
    }
    std::vector<std::string> next;
    for (const auto& a : acc)
      for (const auto& p : pv) {
        if (first) {
          next.push_back(p);
        } else {
          next.push_back(a + " " + p);
          next.push_back(a + "-" + p);
        }
      }
    acc = std::move(next);
    first = false;
    if (plus == std::string_view::npos) break;
    tok = tok.substr(plus + 1);
  }
  for (auto& a : acc) out->push_back(std::move(a));
}

}  // namespace

Status ReadIssues(const Source& src, DictionarySet* set, std::vector<DictWarning>* w) {
  LineReader lr(src.text);
  Line line;
  bool xml = false;
  std::string category;
  std::unordered_set<std::string> seen;
  while (lr.Next(&line)) {
    std::string_view t = Trim(StripComment(line.text, src.dialect, &xml));
    if (t.empty()) continue;
    if (t[0] == '<') {
      if (StartsWith(t, "</")) { category.clear(); continue; }
      size_t p = t.find("CATEGORY=");
      if (p == std::string_view::npos) {
        Warn(w, src, line, 1, "unknown tag ignored");
        continue;
      }
      std::string_view v = t.substr(p + 9);
      if (!v.empty() && v[0] == '"') {
        size_t q = v.find('"', 1);
        if (q == std::string_view::npos) return Error(src, line, ColOf(line, v), "unclosed '\"' in CATEGORY");
        category = Upper(v.substr(1, q - 1));
      } else {
        size_t e = 0;
        while (e < v.size() && !IsSpace(v[e]) && v[e] != '>') ++e;
        category = Upper(v.substr(0, e));
      }
      continue;
    }
    bool ignore = false;
    if (t[0] == '~') {
      ignore = true;
      while (!t.empty() && t[0] == '~') t.remove_prefix(1);
      t = Trim(t);
    }
    std::string_view phrase = t;
    std::string code = category;
    size_t open = t.find('[');
    if (open != std::string_view::npos) {
      size_t close = t.find(']', open);
      if (close == std::string_view::npos) return Error(src, line, ColOf(line, t.substr(open)), "missing ']' after '['");
      if (!Trim(t.substr(close + 1)).empty())  // Phoenix.IssueCoding.txt:1198 has two entries on a line
        Warn(w, src, line, ColOf(line, t.substr(close + 1)), "text after the code ignored");
      code = Upper(Trim(t.substr(open + 1, close - open - 1)));
      phrase = Trim(t.substr(0, open));
      if (code.empty()) return Error(src, line, ColOf(line, t.substr(open)), "no code in '[]'");
    } else if (!ignore) {
      // Phoenix.IssueCoding.txt has a few; the enclosing category is the
      // only sensible code.
      if (category.empty()) return Error(src, line, ColOf(line, t), "issue phrase without '[code]'");
      Warn(w, src, line, ColOf(line, t), "issue phrase without '[code]'; using the category " + category);
    }
    if (phrase.empty()) return Error(src, line, 1, "empty issue phrase");
    // Expand token by token (cartesian product).
    std::vector<std::string> acc{""};
    size_t i = 0;
    bool first = true;
    while (i < phrase.size()) {
      while (i < phrase.size() && IsSpace(phrase[i])) ++i;
      size_t j = i;
      while (j < phrase.size() && !IsSpace(phrase[j])) ++j;
      if (j == i) break;
      std::vector<std::string> tv;
      TokenVariants(phrase.substr(i, j - i), &tv);
      std::vector<std::string> next;
      next.reserve(acc.size() * tv.size());
      for (const auto& a : acc)
        for (const auto& v : tv) next.push_back(first ? v : a + " " + v);
      acc = std::move(next);
      first = false;
      i = j;
      if (acc.size() > 4096) return Error(src, line, 1, "issue phrase expands to too many variants");
    }
    for (auto& a : acc) {
      std::string key = a + (ignore ? "~" : "|") + code;
      if (!seen.insert(key).second) continue;  // expansions overlap ("n:x" and "x"): silently merged
      IssueEntry e;
      e.text = std::move(a);
      e.code = code;
      e.ignore = ignore;
      e.loc = {src.index, line.number};
      set->issues.push_back(std::move(e));
    }
  }
  return Status::Ok();
}

}  // namespace dyad::dict_internal
