// .actors (TABARI, PETRARCH Phoenix.*.actors.txt) and .agents readers.
#include <unordered_map>

#include "dict/readers.h"

namespace dyad::dict_internal {

namespace {

// Appends the code blocks of a line to `codes`.
Status AddCodes(const Source& src, const Line& line, const std::vector<std::string_view>& blocks,
                std::vector<DatedCode>* codes, std::vector<DictWarning>* w) {
  for (std::string_view b : blocks) {
    DatedCode dc;
    std::string why;
    size_t col = ColOf(line, b);
    switch (ParseDatedCode(b, &dc, &why)) {
      case CodeParse::kOk: codes->push_back(std::move(dc)); break;
      case CodeParse::kBadDate: Warn(w, src, line, col, why + "; code ignored"); break;
      case CodeParse::kBad: return Error(src, line, col, why);
    }
  }
  return Status::Ok();
}

}  // namespace

Status ReadActors(const Source& src, DictionarySet* set, std::vector<DictWarning>* w) {
  LineReader lr(src.text);
  Line line;
  bool xml = false;
  enum class Mode { kActors, kNoun, kAdjective } mode = Mode::kActors;
  Line mode_line;
  size_t cur = SIZE_MAX;  // current entry in set->actors
  size_t first = set->actors.size();
  std::unordered_map<std::string, uint32_t> seen;  // phrase key -> line
  std::vector<std::string_view> blocks;
  std::string_view phrase_text;

  auto add_phrase = [&](const Line& ln, std::string_view text, Phrase* out) -> Status {
    if (text.find(']') != std::string_view::npos)
      Warn(w, src, ln, ColOf(ln, text.substr(text.find(']'))), "stray ']' kept as part of the phrase");
    PhraseResult pr;
    DYAD_RETURN_IF_ERROR(ParsePhrase(src, ln, text, PhraseMode::kPhrase, &pr));
    std::string key = PhraseKey(pr.phrase);
    auto [it, fresh] = seen.emplace(std::move(key), ln.number);
    if (!fresh)
      Warn(w, src, ln, ColOf(ln, Trim(text)),
           "duplicate actor phrase (first at line " + std::to_string(it->second) + ")");
    *out = std::move(pr.phrase);
    return Status::Ok();
  };

  while (lr.Next(&line)) {
    std::string_view text = StripComment(line.text, src.dialect, &xml);
    std::string_view t = Trim(text);
    if (t.empty()) continue;
    if (StartsWith(t, "~~")) break;  // TABARI end-of-file mark
    if (t[0] == '<') {
      if (IEquals(t, "<NOUN>") || IEquals(t, "<NOUNS>")) { mode = Mode::kNoun; mode_line = line; continue; }
      if (IEquals(t, "<ADJECTIVE>") || IEquals(t, "<ADJ>") || IEquals(t, "<ADJECTIVES>")) {
        mode = Mode::kAdjective; mode_line = line; continue;
      }
      if (t[1] == '/') { mode = Mode::kActors; continue; }
      Warn(w, src, line, ColOf(line, t), "unknown section tag ignored");
      continue;
    }
    if (mode != Mode::kActors) {
      DYAD_RETURN_IF_ERROR(SplitCodeBlocks(src, line, t, &phrase_text, &blocks));
      PhraseResult pr;
      DYAD_RETURN_IF_ERROR(ParsePhrase(src, line, Trim(phrase_text), PhraseMode::kPhrase, &pr));
      WordClassEntry wc;
      wc.phrase = std::move(pr.phrase);
      wc.cls = mode == Mode::kNoun ? WordClassEntry::Class::kNoun : WordClassEntry::Class::kAdjective;
      wc.loc = {src.index, line.number};
      set->word_classes.push_back(std::move(wc));
      continue;
    }
    bool indented = IsSpace(line.text[0]);
    if (t[0] == '[') {
      // Continuation line: date restrictions for the current entry. TABARI
      // requires them indented; PETRARCH files always are. Accept both.
      if (cur == SIZE_MAX) return Error(src, line, ColOf(line, t), "code line before any actor phrase");
      if (!indented && src.dialect == Dialect::kTabari)
        Warn(w, src, line, ColOf(line, t), "code line should be indented");
      DYAD_RETURN_IF_ERROR(SplitCodeBlocks(src, line, t, &phrase_text, &blocks));
      DYAD_RETURN_IF_ERROR(AddCodes(src, line, blocks, &set->actors[cur].codes, w));
      continue;
    }
    if (t[0] == '+') {
      if (cur == SIZE_MAX) return Error(src, line, ColOf(line, t), "synonym '+' before any actor phrase");
      DYAD_RETURN_IF_ERROR(SplitCodeBlocks(src, line, t.substr(1), &phrase_text, &blocks));
      Phrase p;
      DYAD_RETURN_IF_ERROR(add_phrase(line, phrase_text, &p));
      set->actors[cur].phrases.push_back(std::move(p));
      DYAD_RETURN_IF_ERROR(AddCodes(src, line, blocks, &set->actors[cur].codes, w));
      continue;
    }
    std::string_view trailing;
    DYAD_RETURN_IF_ERROR(SplitCodeBlocks(src, line, t, &phrase_text, &blocks,
                                         src.dialect == Dialect::kTabari ? nullptr : &trailing));
    if (!trailing.empty())  // Phoenix.International: "A.H._BELO_CORPORATION_ [MNCMED] Newspapers/..."
      Warn(w, src, line, ColOf(line, trailing), "text after the code ignored");
    ActorEntry e;
    e.loc = {src.index, line.number};
    e.phrases.emplace_back();
    DYAD_RETURN_IF_ERROR(add_phrase(line, phrase_text, &e.phrases.back()));
    DYAD_RETURN_IF_ERROR(AddCodes(src, line, blocks, &e.codes, w));
    cur = set->actors.size();
    set->actors.push_back(std::move(e));
  }
  if (mode != Mode::kActors)
    return Error(src, mode_line, 1, mode == Mode::kNoun ? "<NOUN> section not closed by </NOUN>"
                                                        : "<ADJECTIVE> section not closed by </ADJECTIVE>");
  (void)first;
  return Status::Ok();
}

// ----------------------------------------------------------------- agents --

namespace {

struct Substitution {
  std::string marker;               // "!PERSON!"
  std::vector<std::string> values;  // upper-case
};

// Expands every !MARKER! in `s` (all combinations).
void Expand(const std::string& s, const std::vector<Substitution>& subs, std::vector<std::string>* out,
            int depth = 0) {
  if (depth < 8) {
    for (const auto& sub : subs) {
      size_t p = s.find(sub.marker);
      if (p == std::string::npos) continue;
      for (const auto& v : sub.values) {
        std::string r = s.substr(0, p) + v + s.substr(p + sub.marker.size());
        Expand(r, subs, out, depth + 1);
      }
      return;
    }
  }
  out->push_back(s);
}

}  // namespace

Status ReadAgents(const Source& src, DictionarySet* set, std::vector<DictWarning>* w) {
  LineReader lr(src.text);
  Line line;
  bool xml = false;
  std::vector<Substitution> subs;
  std::unordered_map<std::string, uint32_t> seen;
  while (lr.Next(&line)) {
    std::string_view t = Trim(StripComment(line.text, src.dialect, &xml));
    if (t.empty()) continue;
    if (StartsWith(t, "~~")) break;
    // Substitution set: "!PERSON! = MAN, MEN, WOMAN".
    if (t[0] == '!') {
      size_t close = t.find('!', 1);
      size_t eq = t.find('=');
      if (close != std::string_view::npos && eq != std::string_view::npos && close < eq &&
          Trim(t.substr(close + 1, eq - close - 1)).empty()) {
        Substitution sub;
        sub.marker = Upper(t.substr(0, close + 1));
        std::string_view list = t.substr(eq + 1);
        while (!list.empty()) {
          size_t comma = list.find(',');
          std::string_view item = Trim(list.substr(0, comma));
          if (!item.empty()) {
            std::string v;
            for (char c : item)
              if (!IsSpace(c)) v += c;
            sub.values.push_back(Upper(v));
          }
          if (comma == std::string_view::npos) break;
          list = list.substr(comma + 1);
        }
        if (sub.values.empty()) return Error(src, line, ColOf(line, t.substr(eq)), "empty substitution list");
        subs.push_back(std::move(sub));
        continue;
      }
    }
    // phrase {plurals} [code]
    size_t brace = t.find('{');
    size_t bracket = t.find('[');
    std::string_view phrase = t, plurals;
    bool has_plurals = false;
    std::string_view rest;
    if (brace != std::string_view::npos && (bracket == std::string_view::npos || brace < bracket)) {
      size_t close = t.find('}', brace);
      if (close == std::string_view::npos)
        return Error(src, line, ColOf(line, t.substr(brace)), "unclosed '{' in plural list");
      phrase = t.substr(0, brace);
      plurals = t.substr(brace + 1, close - brace - 1);
      has_plurals = true;
      rest = t.substr(close + 1);
      bracket = rest.find('[');
      if (bracket == std::string_view::npos) {
        Warn(w, src, line, ColOf(line, t), "agent without a [code]; entry ignored");
        continue;
      }
      if (!Trim(rest.substr(0, bracket)).empty())
        return Error(src, line, ColOf(line, rest), "unexpected text between '}' and '['");
      rest = rest.substr(bracket);
    } else if (bracket != std::string_view::npos) {
      phrase = t.substr(0, bracket);
      rest = t.substr(bracket);
    } else {
      Warn(w, src, line, ColOf(line, t), "agent without a [code]; entry ignored");
      continue;
    }
    // rest starts with '['. Accept "[~ENV}" (a quirk of Phoenix.agents.txt) with a warning.
    size_t close = rest.find(']');
    if (close == std::string_view::npos) {
      size_t alt = rest.find('}');
      if (alt == std::string_view::npos) return Error(src, line, ColOf(line, rest), "missing ']' after '['");
      Warn(w, src, line, ColOf(line, rest.substr(alt)), "code closed with '}' instead of ']'");
      close = alt;
    }
    if (!Trim(rest.substr(close + 1)).empty())
      return Error(src, line, ColOf(line, rest.substr(close + 1)), "unexpected text after the code");
    std::string_view code = Trim(rest.substr(1, close - 1));
    AgentEntry proto;
    proto.loc = {src.index, line.number};
    if (!code.empty() && code.front() == '~') {
      proto.code = Upper(Trim(code.substr(1)));
    } else if (!code.empty() && code.back() == '~') {
      proto.code = Upper(Trim(code.substr(0, code.size() - 1)));
      proto.prefix = true;
    } else {
      return Error(src, line, ColOf(line, rest.substr(1)),
                   "agent code needs '~' before (\"[~GOV]\") or after (\"[NGO~]\") the code");
    }
    if (proto.code.empty()) return Error(src, line, ColOf(line, rest), "empty agent code");
    // Plurals.
    std::vector<std::string> plural_texts;
    if (has_plurals) {
      std::string_view p = plurals;
      size_t i = 0;
      while (i < p.size()) {
        while (i < p.size() && IsSpace(p[i])) ++i;
        size_t j = i;
        while (j < p.size() && !IsSpace(p[j])) ++j;
        if (j > i) plural_texts.emplace_back(p.substr(i, j - i));
        i = j;
      }
      proto.plural_rule = plural_texts.empty() ? AgentEntry::PluralRule::kNone : AgentEntry::PluralRule::kExplicit;
    }
    std::string phrase_upper = Upper(Trim(phrase));
    if (phrase_upper.empty()) return Error(src, line, 1, "missing agent phrase before the code");
    std::vector<std::string> variants;
    Expand(phrase_upper, subs, &variants);
    for (const std::string& v : variants) {
      if (v.find('!') != std::string::npos && v.find('!') != v.rfind('!'))
        Warn(w, src, line, ColOf(line, phrase), "undefined substitution marker in '" + v + "'");
      Line vline{line.number, v};
      PhraseResult pr;
      DYAD_RETURN_IF_ERROR(ParsePhrase(src, variants.size() == 1 ? line : vline,
                                       variants.size() == 1 ? Trim(phrase) : std::string_view(v),
                                       PhraseMode::kPhrase, &pr));
      AgentEntry e = proto;
      e.phrase = std::move(pr.phrase);
      for (const std::string& pt : plural_texts) {
        std::vector<std::string> pv;
        Expand(Upper(pt), subs, &pv);
        for (const std::string& x : pv) {
          Line pl{line.number, x};
          PhraseResult pp;
          DYAD_RETURN_IF_ERROR(ParsePhrase(src, pl, x, PhraseMode::kPhrase, &pp));
          e.plurals.push_back(std::move(pp.phrase));
        }
      }
      std::string key = PhraseKey(e.phrase);
      auto [it, fresh] = seen.emplace(key, line.number);
      if (!fresh)
        Warn(w, src, line, ColOf(line, phrase),
             "duplicate agent phrase '" + key + "' (first at line " + std::to_string(it->second) + ")");
      set->agents.push_back(std::move(e));
    }
  }
  return Status::Ok();
}

}  // namespace dyad::dict_internal
