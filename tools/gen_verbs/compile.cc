#include "compile.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

namespace dyad::gen {
namespace {

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string StripComment(const std::string& line) {
  size_t p = line.find('#');
  return p == std::string::npos ? line : line.substr(0, p);
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      out.push_back(Trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(Trim(cur));
  return out;
}

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '_' || c == '\t') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string Where(const SourceFile& f, size_t line) { return f.name + ":" + std::to_string(line) + ": "; }

bool IsCodeText(const std::string& c) {
  if (c == "---") return true;
  if (c.empty()) return false;
  return std::all_of(c.begin(), c.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
}

// Splits "text [CODE]" into text and code ("" when absent).
Status SplitCode(const SourceFile& f, size_t ln, const std::string& s, std::string* text, std::string* code,
                 const std::set<std::string>& valid) {
  size_t lb = s.rfind('[');
  if (lb == std::string::npos) {
    *text = Trim(s);
    code->clear();
    return Status::Ok();
  }
  size_t rb = s.find(']', lb);
  if (rb == std::string::npos || Trim(s.substr(rb + 1)) != "")
    return Status::ParseError(Where(f, ln) + "unclosed or misplaced '[' in '" + s + "'");
  *text = Trim(s.substr(0, lb));
  std::string c = Trim(s.substr(lb + 1, rb - lb - 1));
  // Paired codes "013:012" are allowed; check each half.
  std::string a = c, b;
  if (size_t colon = c.find(':'); colon != std::string::npos) {
    a = c.substr(0, colon);
    b = c.substr(colon + 1);
  }
  const bool paired = c.find(':') != std::string::npos;
  for (int i = 0; i < (paired ? 2 : 1); ++i) {
    const std::string& part = i == 0 ? a : b;
    if (!IsCodeText(part))
      return Status::ParseError(Where(f, ln) + "bad event code '[" + c + "]' (digits or ---)");
    if (part != "---" && !valid.empty() && !valid.count(part))
      return Status::InvalidArgument(Where(f, ln) + "'" + part + "' is not a CAMEO event code");
  }
  *code = c;
  return Status::Ok();
}

struct VerbItem {
  std::vector<std::string> words;  // upper case
  size_t head = 0;                 // inflecting word
  bool also_regular = false;       // written "plead+ed": regular past too
  std::string code;
  size_t line = 0;
};

struct Pattern {
  std::string text;  // upper case, normalised
  std::string code;
  size_t line = 0;
};

struct Block {
  std::string name, code;
  const SourceFile* file = nullptr;
  size_t line = 0;
  std::vector<VerbItem> verbs;
  std::vector<Pattern> patterns;
};

struct SynsetDef {
  std::string name;  // with '&'
  std::vector<std::string> members;  // upper case, '_' joined
  const SourceFile* file = nullptr;
  size_t line = 0;
};

Result<VerbItem> ParseVerbItem(const SourceFile& f, size_t ln, const std::string& item,
                               const std::set<std::string>& valid) {
  VerbItem v;
  v.line = ln;
  std::string text;
  DYAD_RETURN_IF_ERROR(SplitCode(f, ln, item, &text, &v.code, valid));
  if (text.find('{') != std::string::npos)
    return Status::ParseError(Where(f, ln) + "'" + item +
                              "': inflected forms are generated, do not write {...}");
  if (text.size() > 3 && text.substr(text.size() - 3) == "+ed") {
    v.also_regular = true;
    text = Trim(text.substr(0, text.size() - 3));
  }
  std::vector<std::string> w = Words(text);
  if (w.empty()) return Status::ParseError(Where(f, ln) + "empty verb in list '" + item + "'");
  int plus = -1;
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i][0] == '+') {
      if (plus >= 0) return Status::ParseError(Where(f, ln) + "two '+' in verb '" + item + "'");
      plus = static_cast<int>(i);
      w[i] = w[i].substr(1);
    }
    for (char c : w[i])
      if (!std::isalpha(static_cast<unsigned char>(c)) && c != '\'' && c != '-')
        return Status::ParseError(Where(f, ln) + "verb '" + item + "' may only contain letters");
    w[i] = Lower(w[i]);
  }
  v.head = plus < 0 ? 0 : static_cast<size_t>(plus);
  if (w.size() > 1 && v.head != 0 && v.head != w.size() - 1)
    return Status::ParseError(Where(f, ln) + "verb '" + item +
                              "': only the first or last word of a multi-word verb may inflect");
  v.words = std::move(w);
  return v;
}

std::string RenderVerb(const VerbItem& v, const std::string& head_form) {
  std::string out;
  for (size_t i = 0; i < v.words.size(); ++i) {
    if (i) out += '_';
    if (v.words.size() > 1 && i == v.head) out += '+';
    out += Upper(i == v.head ? head_form : v.words[i]);
  }
  return out;
}

// Normalises a pattern body: upper case, single spaces.
std::string NormalisePattern(const std::string& body) {
  std::istringstream in(body);
  std::string out;
  for (std::string tok; in >> tok;) {
    if (!out.empty()) out += ' ';
    out += Upper(tok);
  }
  return out;
}

}  // namespace

Result<std::set<std::string>> ReadCameoCodes(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IoError(path + ": cannot open the CAMEO code table");
  std::set<std::string> codes;
  std::string line;
  bool first = true;
  bool csv = path.size() > 4 && path.substr(path.size() - 4) == ".csv";
  while (std::getline(in, line)) {
    if (first) { first = false; continue; }  // header
    std::string code;
    if (csv) {
      // "", id, "name", "code", ... : the 4th comma field, quotes removed.
      std::vector<std::string> fields;
      std::string cur;
      bool q = false;
      for (char c : line) {
        if (c == '"') q = !q;
        else if (c == ',' && !q) { fields.push_back(cur); cur.clear(); }
        else cur += c;
      }
      fields.push_back(cur);
      if (fields.size() > 3) code = fields[3];
    } else {
      code = line.substr(0, line.find('\t'));
    }
    code = Trim(code);
    if (!code.empty() && IsCodeText(code)) codes.insert(code);
  }
  if (codes.empty()) return Status::Corruption(path + ": no CAMEO codes found");
  return codes;
}

Result<std::string> CompileVerbs(const Inflector& inf, const std::vector<SourceFile>& files,
                                 const std::set<std::string>& valid_codes, VerbStats* stats) {
  std::vector<SynsetDef> synsets;
  std::map<std::string, size_t> synset_index;
  std::vector<Block> blocks;

  for (const SourceFile& f : files) {
    std::istringstream in(f.text);
    std::string raw;
    size_t ln = 0;
    Block* cur = nullptr;  // re-taken after every push_back
    while (std::getline(in, raw)) {
      ++ln;
      std::string line = Trim(StripComment(raw));
      if (line.empty()) continue;
      if (line[0] == '&') {
        size_t eq = line.find('=');
        if (eq == std::string::npos)
          return Status::ParseError(Where(f, ln) + "synset line needs '&NAME = member, member': " + line);
        bool append = eq > 0 && line[eq - 1] == '+';
        std::string name = Upper(Trim(line.substr(0, append ? eq - 1 : eq)));
        for (char c : name.substr(1))
          if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            return Status::ParseError(Where(f, ln) + "bad synset name '" + name + "'");
        auto it = synset_index.find(name);
        if (append && it == synset_index.end())
          return Status::ParseError(Where(f, ln) + "'+=' to undefined synset " + name);
        if (!append && it != synset_index.end())
          return Status::ParseError(Where(f, ln) + "synset " + name + " already defined at " +
                                    synsets[it->second].file->name + ":" +
                                    std::to_string(synsets[it->second].line) + " (use '+=' to add)");
        if (!append) {
          synset_index[name] = synsets.size();
          synsets.push_back({name, {}, &f, ln});
          it = synset_index.find(name);
        }
        SynsetDef& s = synsets[it->second];
        for (const std::string& m : SplitComma(line.substr(eq + 1))) {
          if (m.empty()) continue;
          if (m[0] == '~') {  // a verb lemma and all its inflections
            std::string lemma = Lower(Trim(m.substr(1)));
            if (lemma.empty() || lemma.find(' ') != std::string::npos)
              return Status::ParseError(Where(f, ln) + "'~' takes one verb lemma: '" + m + "'");
            s.members.push_back(Upper(lemma));
            for (const auto& form : inf.VerbInflections(lemma)) s.members.push_back(Upper(form));
            continue;
          }
          std::vector<std::string> w = Words(Upper(m));
          std::string joined;
          for (const auto& x : w) joined += (joined.empty() ? "" : "_") + x;
          s.members.push_back(joined);
        }
        continue;
      }
      if (line.rfind("==", 0) == 0) {
        std::string text, code;
        DYAD_RETURN_IF_ERROR(SplitCode(f, ln, line.substr(2), &text, &code, valid_codes));
        if (text.empty()) return Status::ParseError(Where(f, ln) + "block header needs a name");
        std::string name;
        for (const auto& w : Words(Upper(text))) name += (name.empty() ? "" : "_") + w;
        blocks.push_back({name, code.empty() ? "---" : code, &f, ln, {}, {}});
        cur = &blocks.back();
        continue;
      }
      if (!cur)
        return Status::ParseError(Where(f, ln) + "verb or pattern before the first '== BLOCK [CODE]' header");
      if (line[0] == '<') {
        // "< BLOCK [FROM>TO ...]": reuse the patterns of an earlier block,
        // rewriting codes: the longest FROM that is a prefix of a code is
        // replaced by TO ("02>10": 0253 -> 1053); "*>CODE" rewrites every
        // code no other rule matched ("*>---": drop them).
        std::istringstream ls(Upper(line.substr(1)));
        std::string from, tok;
        ls >> from;
        std::vector<std::pair<std::string, std::string>> rules;
        std::string other;
        while (ls >> tok) {
          size_t gt = tok.find('>');
          if (gt == std::string::npos || gt == 0 || gt + 1 == tok.size())
            return Status::ParseError(Where(f, ln) + "code rewrite '" + tok + "' must look like FROM>TO");
          std::string to = tok.substr(gt + 1);
          if ((!IsCodeText(to) && !(tok[0] == '*' && to == "DROP")) ||
              (to != "---" && to != "DROP" && !valid_codes.empty() && !valid_codes.count(to) && tok[0] == '*'))
            return Status::ParseError(Where(f, ln) + "bad code rewrite '" + tok + "'");
          if (tok[0] == '*') other = to;
          else rules.emplace_back(tok.substr(0, gt), to);
        }
        auto src = std::find_if(blocks.begin(), blocks.end(), [&](const Block& b) { return b.name == from; });
        if (src == blocks.end() || &*src == cur)
          return Status::ParseError(Where(f, ln) + "'< " + from + "': no earlier block of that name");
        std::vector<Pattern> copy;
        for (Pattern p : src->patterns) {
          p.line = ln;
          if (p.code == "---" || (rules.empty() && other.empty())) {
            copy.push_back(std::move(p));
            continue;
          }
          size_t best = 0;
          const std::pair<std::string, std::string>* rule = nullptr;
          for (const auto& r : rules)
            if (p.code.rfind(r.first, 0) == 0 && r.first.size() > best) { best = r.first.size(); rule = &r; }
          if (rule) p.code = rule->second + p.code.substr(rule->first.size());
          else if (other == "DROP") continue;  // "*>DROP": leave the pattern out
          else if (!other.empty()) p.code = other;
          if (p.code != "---" && !valid_codes.empty() && !valid_codes.count(p.code))
            return Status::InvalidArgument(Where(f, ln) + "rewriting the codes of " + from + " gives '" + p.code +
                                           "', not a CAMEO code (pattern '" + p.text + "')");
          copy.push_back(std::move(p));
        }
        cur->patterns.insert(cur->patterns.end(), copy.begin(), copy.end());
        continue;
      }
      if (line[0] == '-') {
        std::string body, code;
        DYAD_RETURN_IF_ERROR(SplitCode(f, ln, line.substr(1), &body, &code, valid_codes));
        if (code.empty()) return Status::ParseError(Where(f, ln) + "pattern without [CODE]: " + line);
        std::string norm = NormalisePattern(body);
        if (std::count(norm.begin(), norm.end(), '*') != 1)
          return Status::ParseError(Where(f, ln) + "a pattern needs exactly one '*' (the verb): " + line);
        cur->patterns.push_back({norm, code, ln});
        continue;
      }
      for (const std::string& item : SplitComma(line)) {
        if (item.empty()) continue;
        DYAD_ASSIGN_OR_RETURN(VerbItem v, ParseVerbItem(f, ln, item, valid_codes));
        cur->verbs.push_back(std::move(v));
      }
    }
  }

  // Checks across files: every synset used is defined; a verb form belongs to
  // one block only; every block has verbs and starts with a one-word verb.
  std::unordered_map<std::string, std::string> form_owner;
  VerbStats st;
  for (Block& b : blocks) {
    const SourceFile& f = *b.file;
    if (b.verbs.empty()) return Status::ParseError(Where(f, b.line) + "block " + b.name + " has no verbs");
    auto single = std::find_if(b.verbs.begin(), b.verbs.end(), [](const VerbItem& v) { return v.words.size() == 1; });
    if (single == b.verbs.end())
      return Status::ParseError(Where(f, b.line) + "block " + b.name +
                                " needs at least one one-word verb (PETRARCH-1 reads the first verb of a block as a single word)");
    std::rotate(b.verbs.begin(), single, single + 1);
    for (const VerbItem& v : b.verbs) {
      std::string key = RenderVerb(v, v.words[v.head]);
      auto [it, fresh] = form_owner.emplace(key, Where(f, v.line) + b.name);
      if (!fresh)
        return Status::InvalidArgument(Where(f, v.line) + "verb " + key + " is already in block " + it->second +
                                       "; a verb belongs to one block (add patterns there)");
      if (!v.code.empty()) st.codes.insert(v.code);
    }
    for (const Pattern& p : b.patterns) {
      for (size_t pos = p.text.find('&'); pos != std::string::npos; pos = p.text.find('&', pos + 1)) {
        size_t end = pos + 1;
        while (end < p.text.size() && (std::isalnum(static_cast<unsigned char>(p.text[end])) || p.text[end] == '_')) ++end;
        std::string token = p.text.substr(pos, end - pos);
        // '_' may also join the synset to a following word: take the longest defined prefix.
        bool found = false;
        for (size_t len = token.size(); len > 1 && !found; --len)
          if ((len == token.size() || token[len] == '_') && synset_index.count(token.substr(0, len))) found = true;
        if (!found)
          return Status::InvalidArgument(Where(f, p.line) + "undefined synset " + token + " in pattern '" + p.text + "'");
      }
      st.codes.insert(p.code);
    }
    st.codes.insert(b.code);
    st.verbs += b.verbs.size();
    st.patterns += b.patterns.size();
  }
  for (const SynsetDef& s : synsets)
    if (s.members.empty()) return Status::ParseError(Where(*s.file, s.line) + "synset " + s.name + " is empty");
  st.codes.erase("---");
  st.blocks = blocks.size();
  st.synsets = synsets.size();

  std::ostringstream out;
  out << "# dyad default verb dictionary (PETRARCH-1 syntax).\n"
      << "# GENERATED by dyad_gen_verbs from data/dict/src/*.txt: do not edit; edit the sources.\n"
      << "# Inflected forms come from English spelling rules and WordNet's verb.exc.\n"
      << "# " << st.blocks << " blocks, " << st.verbs << " verbs, " << st.patterns << " patterns, "
      << st.synsets << " synsets.\n\n"
      << "####### SYNONYM SETS #######\n\n";
  for (const SynsetDef& s : synsets) {
    out << s.name << "    # " << s.file->name << ":" << s.line << "\n";
    for (const auto& m : s.members) out << "+" << m << "\n";
    out << "\n";
  }
  out << "####### VERB PATTERNS #######\n\n";
  for (const Block& b : blocks) {
    out << "--- " << b.name << " [" << b.code << "] ---    # " << b.file->name << ":" << b.line << "\n";
    for (const VerbItem& v : b.verbs) {
      out << RenderVerb(v, v.words[v.head]);
      std::vector<std::string> forms = inf.VerbInflections(v.words[v.head], v.also_regular);
      if (!forms.empty()) {
        out << " {";
        for (size_t i = 0; i < forms.size(); ++i) out << (i ? " " : "") << RenderVerb(v, forms[i]);
        out << "}";
      }
      if (!v.code.empty()) out << " [" << v.code << "]";
      out << "\n";
    }
    for (const Pattern& p : b.patterns) out << "- " << p.text << " [" << p.code << "]\n";
    out << "\n";
  }
  if (stats) *stats = std::move(st);
  return out.str();
}

Result<std::string> CompileAgents(const Inflector& inf, const SourceFile& f, size_t* count) {
  std::istringstream in(f.text);
  std::string raw;
  size_t ln = 0, n = 0;
  std::string code;
  bool prefix = false;
  std::map<std::string, size_t> seen;
  std::ostringstream out;
  out << "# dyad default agents dictionary (PETRARCH-1 syntax).\n"
      << "# GENERATED by dyad_gen_verbs from data/dict/src/agents.txt: do not edit.\n"
      << "# Plurals are explicit: generated by English rules and WordNet's noun.exc; {} = no plural.\n\n";
  while (std::getline(in, raw)) {
    ++ln;
    std::string line = Trim(StripComment(raw));
    if (line.empty()) continue;
    std::string items = line;
    size_t colon = line.find(':');
    bool continuation = std::isspace(static_cast<unsigned char>(raw[0]));
    if (!continuation) {
      if (colon == std::string::npos)
        return Status::ParseError(Where(f, ln) + "expected 'CODE: phrase, phrase' (e.g. '~GOV: president')");
      std::string c = Upper(Trim(line.substr(0, colon)));
      prefix = !c.empty() && c.back() == '~';
      if (!prefix && (c.empty() || c[0] != '~'))
        return Status::ParseError(Where(f, ln) + "agent code must be '~CODE' or 'CODE~', got '" + c + "'");
      code = prefix ? c.substr(0, c.size() - 1) : c.substr(1);
      if (code.empty() || !std::all_of(code.begin(), code.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)); }))
        return Status::ParseError(Where(f, ln) + "bad agent code '" + c + "'");
      items = line.substr(colon + 1);
      out << "\n";
    } else if (code.empty()) {
      return Status::ParseError(Where(f, ln) + "indented continuation before any 'CODE:' line");
    }
    for (std::string item : SplitComma(items)) {
      if (item.empty()) continue;
      bool no_plural = false;
      if (size_t b = item.find('{'); b != std::string::npos) {
        if (Trim(item.substr(b)) != "{}")
          return Status::ParseError(Where(f, ln) + "'" + item + "': only '{}' (no plural) may be written; plurals are generated");
        no_plural = true;
        item = Trim(item.substr(0, b));
      }
      std::vector<std::string> w = Words(Lower(item));
      if (w.empty()) continue;
      std::string phrase;
      for (const auto& x : w) phrase += (phrase.empty() ? "" : " ") + x;
      auto [it, fresh] = seen.emplace(phrase, ln);
      if (!fresh)
        return Status::InvalidArgument(Where(f, ln) + "agent '" + phrase + "' already listed at line " + std::to_string(it->second));
      auto join = [](const std::string& s) {
        std::string r = Upper(s);
        std::replace(r.begin(), r.end(), ' ', '_');
        return r;
      };
      out << join(phrase) << " {" << (no_plural ? "" : join(inf.PhrasePlural(phrase))) << "} ["
          << (prefix ? code + "~" : "~" + code) << "]\n";
      ++n;
    }
  }
  if (count) *count = n;
  return out.str();
}

Result<std::string> CompileDiscards(const SourceFile& f, size_t* count) {
  std::istringstream in(f.text);
  std::string raw;
  size_t ln = 0, n = 0;
  std::map<std::string, size_t> seen;
  std::ostringstream out;
  out << "# dyad default discard list (PETRARCH-1 syntax): '+' = discard the whole story,\n"
      << "# plain = discard the sentence; trailing '_' = whole word only.\n"
      << "# GENERATED by dyad_gen_verbs from data/dict/src/discards.txt: do not edit.\n\n";
  while (std::getline(in, raw)) {
    ++ln;
    std::string line = Upper(Trim(StripComment(raw)));
    if (line.empty()) continue;
    // Coders replace hyphens in the text by blanks; do the same here.
    std::replace(line.begin(), line.end(), '-', ' ');
    bool story = line[0] == '+';
    std::string phrase = Trim(story ? line.substr(1) : line);
    std::string norm;
    for (const auto& w : Words(phrase)) norm += (norm.empty() ? "" : " ") + w;
    if (!phrase.empty() && phrase.back() == '_') norm += '_';
    if (norm.size() < 3)
      return Status::ParseError(Where(f, ln) + "discard phrase '" + phrase + "' is too short (3+ characters)");
    auto [it, fresh] = seen.emplace(norm, ln);
    if (!fresh)
      return Status::InvalidArgument(Where(f, ln) + "discard '" + norm + "' already listed at line " + std::to_string(it->second));
    out << (story ? "+" : "") << norm << "\n";
    ++n;
  }
  if (count) *count = n;
  return out.str();
}

}  // namespace dyad::gen
