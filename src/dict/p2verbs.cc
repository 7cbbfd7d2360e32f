// PETRARCH-2 verb dictionary (CAMEO.2.0.txt): synsets, "---  NAME [CODE] ---"
// blocks, verb lines with {forms}, patterns with {noun phrase} and
// (prepositional phrase) groups, and '~' transformations.
#include <algorithm>
#include <unordered_map>

#include "dict/readers.h"

namespace dyad::dict_internal {

namespace {

std::string Joined(const Phrase& p) {
  std::string s;
  for (const auto& e : p) {
    if (!s.empty()) s += e.adjacent_to_previous ? '_' : ' ';
    s += e.text;
  }
  return s;
}

// Parses "pre * post" with groups into `out`.
Status ParseP2Pattern(const Source& src, const Line& line, std::string_view body, Petrarch2Pattern* out) {
  struct Open { PatternElement::Group kind; char close; size_t col; };
  std::vector<Open> stack;
  uint16_t group_id = 0;
  bool post = false;
  int verbs = 0;
  bool pending_start = false;
  size_t i = 0;
  while (i < body.size()) {
    if (IsSpace(body[i])) { ++i; continue; }
    size_t j = i;
    while (j < body.size() && !IsSpace(body[j])) ++j;
    std::string_view tok = body.substr(i, j - i);
    size_t tok_col = ColOf(line, tok);
    i = j;
    // Leading openers.
    while (!tok.empty() && (tok[0] == '{' || tok[0] == '(')) {
      if (stack.empty()) ++group_id;
      stack.push_back({tok[0] == '{' ? PatternElement::Group::kNounPhrase : PatternElement::Group::kPrepPhrase,
                       tok[0] == '{' ? '}' : ')', ColOf(line, tok)});
      pending_start = true;
      tok.remove_prefix(1);
    }
    // Trailing closers.
    size_t closers = 0;
    while (closers < tok.size() && (tok[tok.size() - 1 - closers] == '}' || tok[tok.size() - 1 - closers] == ')'))
      ++closers;
    std::string_view close_part = tok.substr(tok.size() - closers);
    tok = tok.substr(0, tok.size() - closers);
    if (!tok.empty()) {
      if (tok.size() > 1 && tok[0] == '*' && tok[1] != '*') {
        // "*SCEPTICAL" (CAMEO.2.0.txt): the verb, then a word.
        if (!stack.empty() || post) return Error(src, line, tok_col, "misplaced '*'");
        post = true;
        ++verbs;
        tok.remove_prefix(1);
        tok_col += 1;
      }
      if (tok == "*" || tok == "**") {
        if (!stack.empty()) return Error(src, line, tok_col, "'*' inside a group");
        if (post) return Error(src, line, tok_col, "more than one '*' in pattern");
        post = true;
        ++verbs;
      } else {
        for (char c : tok)
          if (c == '{' || c == '(' || c == '}' || c == ')' || c == '|')
            return Error(src, line, ColOf(line, tok), std::string("unexpected '") + c + "' inside a word");
        PhraseResult pr;
        DYAD_RETURN_IF_ERROR(ParsePhrase(src, line, tok, PhraseMode::kPhrase, &pr));
        auto& dst = post ? out->post : out->pre;
        bool first = true;
        for (auto& e : pr.phrase) {
          if (first) e.adjacent_to_previous = false;
          if (!stack.empty()) {
            e.group = stack.back().kind;
            e.group_id = group_id;
            if (first && pending_start) e.group_start = true;
          }
          first = false;
          dst.push_back(std::move(e));
        }
        pending_start = false;
      }
    }
    for (char c : close_part) {
      if (stack.empty() || stack.back().close != c)
        return Error(src, line, ColOf(line, close_part), std::string("unbalanced '") + c + "'");
      stack.pop_back();
    }
  }
  if (!stack.empty())
    return Error(src, line, stack.back().col,
                 stack.back().close == '}' ? "unclosed '{' in pattern" : "unclosed '(' in pattern");
  if (verbs == 0) return Error(src, line, ColOf(line, body), "'*' (the verb) missing in pattern");
  return Status::Ok();
}

}  // namespace

Status ReadP2Verbs(const Source& src, DictionarySet* set, std::vector<DictWarning>* w) {
  LineReader lr(src.text);
  Line line;
  bool xml = false;
  constexpr size_t kNone = SIZE_MAX;
  size_t owner = kNone, cur_synset = kNone;
  bool synset_ctx = false;
  std::string block;
  VerbCode block_code;
  std::vector<std::string_view> blocks;
  std::string_view phrase_text;
  std::string reordered;  // backing store for a reordered verb line
  std::unordered_map<std::string, size_t> synset_index;
  for (size_t i = 0; i < set->synsets.size(); ++i) synset_index.emplace(set->synsets[i].name, i);

  while (lr.Next(&line)) {
    std::string_view t = Trim(StripComment(line.text, src.dialect, &xml));
    if (t.empty()) { synset_ctx = false; continue; }
    if (StartsWith(t, "~~")) break;
    if (t[0] == '~') {
      std::string_view rest = Trim(t.substr(1));
      size_t eq = rest.find('=');
      if (eq == std::string_view::npos) return Error(src, line, ColOf(line, t), "transformation without '='");
      Transformation tr;
      tr.pattern = Upper(Trim(rest.substr(0, eq)));
      tr.result = Upper(Trim(rest.substr(eq + 1)));
      if (tr.pattern.empty() || tr.result.empty())
        return Error(src, line, ColOf(line, rest.substr(eq)), "empty side of a transformation");
      tr.loc = {src.index, line.number};
      set->transformations.push_back(std::move(tr));
      synset_ctx = false;
      continue;
    }
    if (IsBlockHeader(t)) {
      std::string_view inner = t.substr(3);
      while (!inner.empty() && (inner.back() == '-' || IsSpace(inner.back()))) inner.remove_suffix(1);
      inner = Trim(inner);
      DYAD_RETURN_IF_ERROR(SplitCodeBlocks(src, line, inner, &phrase_text, &blocks));
      if (blocks.size() > 1) return Error(src, line, ColOf(line, blocks[1]), "more than one code block");
      block = Upper(Trim(phrase_text));
      block_code = blocks.empty() ? ParseVerbCode("---") : ParseVerbCode(blocks[0]);
      owner = kNone;
      synset_ctx = false;
      continue;
    }
    if (t[0] == '&') {
      size_t j = 1;
      while (j < t.size() && !IsSpace(t[j])) ++j;
      cur_synset = OpenSynset(src, line, t, t.substr(0, j), set, synset_index, w);
      synset_ctx = true;
      continue;
    }
    if (t[0] == '+' && synset_ctx) {
      PhraseResult pr;
      DYAD_RETURN_IF_ERROR(ParsePhrase(src, line, t.substr(1), PhraseMode::kPhrase, &pr));
      set->synsets[cur_synset].members.push_back(std::move(pr.phrase));
      continue;
    }
    synset_ctx = false;
    if (t[0] == '-') {
      if (owner == kNone) return Error(src, line, 1, "pattern before any verb");
      DYAD_RETURN_IF_ERROR(SplitCodeBlocks(src, line, t.substr(1), &phrase_text, &blocks));
      if (blocks.empty()) {
        Warn(w, src, line, ColOf(line, t), "pattern without '[code]'; pattern ignored");
        continue;
      }
      if (blocks.size() > 1) return Error(src, line, ColOf(line, blocks[1]), "more than one code block");
      Petrarch2Pattern p;
      std::string_view body = Trim(phrase_text);
      if (std::count(body.begin(), body.end(), '(') != std::count(body.begin(), body.end(), ')') ||
          std::count(body.begin(), body.end(), '{') != std::count(body.begin(), body.end(), '}')) {
        // CAMEO.2.0.txt has "- * VENTURE (WITH VISIT)   VISIT)[042:043]".
        Warn(w, src, line, ColOf(line, body), "unbalanced '(...)' or '{...}' in pattern; pattern ignored");
        continue;
      }
      // "SPY_*_DEAL": PETRARCH-2 patterns are matched on the parse tree, so
      // '_' around the verb carries nothing; read it as "SPY * DEAL".
      std::string fixed(line.text);
      for (size_t k = 0; k < fixed.size(); ++k)
        if (fixed[k] == '*') {
          if (k > 0 && fixed[k - 1] == '_') fixed[k - 1] = ' ';
          if (k + 1 < fixed.size() && fixed[k + 1] == '_') fixed[k + 1] = ' ';
        }
      Line fline{line.number, fixed};
      std::string_view fbody(fixed.data() + (body.data() - line.text.data()), body.size());
      Status ps = ParseP2Pattern(src, fline, fbody, &p);
      if (!ps.ok()) {
        if (ps.message().find("missing in pattern") == std::string::npos) return ps;
        Warn(w, src, line, ColOf(line, body), "'*' (the verb) missing in pattern; pattern ignored");
        continue;
      }
      p.code = ParseVerbCode(blocks[0]);
      p.loc = {src.index, line.number};
      set->p2_verbs[owner].patterns.push_back(std::move(p));
      continue;
    }
    // Verb line.
    std::string_view body = t, forms, after;
    size_t brace = t.find('{');
    size_t bracket0 = t.find('[');
    if (brace != std::string_view::npos && bracket0 != std::string_view::npos && bracket0 < brace) {
      size_t close = t.find('}', brace);
      if (close == std::string_view::npos)
        return Error(src, line, ColOf(line, t.substr(brace)), "unclosed '{' in verb forms");
      reordered = std::string(t.substr(0, bracket0)) + std::string(t.substr(brace, close + 1 - brace)) + " " +
                  std::string(t.substr(bracket0, brace - bracket0)) + std::string(t.substr(close + 1));
      line = Line{line.number, reordered};
      t = line.text;
      body = t;
      brace = t.find('{');
    }
    if (brace != std::string_view::npos) {
      size_t close = t.find('}', brace);
      if (close == std::string_view::npos)
        return Error(src, line, ColOf(line, t.substr(brace)), "unclosed '{' in verb forms");
      body = t.substr(0, brace);
      forms = t.substr(brace + 1, close - brace - 1);
      after = t.substr(close + 1);
    } else {
      size_t b = t.find('[');
      body = b == std::string_view::npos ? t : t.substr(0, b);
      after = b == std::string_view::npos ? std::string_view() : t.substr(b);
    }
    std::string_view pt;
    DYAD_RETURN_IF_ERROR(SplitCodeBlocks(src, line, after, &pt, &blocks));
    if (!Trim(pt).empty()) return Error(src, line, ColOf(line, Trim(pt)), "unexpected text after the verb forms");
    Petrarch2Verb v;
    PhraseResult pr;
    DYAD_RETURN_IF_ERROR(ParsePhrase(src, line, Trim(body), PhraseMode::kVerb, &pr));
    v.verb = std::move(pr.phrase);
    v.head_word = pr.head_word < 0 ? 0 : static_cast<uint32_t>(pr.head_word);
    v.lemma = Joined(v.verb);
    for (size_t i = 0; i < forms.size();) {
      while (i < forms.size() && IsSpace(forms[i])) ++i;
      size_t j = i;
      while (j < forms.size() && !IsSpace(forms[j])) ++j;
      if (j > i) {
        PhraseResult fr;
        DYAD_RETURN_IF_ERROR(ParsePhrase(src, line, forms.substr(i, j - i), PhraseMode::kVerb, &fr));
        v.forms.push_back(Joined(fr.phrase));
      }
      i = j;
    }
    if (blocks.size() > 1) return Error(src, line, ColOf(line, blocks[1]), "more than one code block");
    v.code = blocks.empty() ? block_code : ParseVerbCode(blocks[0]);
    v.block = block;
    v.loc = {src.index, line.number};
    if (owner == kNone) owner = set->p2_verbs.size();
    v.patterns_of = static_cast<uint32_t>(owner);
    set->p2_verbs.push_back(std::move(v));
  }
  return Status::Ok();
}

}  // namespace dyad::dict_internal
