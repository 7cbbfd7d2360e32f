// dyad_gen_countries: builds dyad's default country actor dictionary
// (PETRARCH-1 actor syntax) from Debian's iso-codes JSON and dyad's curated
// tables in data/dict/countries/*.tsv.
//
//   dyad_gen_countries --iso3166-1 iso_3166-1.json --iso3166-3 iso_3166-3.json
//                      --out dyad.countries.actors.txt curated.tsv...
//
// Curated tables are tab-separated, one row per line, '#' starts a comment:
//   CODE <TAB> phrase [<TAB> dates]    a phrase coded CODE ("IRQ", "USAGOV",
//                                      "---" for a blocking null phrase);
//                                      dates: "<YYYYMMDD", ">YYYYMMDD" or
//                                      "YYYYMMDD-YYYYMMDD" (inclusive)
//   @map <TAB> ISO3 <TAB> CODE         ISO alpha-3 (3166-1 or 3166-3) -> CAMEO
//                                      code when they differ ("TLS" -> "TMP"),
//                                      or "-" for none (3166-3 entries that
//                                      the curated rows cover by hand)
//   @drop <TAB> ISO3 <TAB> phrase      do not generate this ISO-derived name
// A phrase with several rows gets several (dated) codes. Two undated codes
// for one phrase are an error, as is any malformed row: the generator prints
// "file:line: message" and exits non-zero so the build stops.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

struct Code {
  std::string code;
  std::string dates;  // "", "<YYYYMMDD", ">YYYYMMDD", "YYYYMMDD-YYYYMMDD"
  bool operator==(const Code&) const = default;
};

struct PhraseEntry {
  std::string phrase;         // normalized: "COTE_D'IVOIRE"
  std::vector<Code> codes;
  std::string where;          // first definition, for messages
};

// ASCII folding for the Latin letters that occur in country and place names.
// Returns false when a code point has no folding (the phrase is then skipped).
bool FoldCodePoint(char32_t cp, std::string& out) {
  static const std::map<char32_t, const char*> kFold = {
      {0xC0, "A"}, {0xC1, "A"}, {0xC2, "A"}, {0xC3, "A"}, {0xC4, "A"}, {0xC5, "A"},
      {0xC6, "AE"}, {0xC7, "C"}, {0xC8, "E"}, {0xC9, "E"}, {0xCA, "E"}, {0xCB, "E"},
      {0xCC, "I"}, {0xCD, "I"}, {0xCE, "I"}, {0xCF, "I"}, {0xD1, "N"}, {0xD2, "O"},
      {0xD3, "O"}, {0xD4, "O"}, {0xD5, "O"}, {0xD6, "O"}, {0xD8, "O"}, {0xD9, "U"},
      {0xDA, "U"}, {0xDB, "U"}, {0xDC, "U"}, {0xDD, "Y"}, {0xDF, "SS"},
      {0xE0, "A"}, {0xE1, "A"}, {0xE2, "A"}, {0xE3, "A"}, {0xE4, "A"}, {0xE5, "A"},
      {0xE6, "AE"}, {0xE7, "C"}, {0xE8, "E"}, {0xE9, "E"}, {0xEA, "E"}, {0xEB, "E"},
      {0xEC, "I"}, {0xED, "I"}, {0xEE, "I"}, {0xEF, "I"}, {0xF1, "N"}, {0xF2, "O"},
      {0xF3, "O"}, {0xF4, "O"}, {0xF5, "O"}, {0xF6, "O"}, {0xF8, "O"}, {0xF9, "U"},
      {0xFA, "U"}, {0xFB, "U"}, {0xFC, "U"}, {0xFD, "Y"}, {0xFF, "Y"},
      {0x101, "A"}, {0x103, "A"}, {0x105, "A"}, {0x107, "C"}, {0x10D, "C"},
      {0x111, "D"}, {0x113, "E"}, {0x117, "E"}, {0x119, "E"}, {0x11B, "E"},
      {0x11F, "G"}, {0x12B, "I"}, {0x130, "I"}, {0x131, "I"}, {0x142, "L"},
      {0x144, "N"}, {0x148, "N"}, {0x14D, "O"}, {0x151, "O"}, {0x153, "OE"},
      {0x159, "R"}, {0x15B, "S"}, {0x15F, "S"}, {0x161, "S"}, {0x163, "T"},
      {0x165, "T"}, {0x16B, "U"}, {0x16F, "U"}, {0x171, "U"}, {0x17A, "Z"},
      {0x17C, "Z"}, {0x17E, "Z"}, {0x2018, "'"}, {0x2019, "'"},
  };
  if (cp < 0x80) {
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(cp))));
    return true;
  }
  auto it = kFold.find(cp);
  if (it == kFold.end()) return false;
  out += it->second;
  return true;
}

// Upper-case ASCII, words joined by '_' (blanks and hyphens both separate
// words: dyad's tokenizer splits "Guinea-Bissau" into two tokens).
// Returns "" when the text cannot be folded to ASCII.
std::string Normalize(std::string_view text) {
  std::string folded;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    char32_t cp = 0;
    size_t len = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c & 0xE0) == 0xC0 && i + 1 < text.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
      len = 2;
    } else if ((c & 0xF0) == 0xE0 && i + 2 < text.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
      len = 3;
    } else {
      return "";
    }
    if (!FoldCodePoint(cp, folded)) return "";
    i += len;
  }
  std::string out;
  bool pending_sep = false;
  for (char ch : folded) {
    if (ch == ' ' || ch == '-' || ch == '_' || ch == '\t') {
      pending_sep = !out.empty();
      continue;
    }
    if (ch == ',' || ch == '(' || ch == ')' || ch == '[' || ch == ']' || ch == ';' ||
        ch == '#' || ch == '+' || ch == '\t')
      return "";  // punctuation a phrase cannot hold
    if (pending_sep) out.push_back('_');
    pending_sep = false;
    out.push_back(ch);
  }
  // dyad's tokenizer splits a possessive 's off its word (Treebank style), so
  // "People's Republic" is the three tokens PEOPLE 'S REPUBLIC.
  std::string split;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\'' && i > 0 && out[i - 1] != '_' && i + 1 < out.size() && out[i + 1] == 'S' &&
        (i + 2 == out.size() || out[i + 2] == '_'))
      split.push_back('_');
    split.push_back(out[i]);
  }
  return split;
}

bool ValidDate8(std::string_view d) {
  if (d.size() != 8) return false;
  for (char c : d)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  int month = std::stoi(std::string(d.substr(4, 2)));
  int day = std::stoi(std::string(d.substr(6, 2)));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool ValidDates(std::string_view dates) {
  if (dates.empty()) return true;
  if (dates[0] == '<' || dates[0] == '>') return ValidDate8(dates.substr(1));
  auto dash = dates.find('-');
  if (dash == std::string_view::npos) return false;
  auto a = dates.substr(0, dash), b = dates.substr(dash + 1);
  return ValidDate8(a) && ValidDate8(b) && a <= b;
}

bool ValidCode(std::string_view code) {
  if (code == "---") return true;
  if (code.empty() || code.size() % 3 != 0) return false;
  return std::all_of(code.begin(), code.end(),
                     [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == '\t') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  for (auto& f : out) {
    while (!f.empty() && (f.back() == ' ' || f.back() == '\r')) f.pop_back();
    while (!f.empty() && f.front() == ' ') f.erase(f.begin());
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

class Generator {
 public:
  bool ReadCurated(const std::string& path);
  bool ReadIso(const std::string& iso1, const std::string& iso3);
  bool Write(const std::string& path) const;
  int warnings() const { return warnings_; }

 private:
  // Adds one phrase/code; false (with a message) on a conflict.
  bool Add(const std::string& raw, const Code& code, const std::string& where, bool from_iso);
  std::string Country(const std::string& code) const {
    return code == "---" ? std::string("---") : code.substr(0, 3);
  }

  struct Row {
    std::string code, phrase, dates, where;
  };
  std::vector<Row> rows_;
  std::map<std::string, std::string> iso_map_;          // ISO3 -> CAMEO ("" = none)
  std::set<std::pair<std::string, std::string>> drops_;  // (ISO3, normalized phrase)
  std::vector<PhraseEntry> entries_;
  std::unordered_map<std::string, size_t> index_;        // phrase -> entries_
  std::map<std::string, std::string> country_names_;     // CAMEO -> display name
  int warnings_ = 0;
};

bool Generator::ReadCurated(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << path << ": cannot open\n";
    return false;
  }
  std::string line;
  int lineno = 0;
  bool ok = true;
  while (std::getline(in, line)) {
    ++lineno;
    auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    auto f = SplitTabs(line);
    if (f.empty() || (f.size() == 1 && f[0].empty())) continue;
    std::string where = path.substr(path.find_last_of('/') + 1) + ":" + std::to_string(lineno);
    if (f[0] == "@map") {
      if (f.size() != 3 || f[1].size() != 3 || (f[2] != "-" && !ValidCode(f[2]))) {
        std::cerr << where << ": expected '@map<TAB>ISO3<TAB>CODE'\n";
        ok = false;
        continue;
      }
      iso_map_[f[1]] = f[2] == "-" ? "" : f[2];
    } else if (f[0] == "@drop") {
      if (f.size() != 3) {
        std::cerr << where << ": expected '@drop<TAB>ISO3<TAB>phrase'\n";
        ok = false;
        continue;
      }
      drops_.insert({f[1], Normalize(f[2])});
    } else if (f[0] == "@name") {
      if (f.size() != 3) {
        std::cerr << where << ": expected '@name<TAB>CODE<TAB>display name'\n";
        ok = false;
        continue;
      }
      country_names_[f[1]] = f[2];
    } else {
      if (f.size() < 2 || f.size() > 3) {
        std::cerr << where << ": expected 'CODE<TAB>phrase[<TAB>dates]', got " << f.size()
                  << " fields\n";
        ok = false;
        continue;
      }
      if (!ValidCode(f[0])) {
        std::cerr << where << ": bad code '" << f[0] << "'\n";
        ok = false;
        continue;
      }
      std::string dates = f.size() == 3 ? f[2] : "";
      if (!ValidDates(dates)) {
        std::cerr << where << ": bad dates '" << dates
                  << "' (want <YYYYMMDD, >YYYYMMDD or YYYYMMDD-YYYYMMDD, ordered)\n";
        ok = false;
        continue;
      }
      rows_.push_back({f[0], f[1], dates, where});
    }
  }
  return ok;
}

bool Generator::Add(const std::string& raw, const Code& code, const std::string& where,
                    bool from_iso) {
  std::string phrase = Normalize(raw);
  if (phrase.empty()) {
    std::cerr << where << ": warning: cannot make a phrase of '" << raw << "', skipped\n";
    ++warnings_;
    return !from_iso ? false : true;
  }
  auto it = index_.find(phrase);
  if (it == index_.end()) {
    index_[phrase] = entries_.size();
    entries_.push_back({phrase, {code}, where});
    return true;
  }
  PhraseEntry& e = entries_[it->second];
  for (const Code& c : e.codes)
    if (c == code) return true;  // repeated: harmless
  if (code.dates.empty()) {
    for (const Code& c : e.codes) {
      if (c.dates.empty()) {
        std::cerr << where << ": '" << phrase << "' coded " << code.code << " here but "
                  << c.code << " at " << e.where
                  << " (two undated codes; use @drop or dates)\n";
        return false;
      }
    }
  }
  e.codes.push_back(code);
  return true;
}

bool Generator::ReadIso(const std::string& iso1, const std::string& iso3) {
  nlohmann::json j1, j3;
  try {
    std::ifstream in1(iso1), in3(iso3);
    if (!in1 || !in3) {
      std::cerr << (in1 ? iso3 : iso1) << ": cannot open\n";
      return false;
    }
    j1 = nlohmann::json::parse(in1);
    j3 = nlohmann::json::parse(in3);
  } catch (const std::exception& ex) {
    std::cerr << "iso-codes JSON: " << ex.what() << "\n";
    return false;
  }
  bool ok = true;
  std::string base1 = iso1.substr(iso1.find_last_of('/') + 1);
  std::set<std::string> current;  // ISO 3166-1 alpha-3 codes
  // ISO 3166-1: every current country/territory gets its ISO names.
  for (const auto& c : j1.value("3166-1", nlohmann::json::array())) {
    std::string a3 = c.value("alpha_3", "");
    if (a3.size() != 3) continue;
    current.insert(a3);
    auto m = iso_map_.find(a3);
    std::string code = m != iso_map_.end() ? m->second : a3;
    if (code.empty()) continue;
    if (!country_names_.count(code)) country_names_[code] = c.value("name", a3);
    std::vector<std::string> names;
    for (const char* key : {"common_name", "name", "official_name"}) {
      std::string n = c.value(key, "");
      if (n.empty()) continue;
      // "Holy See (Vatican City State)" -> "Holy See"
      auto paren = n.find(" (");
      if (paren != std::string::npos) n.erase(paren);
      // "Iran, Islamic Republic of" -> "Islamic Republic of Iran";
      // "Virgin Islands, British" -> "British Virgin Islands"; other comma
      // names ("Bonaire, Sint Eustatius and Saba") are left to the curation.
      auto comma = n.find(", ");
      if (comma != std::string::npos) {
        std::string head = n.substr(0, comma), tail = n.substr(comma + 2);
        bool inverted = tail.ends_with(" of") || tail.ends_with(" of the") ||
                        tail.find(' ') == std::string::npos;
        if (!inverted) continue;
        n = tail + " " + head;
      }
      if (n.starts_with("the ") || n.starts_with("The ")) n.erase(0, 4);
      names.push_back(n);
    }
    for (const auto& n : names) {
      if (drops_.count({a3, Normalize(n)})) continue;
      if (!Add(n, {code, ""}, base1 + ":" + a3, true)) ok = false;
    }
  }
  // ISO 3166-3 (former countries): the dates and names need curation, so
  // only check that each one is accounted for.
  std::set<std::string> curated_codes;
  for (const Row& r : rows_) curated_codes.insert(r.code.substr(0, 3));
  for (const auto& c : j3.value("3166-3", nlohmann::json::array())) {
    std::string a3 = c.value("alpha_3", "");
    if (!iso_map_.count(a3) && !curated_codes.count(a3) && !current.count(a3)) {
      std::cerr << "warning: ISO 3166-3 " << a3 << " (" << c.value("name", "")
                << ") has no @map and no curated rows\n";
      ++warnings_;
    }
  }
  // Curated rows after ISO names, so ISO names come first in each entry.
  for (const Row& r : rows_)
    if (!Add(r.phrase, {r.code, r.dates}, r.where, false)) ok = false;
  return ok;
}

std::string CodeKey(const std::vector<Code>& codes) {
  std::string k;
  for (const Code& c : codes) k += c.code + " " + c.dates + ";";
  return k;
}

bool Generator::Write(const std::string& path) const {
  // Group phrases by their code list; order groups by country code, then by
  // first appearance.
  std::map<std::string, std::vector<std::vector<size_t>>> by_country;
  std::map<std::string, std::pair<std::string, size_t>> group_of;  // key -> (country, idx)
  for (size_t i = 0; i < entries_.size(); ++i) {
    const PhraseEntry& e = entries_[i];
    std::string key = CodeKey(e.codes);
    auto g = group_of.find(key);
    if (g == group_of.end()) {
      std::string country = Country(e.codes.front().code);
      auto& groups = by_country[country];
      group_of[key] = {country, groups.size()};
      groups.push_back({i});
    } else {
      by_country[g->second.first][g->second.second].push_back(i);
    }
  }
  std::ostringstream out;
  out << "# dyad.countries.actors.txt: GENERATED by dyad_gen_countries; do not edit.\n"
         "# Edit data/dict/countries/*.tsv (curated by the dyad project) instead.\n"
         "# Country names: Debian iso-codes (ISO 3166-1/3166-3 data, LGPL-2.1+).\n"
         "# Demonyms, adjectives, capitals, cities, metonyms, former names, dates:\n"
         "# dyad's own curation. See data/dict/README.md for licence and provenance.\n"
         "# Format: PETRARCH-1 actor dictionary (docs/dictionary-format.md).\n\n";
  size_t n_entries = 0;
  for (const auto& [country, groups] : by_country) {
    auto name = country_names_.find(country);
    out << "# ---- " << country;
    if (name != country_names_.end()) out << " " << name->second;
    if (country == "---") out << " blocking phrases (longer phrases that must not code)";
    out << "\n";
    for (const auto& group : groups) {
      const PhraseEntry& first = entries_[group.front()];
      // A dated code equal to the default (undated) one adds nothing.
      std::vector<Code> codes;
      const Code* dflt = nullptr;
      for (const Code& c : first.codes)
        if (c.dates.empty()) dflt = &c;
      for (const Code& c : first.codes)
        if (c.dates.empty() || !dflt || c.code != dflt->code) codes.push_back(c);
      bool simple = codes.size() == 1 && codes[0].dates.empty();
      out << first.phrase;
      if (simple) out << "  [" << codes[0].code << "]";
      out << "\n";
      for (size_t k = 1; k < group.size(); ++k) out << "+" << entries_[group[k]].phrase << "\n";
      if (!simple) {
        // Dated codes first, then the default (undated) one.
        for (int pass = 0; pass < 2; ++pass)
          for (const Code& c : codes)
            if (c.dates.empty() == (pass == 1))
              out << "\t[" << c.code << (c.dates.empty() ? "" : " ") << c.dates << "]\n";
      }
      ++n_entries;
    }
    out << "\n";
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary);
    if (!f) {
      std::cerr << tmp << ": cannot write\n";
      return false;
    }
    f << out.str();
    if (!f) {
      std::cerr << tmp << ": write failed\n";
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::cerr << path << ": cannot rename from " << tmp << "\n";
    return false;
  }
  std::cerr << "dyad_gen_countries: " << entries_.size() << " phrases in " << n_entries
            << " entries -> " << path << "\n";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string iso1 = "/usr/share/iso-codes/json/iso_3166-1.json";
  std::string iso3 = "/usr/share/iso-codes/json/iso_3166-3.json";
  std::string out;
  std::vector<std::string> curated;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& dst) {
      if (i + 1 >= argc) return false;
      dst = argv[++i];
      return true;
    };
    if (a == "--iso3166-1") {
      if (!value(iso1)) break;
    } else if (a == "--iso3166-3") {
      if (!value(iso3)) break;
    } else if (a == "--out") {
      if (!value(out)) break;
    } else if (a == "-h" || a == "--help") {
      std::cout << "usage: dyad_gen_countries [--iso3166-1 F] [--iso3166-3 F] --out F "
                   "curated.tsv...\n";
      return 0;
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "dyad_gen_countries: unknown option " << a << "\n";
      return 2;
    } else {
      curated.push_back(a);
    }
  }
  if (out.empty()) {
    std::cerr << "dyad_gen_countries: --out is required (see --help)\n";
    return 2;
  }
  Generator gen;
  bool ok = true;
  for (const auto& c : curated) ok = gen.ReadCurated(c) && ok;
  if (ok) ok = gen.ReadIso(iso1, iso3);
  if (!ok) {
    std::cerr << "dyad_gen_countries: errors above; nothing written\n";
    return 1;
  }
  return gen.Write(out) ? 0 : 1;
}
