// TABARI .options, TABARI .project and PETRARCH PETR_config.ini readers.
#include <charconv>
#include <filesystem>

#include "base/ascii.h"
#include "dict/readers.h"

namespace dyad::dict_internal {

namespace {

std::string CollapseSpaces(std::string_view s) {
  std::string r;
  bool sp = false;
  for (char c : Trim(s)) {
    if (IsSpace(c)) { sp = true; continue; }
    if (sp && !r.empty()) r += ' ';
    sp = false;
    r += c;
  }
  return r;
}

bool ParseInt(std::string_view s, int* v) {
  s = Trim(s);
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool Truthy(std::string_view v) {
  std::string u = Upper(Trim(v));
  return u == "TRUE" || u == "T" || u == "ON" || u == "YES" || u == "1";
}

}  // namespace

Status ReadTabariOptions(const Source& src, CodingOptions* opt, std::vector<DictWarning>* w) {
  LineReader lr(src.text);
  Line line;
  while (lr.Next(&line)) {
    std::string_view s = line.text;
    size_t c1 = s.find('#'), c2 = s.find("//");
    size_t cut = std::min(c1, c2);
    if (cut != std::string_view::npos) s = s.substr(0, cut);
    std::string_view t = Trim(s);
    if (t.empty()) continue;
    if (StartsWith(t, "~~")) break;
    size_t colon = t.find(':');
    if (colon == std::string_view::npos) {
      Warn(w, src, line, ColOf(line, t), "option line without 'COMMAND:' ignored");
      continue;
    }
    std::string cmd = Upper(Trim(t.substr(0, colon)));
    std::string_view arg = Trim(t.substr(colon + 1));
    std::string key4 = cmd.substr(0, 4);
    if (key4 == "LABE") {
      size_t eq = arg.find('=');
      if (eq == std::string_view::npos) {
        Warn(w, src, line, ColOf(line, arg), "LABEL needs code=text");
        continue;
      }
      opt->labels[Upper(Trim(arg.substr(0, eq)))] = std::string(Trim(arg.substr(eq + 1)));
      continue;
    }
    if (key4 == "SET") {
      size_t eq = arg.find('=');
      std::string name = Upper(CollapseSpaces(eq == std::string_view::npos ? arg : arg.substr(0, eq)));
      std::string value = eq == std::string_view::npos ? "" : CollapseSpaces(arg.substr(eq + 1));
      opt->raw["SET: " + name] = value;
      if (name == "CONVERT AGENTS") opt->convert_agents = Truthy(value);
      if (name == "CODE BY" || name == "CODE BY ...") opt->code_all_verbs = Upper(value) != "SENTENCE";
      continue;
    }
    static const char* kKnown[] = {"COMP", "DEFA", "OUTP", "FORW", "COMM", "ISSU", "MATC", "DELE", "CODE",
                                   "HAIK", "ATTR", "PRON", "NULL"};
    bool known = false;
    for (const char* k : kKnown)
      if (key4 == k) known = true;
    if (!known) {
      Warn(w, src, line, ColOf(line, t), "unknown option command '" + cmd + "' kept in raw");
    }
    std::string& slot = opt->raw[cmd];
    if (!slot.empty()) slot += " | ";
    slot += CollapseSpaces(arg);
    std::string up = Upper(arg);
    if (key4 == "COMP") {
      // VERBS[n] CONJ[n] NOACTPRIOR ...
      auto bracket = [&](std::string_view name, int* v) {
        size_t p = up.find(std::string(name) + "[");
        if (p == std::string::npos) return;
        size_t q = up.find(']', p);
        int x = 0;
        if (q != std::string::npos && ParseInt(std::string_view(up).substr(p + name.size() + 1, q - p - name.size() - 1), &x))
          *v = x;
        else
          Warn(w, src, line, ColOf(line, arg), "bad " + std::string(name) + "[n] in COMPLEX");
      };
      bracket("VERBS", &opt->complex_verbs);
      bracket("CONJ", &opt->complex_conj);
      if (up.find("NOACTPRIOR") != std::string::npos) opt->complex_no_actor_prior = true;
    } else if (key4 == "DEFA") {
      if (Trim(up) == "OFF") {
        opt->default_source.clear();
        opt->default_target.clear();
        continue;
      }
      auto code_after = [&](std::string_view name, std::string* v) {
        size_t p = up.find(name);
        if (p == std::string::npos) return;
        size_t a = up.find('[', p), b = up.find(']', p);
        if (a == std::string::npos || b == std::string::npos || b < a) {
          Warn(w, src, line, ColOf(line, arg), "DEFAULT " + std::string(name) + " needs a [code]");
          return;
        }
        *v = std::string(Trim(std::string_view(up).substr(a + 1, b - a - 1)));
      };
      code_after("SOURCE", &opt->default_source);
      code_after("TARGET", &opt->default_target);
    } else if (key4 == "COMM") {
      if (Trim(up) == "OFF") {
        opt->comma_min = opt->comma_max = opt->comma_bmin = opt->comma_bmax = opt->comma_emin = opt->comma_emax = 0;
        continue;
      }
      // "MIN = 1 MAX=8 EMIN=3": tokens NAME = VALUE.
      std::vector<std::string> toks;
      std::string cur;
      for (char c : up) {
        if (IsSpace(c) || c == '=') {
          if (!cur.empty()) toks.push_back(cur);
          cur.clear();
          if (c == '=') toks.emplace_back("=");
        } else {
          cur += c;
        }
      }
      if (!cur.empty()) toks.push_back(cur);
      for (size_t k3 = 0; k3 + 2 < toks.size(); ++k3) {
        if (toks[k3 + 1] != "=") continue;
        const std::string& k = toks[k3];
        int v = 0;
        if (!ParseInt(toks[k3 + 2], &v)) {
          Warn(w, src, line, ColOf(line, arg), "bad COMMA value for " + k);
          continue;
        }
        if (k == "MIN") opt->comma_min = v;
        else if (k == "MAX") opt->comma_max = v;
        else if (k == "BMIN") opt->comma_bmin = v;
        else if (k == "BMAX") opt->comma_bmax = v;
        else if (k == "EMIN") opt->comma_emin = v;
        else if (k == "EMAX") opt->comma_emax = v;
        else Warn(w, src, line, ColOf(line, arg), "unknown COMMA parameter '" + std::string(k) + "'");
      }
    }
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- projects --

namespace fs = std::filesystem;

Status ReadTabariProject(const std::string& path, std::string_view text, DictSpec* spec) {
  fs::path dir = fs::path(path).parent_path();
  auto resolve = [&](std::string_view name) {
    fs::path p(std::string{name});
    return (p.is_absolute() || dir.empty() ? p : dir / p).lexically_normal().string();
  };
  LineReader lr(text);
  Line line;
  while (lr.Next(&line)) {
    std::string_view t = Trim(line.text);
    if (t.empty() || t[0] != '<') continue;
    size_t close = t.find('>');
    if (close == std::string_view::npos) continue;
    std::string tag = Upper(t.substr(1, close - 1));
    std::string_view value = Trim(t.substr(close + 1));
    if (value.empty()) continue;
    if (tag == "ACTORSFILE") spec->actor_files.push_back(resolve(value));
    else if (tag == "VERBSFILE") spec->verb_files.push_back(resolve(value));
    else if (tag == "AGENTSFILE") spec->agent_files.push_back(resolve(value));
    else if (tag == "OPTIONSFILE") spec->options_files.push_back(resolve(value));
    else if (tag == "TEXTFILE") spec->text_files.push_back(resolve(value));
  }
  if (spec->actor_files.empty() && spec->verb_files.empty())
    return Status::ParseError(path + ": no <actorsfile> or <verbsfile> in TABARI project file");
  return Status::Ok();
}

Status ReadPetrarchConfig(const std::string& path, std::string_view text, DictSpec* spec, CodingOptions* opt,
                          std::vector<DictWarning>* w) {
  fs::path dir = fs::path(path).parent_path();
  Source src{path, 0, Dialect::kPetrarch1, text};
  auto resolve_dict = [&](std::string_view name) {
    fs::path p(std::string{name});
    if (p.is_absolute()) return p.string();
    fs::path candidates[] = {dir / p, dir / "dictionaries" / p, dir.parent_path() / "dictionaries" / p};
    for (const auto& c : candidates) {
      std::error_code ec;
      if (fs::exists(c, ec)) return c.lexically_normal().string();
    }
    return (dir / p).lexically_normal().string();
  };
  auto resolve_text = [&](std::string_view name) {
    fs::path p(std::string{name});
    return (p.is_absolute() || dir.empty() ? p : dir / p).lexically_normal().string();
  };
  auto split = [](std::string_view v, auto&& fn) {
    while (!v.empty()) {
      size_t c = v.find(',');
      std::string_view item = Trim(v.substr(0, c));
      if (!item.empty()) fn(item);
      if (c == std::string_view::npos) break;
      v = v.substr(c + 1);
    }
  };
  std::string section;
  LineReader lr(text);
  Line line;
  bool any_dict = false;
  while (lr.Next(&line)) {
    std::string_view t = Trim(line.text);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t[0] == '[') {
      if (t.back() != ']') return Error(src, line, ColOf(line, t), "section header without ']'");
      section = Upper(Trim(t.substr(1, t.size() - 2)));
      continue;
    }
    size_t eq = t.find('=');
    if (eq == std::string_view::npos) eq = t.find(':');
    if (eq == std::string_view::npos) return Error(src, line, ColOf(line, t), "expected 'name = value'");
    const std::string key = AsciiLower(Trim(t.substr(0, eq)));
    std::string_view value = Trim(t.substr(eq + 1));
    size_t hash = value.find(" #");
    if (hash != std::string_view::npos) value = Trim(value.substr(0, hash));
    if (section == "DICTIONARIES") {
      std::vector<std::string>* dst = nullptr;
      if (key == "verbfile_name") dst = &spec->verb_files;
      else if (key == "actorfile_list" || key == "actorfile_name") dst = &spec->actor_files;
      else if (key == "agentfile_name" || key == "agentfile_list") dst = &spec->agent_files;
      else if (key == "discardfile_name") dst = &spec->discard_files;
      else if (key == "issuefile_name") dst = &spec->issue_files;
      if (!dst) {
        Warn(w, src, line, 1, "unknown dictionary key '" + key + "' ignored");
        continue;
      }
      split(value, [&](std::string_view item) { dst->push_back(resolve_dict(item)); });
      any_dict = true;
      continue;
    }
    opt->raw[section + "." + key] = std::string(value);
    if (section != "OPTIONS") continue;
    int v = 0;
    if (key == "textfile_list") {
      split(value, [&](std::string_view item) { spec->text_files.push_back(resolve_text(item)); });
    } else if (key == "require_dyad") {
      opt->require_dyad = Truthy(value);
    } else if (key.rfind("comma_", 0) == 0) {
      if (!ParseInt(value, &v)) {
        Warn(w, src, line, ColOf(line, value), "'" + key + "' needs an integer");
        continue;
      }
      if (key == "comma_min") opt->comma_min = v;
      else if (key == "comma_max") opt->comma_max = v;
      else if (key == "comma_bmin") opt->comma_bmin = v;
      else if (key == "comma_bmax") opt->comma_bmax = v;
      else if (key == "comma_emin") opt->comma_emin = v;
      else if (key == "comma_emax") opt->comma_emax = v;
      else Warn(w, src, line, 1, "unknown option '" + key + "'");
    }
  }
  if (!any_dict) return Status::ParseError(path + ": no [Dictionaries] section naming dictionary files");
  return Status::Ok();
}

}  // namespace dyad::dict_internal
