// TABARI .verbs and PETRARCH-1 verb dictionaries (CAMEO.verbpatterns.*,
// PETR.Validate.verbs.txt), plus dialect detection and synset resolution.
#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "dict/readers.h"

namespace dyad::dict_internal {

namespace {

// The text between the opening and (optional) closing dashes.
std::string_view BlockInner(std::string_view t) {
  t = t.substr(3);
  while (!t.empty() && (t.back() == '-' || IsSpace(t.back()))) t.remove_suffix(1);
  return Trim(t);
}

void MakeExact(Phrase* p) {
  for (auto& e : *p)
    if (e.kind == PatternElement::Kind::kWord) e.match = WordMatch::kExact;
}

}  // namespace

Dialect DetectVerbDialect(std::string_view text) {
  // PETRARCH-2 (CAMEO.2.0.txt): '~' transformation lines, or patterns with
  // "(PREP ...)" groups or "{NOUN PHRASE}" groups without '|'. PETRARCH-1:
  // "--- NAME ---" blocks or XML comments. Otherwise TABARI.
  LineReader lr(text);
  Line line;
  bool blocks = false, xml = false;
  int p2_evidence = 0;
  while (lr.Next(&line)) {
    std::string_view t = Trim(line.text);
    if (t.empty()) continue;
    if (StartsWith(t, "<!--")) xml = true;
    if (IsBlockHeader(t)) blocks = true;
    if (t.size() > 2 && t[0] == '~' && t[1] == ' ') ++p2_evidence;
    if (t[0] == '-' && t.size() > 1 && t[1] != '-') {
      size_t end = t.find('#');
      std::string_view body = t.substr(0, end);
      size_t code = body.rfind('[');
      if (code != std::string_view::npos) body = body.substr(0, code);
      size_t paren = body.find('(');
      size_t brace = body.find('{');
      if (paren != std::string_view::npos) ++p2_evidence;
      else if (brace != std::string_view::npos && body.find('|') == std::string_view::npos) ++p2_evidence;
    }
  }
  if (p2_evidence >= 3 && blocks) return Dialect::kPetrarch2;
  if (blocks || xml) return Dialect::kPetrarch1;
  return Dialect::kTabari;
}

Status ReadVerbs(const Source& src, DictionarySet* set, std::vector<DictWarning>* w) {
  LineReader lr(src.text);
  Line line;
  bool xml = false;
  enum class Section { kNone, kSynsets, kTime } section = Section::kNone;
  Line section_line;
  constexpr size_t kNone = SIZE_MAX;
  size_t cur_verb = kNone, owner = kNone, cur_synset = kNone;
  bool synset_ctx = false, in_block = false;
  std::string block;
  VerbCode block_code;
  std::vector<std::string_view> blocks;
  std::string_view phrase_text;
  std::unordered_map<std::string, uint32_t> seen_verbs;
  std::string reordered;  // backing store for a reordered verb line
  std::unordered_map<std::string, size_t> synset_index;
  for (size_t i = 0; i < set->synsets.size(); ++i) synset_index.emplace(set->synsets[i].name, i);

  auto one_code = [&](std::string_view body, bool required, VerbCode* out, bool* has) -> Status {
    DYAD_RETURN_IF_ERROR(SplitCodeBlocks(src, line, body, &phrase_text, &blocks));
    *has = !blocks.empty();
    if (blocks.size() > 1)
      return Error(src, line, ColOf(line, blocks[1]) - 1, "more than one code block");
    if (blocks.empty()) {
      if (required) return Error(src, line, ColOf(line, Trim(body)), "missing '[code]'");
      return Status::Ok();
    }
    if (Trim(blocks[0]).empty()) return Error(src, line, ColOf(line, blocks[0]), "no code in '[]'");
    *out = ParseVerbCode(blocks[0]);
    return Status::Ok();
  };

  // Files a verb line's entry: its block, owner of the shared patterns, and a
  // warning for a verb listed twice outside a block.
  auto add_verb = [&](VerbEntry e, const Line& at) {
    e.block = block;
    e.loc = {src.index, at.number};
    cur_verb = set->verbs.size();
    if (!in_block || owner == kNone) owner = cur_verb;
    e.patterns_of = static_cast<uint32_t>(owner);
    std::string key = PhraseKey(e.verb);
    auto [it, fresh] = seen_verbs.emplace(key, at.number);
    if (!fresh && !in_block)
      Warn(w, src, at, 1, "duplicate verb " + key + " (first at line " + std::to_string(it->second) + ")");
    set->verbs.push_back(std::move(e));
  };

  while (lr.Next(&line)) {
    std::string_view t = Trim(StripComment(line.text, src.dialect, &xml));
    if (t.empty()) {
      synset_ctx = false;
      continue;
    }
    if (StartsWith(t, "~~")) break;
    if (t[0] == '<' && t.back() == '>') {
      synset_ctx = false;
      if (IEquals(t, "<SYNSETS>") || IEquals(t, "<SYNSET>")) { section = Section::kSynsets; section_line = line; continue; }
      if (IEquals(t, "<TIME>")) { section = Section::kTime; section_line = line; continue; }
      if (IEquals(t, "</SYNSETS>") || IEquals(t, "</SYNSET>") || IEquals(t, "</TIME>")) { section = Section::kNone; continue; }
      Warn(w, src, line, 1, "unknown section tag ignored");
      continue;
    }
    if (section == Section::kTime) {
      std::string_view body = t;
      bool pattern = t[0] == '-';
      if (pattern) body = t.substr(1);
      VerbCode vc;
      bool has = false;
      DYAD_RETURN_IF_ERROR(one_code(body, true, &vc, &has));
      TimeShift ts;
      ts.loc = {src.index, line.number};
      PhraseResult pr;
      DYAD_RETURN_IF_ERROR(ParsePhrase(src, line, Trim(phrase_text), pattern ? PhraseMode::kPattern : PhraseMode::kPhrase, &pr));
      ts.phrase = std::move(pr.phrase);
      if (vc.special != VerbCode::Special::kNone) {
        ts.special = vc.special;
      } else {
        std::string_view c = vc.code;
        if (!c.empty() && c[0] == '+') c.remove_prefix(1);
        int v = 0;
        auto r = std::from_chars(c.data(), c.data() + c.size(), v);
        if (c.empty() || r.ec != std::errc() || r.ptr != c.data() + c.size())
          return Error(src, line, ColOf(line, blocks[0]), "time shift must be [+N], [-N], [---], [###] or [+++]");
        ts.days = v;
      }
      set->time_shifts.push_back(std::move(ts));
      continue;
    }
    if (IsBlockHeader(t)) {
      std::string_view inner = BlockInner(t);
      DYAD_RETURN_IF_ERROR(SplitCodeBlocks(src, line, inner, &phrase_text, &blocks));
      if (blocks.size() > 1)  // PETR.Validate.verbs.txt: "--- DELAY [120]  [031:031]  ---"
        Warn(w, src, line, ColOf(line, blocks[1]), "more than one block code; the first is used");
      block = Upper(Trim(phrase_text));
      block_code = blocks.empty() ? ParseVerbCode("---") : ParseVerbCode(blocks[0]);
      in_block = true;
      owner = kNone;
      cur_verb = kNone;
      synset_ctx = false;
      continue;
    }
    if (t[0] == '&') {
      size_t j = 1;
      while (j < t.size() && !IsSpace(t[j])) ++j;
      std::string_view name = t.substr(0, j);
      if (!Trim(t.substr(j)).empty())
        Warn(w, src, line, ColOf(line, Trim(t.substr(j))), "text after the synset name ignored");
      {
        std::string_view bare = name;
        while (bare.size() > 1 && bare.back() == '_') bare.remove_suffix(1);
        if (bare.size() < 2) return Error(src, line, ColOf(line, t), "empty synset name");
      }
      cur_synset = OpenSynset(src, line, t, name, set, synset_index, w);
      synset_ctx = true;
      continue;
    }
    if (t[0] == '+' && synset_ctx) {
      PhraseResult pr;
      DYAD_RETURN_IF_ERROR(ParsePhrase(src, line, t.substr(1), PhraseMode::kPhrase, &pr));
      for (const auto& e : pr.phrase)
        if (e.kind == PatternElement::Kind::kSynset && e.text == set->synsets[cur_synset].name)
          return Error(src, line, ColOf(line, t), "synset " + e.text + " refers to itself");
      set->synsets[cur_synset].members.push_back(std::move(pr.phrase));
      continue;
    }
    if (section == Section::kSynsets && t[0] == '+')
      return Error(src, line, 1, "synset member '+' before any '&NAME'");
    synset_ctx = false;
    if (t[0] == '{') {
      if (cur_verb == kNone) return Error(src, line, 1, "verb forms '{...}' before any verb");
      size_t close = t.find('}');
      if (close == std::string_view::npos) return Error(src, line, 1, "unclosed '{' in verb forms");
      if (!Trim(t.substr(close + 1)).empty())
        return Error(src, line, ColOf(line, t.substr(close + 1)), "unexpected text after '}'");
      std::string_view forms = t.substr(1, close - 1);
      size_t i = 0;
      size_t n = 0;
      while (i < forms.size()) {
        while (i < forms.size() && IsSpace(forms[i])) ++i;
        size_t j = i;
        while (j < forms.size() && !IsSpace(forms[j])) ++j;
        if (j > i) {
          PhraseResult pr;
          DYAD_RETURN_IF_ERROR(ParsePhrase(src, line, forms.substr(i, j - i), PhraseMode::kVerb, &pr));
          MakeExact(&pr.phrase);
          set->verbs[cur_verb].irregular_forms.push_back(std::move(pr.phrase));
          ++n;
        }
        i = j;
      }
      if (n == 0) return Error(src, line, 1, "no verb forms inside '{}'");
      continue;
    }
    if (t[0] == '-') {
      if (owner == kNone) return Error(src, line, 1, "pattern before any verb");
      VerbCode vc;
      bool has = false;
      DYAD_RETURN_IF_ERROR(one_code(t.substr(1), false, &vc, &has));
      if (!has) {
        // CAMEO.verbpatterns.150430.txt has a pattern without a code.
        Warn(w, src, line, ColOf(line, t), "pattern without '[code]'; pattern ignored");
        continue;
      }
      PhraseResult pr;
      std::string_view body = Trim(phrase_text);
      if (body.empty()) return Error(src, line, 1, "empty pattern");
      if (std::count(body.begin(), body.end(), '{') != std::count(body.begin(), body.end(), '}')) {
        // CAMEO.091003.master.verbs has "{ WAS | WERE ] * ...": TABARI could not use it either.
        Warn(w, src, line, ColOf(line, body.substr(body.find('{') == std::string_view::npos ? 0 : body.find('{'))),
             "unbalanced '{ ... }' in pattern; pattern ignored");
        continue;
      }
      DYAD_RETURN_IF_ERROR(ParsePhrase(src, line, body, PhraseMode::kPattern, &pr));
      if (pr.verb_count == 0) {
        // TABARI stops on this; PETRARCH skips the line, and
        // CAMEO.verbpatterns.150430.txt needs that ("- TIVILIAN [202]").
        if (src.dialect == Dialect::kTabari)
          return Error(src, line, ColOf(line, body), "'*' (the verb) missing in pattern");
        Warn(w, src, line, ColOf(line, body), "'*' (the verb) missing in pattern; pattern ignored");
        continue;
      }
      if (pr.verb_count > 1) {
        // CAMEO.verbpatterns.150430.txt has one such line; PETRARCH cannot use it either.
        Warn(w, src, line, ColOf(line, body), "more than one '*' in pattern; pattern ignored");
        continue;
      }
      VerbPattern vp;
      vp.elements = std::move(pr.phrase);
      vp.code = std::move(vc);
      vp.loc = {src.index, line.number};
      set->verbs[owner].patterns.push_back(std::move(vp));
      continue;
    }
    // A verb line: "ABANDON [345]", "SAY {SAYS SAID}", "+CORDON_OFF {...} [code]".
    std::string_view forms;
    std::string_view body = t;
    size_t brace = t.find('{');
    size_t bracket = t.find('[');
    if (brace != std::string_view::npos && bracket != std::string_view::npos && bracket < brace) {
      // "SNUB [111] {SNUBS SNUBBING SNUBBED}" (CAMEO.verbpatterns.150430.txt):
      // the code before the forms. Read it as "SNUB {...} [111]".
      size_t close = t.find('}', brace);
      if (close == std::string_view::npos)
        return Error(src, line, ColOf(line, t.substr(brace)), "unclosed '{' in verb forms");
      if (!Trim(t.substr(close + 1)).empty())
        return Error(src, line, ColOf(line, t.substr(close + 1)), "unexpected text after '}'");
      reordered = std::string(t.substr(0, bracket)) + std::string(t.substr(brace, close + 1 - brace)) + " " +
                  std::string(t.substr(bracket, brace - bracket));
      Line fake{line.number, reordered};
      line = fake;
      t = line.text;
      brace = t.find('{');
      bracket = t.find('[');
    }
    if (brace != std::string_view::npos && (bracket == std::string_view::npos || brace < bracket)) {
      size_t close = t.find('}', brace);
      if (close == std::string_view::npos)
        return Error(src, line, ColOf(line, t.substr(brace)), "unclosed '{' in verb forms");
      forms = t.substr(brace + 1, close - brace - 1);
      std::string_view after = Trim(t.substr(close + 1));
      if (!after.empty() && after[0] != '[')
        return Error(src, line, ColOf(line, after), "unexpected text after '}'");
      body = t.substr(0, brace);
      VerbCode vc;
      bool has = false;
      // code after the forms
      DYAD_RETURN_IF_ERROR(one_code(after, false, &vc, &has));
      phrase_text = body;
      VerbEntry e;
      e.code = has ? vc : (in_block ? block_code : VerbCode{});
      blocks.clear();
      PhraseResult pr;
      DYAD_RETURN_IF_ERROR(ParsePhrase(src, line, Trim(body), PhraseMode::kVerb, &pr));
      e.verb = std::move(pr.phrase);
      e.head_word = pr.head_word < 0 ? 0 : static_cast<uint32_t>(pr.head_word);
      size_t i = 0;
      while (i < forms.size()) {
        while (i < forms.size() && IsSpace(forms[i])) ++i;
        size_t j = i;
        while (j < forms.size() && !IsSpace(forms[j])) ++j;
        if (j > i) {
          PhraseResult fr;
          DYAD_RETURN_IF_ERROR(ParsePhrase(src, line, forms.substr(i, j - i), PhraseMode::kVerb, &fr));
          MakeExact(&fr.phrase);
          e.irregular_forms.push_back(std::move(fr.phrase));
        }
        i = j;
      }
      add_verb(std::move(e), line);
      continue;
    }
    VerbCode vc;
    bool has = false;
    DYAD_RETURN_IF_ERROR(one_code(body, false, &vc, &has));
    VerbEntry e;
    e.code = has ? vc : (in_block ? block_code : VerbCode{});
    PhraseResult pr;
    std::string_view vt = Trim(phrase_text);
    if (vt.empty()) return Error(src, line, 1, "missing verb before the code");
    DYAD_RETURN_IF_ERROR(ParsePhrase(src, line, vt, PhraseMode::kVerb, &pr));
    e.verb = std::move(pr.phrase);
    e.head_word = pr.head_word < 0 ? 0 : static_cast<uint32_t>(pr.head_word);
    add_verb(std::move(e), line);
  }
  if (section != Section::kNone)
    return Error(src, section_line, 1, section == Section::kTime ? "<TIME> section not closed by </TIME>"
                                                                 : "<SYNSETS> section not closed by </SYNSETS>");
  return Status::Ok();
}

// ------------------------------------------------------------- synsets --

namespace {

struct SynsetFixer {
  const std::unordered_set<std::string>& names;
  const DictionarySet& set;
  std::vector<DictWarning>* w;
  std::unordered_set<std::string> warned;

  void Fix(Phrase* p, const DictLoc& loc) {
    for (size_t i = 0; i < p->size(); ++i) {
      PatternElement& e = (*p)[i];
      if (e.kind == PatternElement::Kind::kAlternatives) {
        for (auto& alt : e.alternatives) Fix(&alt, loc);
        continue;
      }
      if (e.kind != PatternElement::Kind::kSynset || names.count(e.text)) continue;
      // Try "&A_B_C" -> &A_B + C -> &A + B + C.
      std::string name = e.text;
      size_t cut = name.rfind('_');
      bool fixed = false;
      while (cut != std::string::npos && cut > 1) {
        std::string head = name.substr(0, cut);
        if (names.count(head)) {
          std::string tail = name.substr(cut + 1);
          std::vector<PatternElement> words;
          size_t a = 0;
          while (a <= tail.size()) {
            size_t b = tail.find('_', a);
            if (b == std::string::npos) b = tail.size();
            if (b > a) {
              PatternElement we;
              we.kind = PatternElement::Kind::kWord;
              we.text = tail.substr(a, b - a);
              we.adjacent_to_previous = true;
              we.match = WordMatch::kEndings;
              words.push_back(std::move(we));
            }
            a = b + 1;
          }
          bool next_adjacent = i + 1 < p->size() && (*p)[i + 1].adjacent_to_previous;
          for (size_t k = 0; k < words.size(); ++k) {
            bool last = k + 1 == words.size();
            if (set.file_dialect.size() > loc.file && set.file_dialect[loc.file] == Dialect::kTabari)
              words[k].match = (!last || next_adjacent) ? WordMatch::kExact : WordMatch::kStem;
          }
          e.text = head;
          p->insert(p->begin() + static_cast<long>(i) + 1, words.begin(), words.end());
          fixed = true;
          break;
        }
        cut = name.rfind('_', cut - 1);
      }
      if (!fixed && warned.insert(e.text + "@" + std::to_string(loc.file) + ":" + std::to_string(loc.line)).second &&
          w)
        w->push_back(DictWarning{set.Where(loc) + ": undefined synset " + e.text +
                                 " (patterns using it will not match)"});
    }
  }
};

}  // namespace

void ResolveSynsets(DictionarySet* set, std::vector<DictWarning>* w) {
  std::unordered_set<std::string> names;
  for (const auto& s : set->synsets) names.insert(s.name);
  SynsetFixer f{names, *set, w, {}};
  for (auto& s : set->synsets)
    for (auto& m : s.members) f.Fix(&m, s.loc);
  for (auto& v : set->verbs)
    for (auto& p : v.patterns) f.Fix(&p.elements, p.loc);
  for (auto& v : set->p2_verbs)
    for (auto& p : v.patterns) {
      f.Fix(&p.pre, p.loc);
      f.Fix(&p.post, p.loc);
    }
}

}  // namespace dyad::dict_internal
