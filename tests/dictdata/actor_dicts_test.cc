// Checks the default actor dictionaries as the build writes them
// (${DYAD_DICT_OUT_DIR}/dyad.{countries,international,nonstate}.actors.txt)
// with a minimal PETRARCH-1 actor scanner, independent of src/dict.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

struct Code {
  std::string code;
  int from = 0;         // YYYYMMDD, 0 = open
  int to = 99999999;    // inclusive
  bool dated = false;
};

struct Entry {
  std::vector<std::string> phrases;
  std::vector<Code> codes;
  std::string where;
};

struct ParsedFile {
  std::vector<Entry> entries;
  std::vector<std::string> errors;   // "file:line: message"
};

bool ValidDate(const std::string& d) {
  if (d.size() != 8 || d.find_first_not_of("0123456789") != std::string::npos) return false;
  int m = std::stoi(d.substr(4, 2)), day = std::stoi(d.substr(6, 2));
  return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

// Parses "[CODE]" / "[CODE <D]" / "[CODE >D]" / "[CODE D-D]" (brackets removed).
bool ParseCode(const std::string& body, Code& out, std::string& err) {
  std::istringstream in(body);
  std::string code, dates, extra;
  in >> code >> dates >> extra;
  if (code.empty() || !extra.empty()) {
    err = "bad code field '" + body + "'";
    return false;
  }
  out.code = code;
  if (dates.empty()) return true;
  out.dated = true;
  if (dates[0] == '<' || dates[0] == '>') {
    std::string d = dates.substr(1);
    if (!ValidDate(d)) {
      err = "bad date '" + dates + "' (want 8 digits)";
      return false;
    }
    (dates[0] == '<' ? out.to : out.from) = std::stoi(d);
    return true;
  }
  auto dash = dates.find('-');
  if (dash == std::string::npos || !ValidDate(dates.substr(0, dash)) ||
      !ValidDate(dates.substr(dash + 1))) {
    err = "bad date range '" + dates + "'";
    return false;
  }
  out.from = std::stoi(dates.substr(0, dash));
  out.to = std::stoi(dates.substr(dash + 1));
  if (out.from > out.to) {
    err = "date range out of order '" + dates + "'";
    return false;
  }
  return true;
}

ParsedFile Parse(const fs::path& path) {
  ParsedFile pf;
  std::ifstream in(path);
  if (!in) {
    pf.errors.push_back(path.string() + ": cannot open");
    return pf;
  }
  std::string line, name = path.filename().string();
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    std::string where = name + ":" + std::to_string(lineno);
    auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '\t') {
      auto l = line.find('['), r = line.find(']');
      if (pf.entries.empty() || l == std::string::npos || r == std::string::npos || r < l) {
        pf.errors.push_back(where + ": date line without an entry or brackets");
        continue;
      }
      Code c;
      std::string err;
      if (!ParseCode(line.substr(l + 1, r - l - 1), c, err))
        pf.errors.push_back(where + ": " + err);
      else
        pf.entries.back().codes.push_back(c);
      continue;
    }
    bool synonym = line[0] == '+';
    std::string text = synonym ? line.substr(1) : line;
    std::string phrase = text, code_part;
    auto l = text.find('[');
    if (l != std::string::npos) {
      auto r = text.find(']', l);
      if (r == std::string::npos) {
        pf.errors.push_back(where + ": unclosed '['");
        continue;
      }
      code_part = text.substr(l + 1, r - l - 1);
      phrase = text.substr(0, l);
    }
    while (!phrase.empty() && (phrase.back() == ' ' || phrase.back() == '\t')) phrase.pop_back();
    if (phrase.empty() || phrase.find(' ') != std::string::npos) {
      pf.errors.push_back(where + ": phrase must be one '_'-joined token sequence: '" + phrase +
                          "'");
      continue;
    }
    for (char ch : phrase) {
      if ((ch >= 'a' && ch <= 'z') || static_cast<unsigned char>(ch) >= 0x80 || ch == ',' ||
          ch == '(' || ch == ')' || ch == '-') {
        pf.errors.push_back(where + ": phrase '" + phrase +
                            "' must be upper-case ASCII without , ( ) -");
        break;
      }
    }
    if (synonym) {
      if (pf.entries.empty()) {
        pf.errors.push_back(where + ": synonym before any entry");
        continue;
      }
      pf.entries.back().phrases.push_back(phrase);
    } else {
      pf.entries.push_back({{phrase}, {}, where});
    }
    if (!code_part.empty()) {
      Code c;
      std::string err;
      if (!ParseCode(code_part, c, err))
        pf.errors.push_back(where + ": " + err);
      else if (synonym)
        pf.errors.push_back(where + ": a code on a '+' line is ignored by PETRARCH");
      else
        pf.entries.back().codes.push_back(c);
    }
  }
  return pf;
}

fs::path OutDir() {
  if (const char* b = std::getenv("DYAD_BINARY_DIR")) return fs::path(b) / "share/dyad/dict";
  return DYAD_DICT_OUT_DIR;
}

const std::vector<std::string> kFiles = {"dyad.countries.actors.txt",
                                         "dyad.international.actors.txt",
                                         "dyad.nonstate.actors.txt"};

class ActorDicts : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const auto& f : kFiles) files_[f] = Parse(OutDir() / f);
  }
  static const ParsedFile& File(const std::string& f) { return files_[f]; }
  // Codes of `phrase` in `file` ("" = any of ours); empty when absent.
  static std::vector<Code> CodesOf(const std::string& phrase, const std::string& file = "") {
    for (const auto& [name, pf] : files_) {
      if (!file.empty() && name != file) continue;
      for (const auto& e : pf.entries)
        for (const auto& p : e.phrases)
          if (p == phrase) return e.codes;
    }
    return {};
  }
  // The code that applies to `phrase` on `date` (dated first, then default).
  static std::string CodeOn(const std::string& phrase, int date) {
    auto codes = CodesOf(phrase);
    for (const auto& c : codes)
      if (c.dated && date >= c.from && date <= c.to) return c.code;
    for (const auto& c : codes)
      if (!c.dated) return c.code;
    return "";
  }
  static std::map<std::string, ParsedFile> files_;
};
std::map<std::string, ParsedFile> ActorDicts::files_;

TEST_F(ActorDicts, FilesParseWithoutErrors) {
  for (const auto& f : kFiles) {
    const ParsedFile& pf = File(f);
    EXPECT_FALSE(pf.entries.empty()) << f << " is empty or missing in " << OutDir();
    for (const auto& e : pf.errors) ADD_FAILURE() << e;
    for (const auto& e : pf.entries)
      EXPECT_FALSE(e.codes.empty()) << e.where << ": entry " << e.phrases[0] << " has no code";
  }
}

TEST_F(ActorDicts, EnoughEntries) {
  auto count = [](const ParsedFile& pf) {
    size_t n = 0;
    for (const auto& e : pf.entries) n += e.phrases.size();
    return n;
  };
  EXPECT_GE(count(File("dyad.countries.actors.txt")), 1500u);
  EXPECT_GE(count(File("dyad.international.actors.txt")), 200u);
  EXPECT_GE(count(File("dyad.nonstate.actors.txt")), 120u);
}

TEST_F(ActorDicts, EveryIsoCountryHasACode) {
  std::ifstream in(fs::path(DYAD_ISO_CODES_DIR) / "iso_3166-1.json");
  ASSERT_TRUE(in) << "iso-codes JSON missing";
  auto j = nlohmann::json::parse(in);
  std::set<std::string> codes;
  for (const auto& e : File("dyad.countries.actors.txt").entries)
    for (const auto& c : e.codes) codes.insert(c.code);
  size_t n = 0;
  for (const auto& c : j["3166-1"]) {
    std::string a3 = c["alpha_3"];
    if (a3 == "TLS") a3 = "TMP";  // CAMEO's code for Timor-Leste
    EXPECT_TRUE(codes.count(a3)) << "no entry codes " << a3 << " (" << c["name"] << ")";
    ++n;
  }
  EXPECT_GE(n, 249u);
}

TEST_F(ActorDicts, CountryCodesAreKnownToCameoTable) {
  const char* src = std::getenv("DYAD_SOURCE_DIR");
  if (!src) src = DYAD_SOURCE_DIR_AT_BUILD;
  std::ifstream in(fs::path(src) / "data/cameo/countries.tsv");
  ASSERT_TRUE(in);
  std::set<std::string> known;
  std::string line;
  while (std::getline(in, line)) known.insert(line.substr(0, line.find('\t')));
  const std::set<std::string> kPrefixes = {"IGO", "NGO", "NGM", "MNC", "IMG", "INT", "---"};
  for (const auto& [name, pf] : files_) {
    for (const auto& e : pf.entries) {
      for (const auto& c : e.codes) {
        EXPECT_TRUE(c.code == "---" || (c.code.size() % 3 == 0 &&
                                        c.code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") ==
                                            std::string::npos))
            << e.where << ": malformed code " << c.code;
        std::string head = c.code.substr(0, 3);
        if (head == "MNC" && c.code.size() >= 6) {
          EXPECT_TRUE(known.count(c.code.substr(3, 3))) << e.where << ": " << c.code;
        } else if (!kPrefixes.count(head)) {
          EXPECT_TRUE(known.count(head)) << e.where << ": " << c.code
                                         << " starts with no CAMEO country/region code";
        }
      }
    }
  }
}

TEST_F(ActorDicts, NoConflictingOrOverlappingCodes) {
  std::map<std::string, std::pair<std::string, std::string>> undated;  // phrase -> code, where
  for (const auto& [name, pf] : files_) {
    for (const auto& e : pf.entries) {
      int n_undated = 0;
      for (size_t i = 0; i < e.codes.size(); ++i) {
        if (!e.codes[i].dated) ++n_undated;
        for (size_t k = i + 1; k < e.codes.size(); ++k) {
          const Code &a = e.codes[i], &b = e.codes[k];
          if (a.dated && b.dated && a.code != b.code) {
            EXPECT_TRUE(a.to < b.from || b.to < a.from)
                << e.where << ": " << a.code << " and " << b.code << " overlap in time";
          }
        }
      }
      EXPECT_LE(n_undated, 1) << e.where << ": several undated codes";
      for (const auto& p : e.phrases) {
        for (const auto& c : e.codes) {
          if (c.dated) continue;
          auto [it, fresh] = undated.insert({p, {c.code, e.where}});
          if (!fresh) {
            EXPECT_EQ(it->second.first, c.code)
                << p << " coded " << c.code << " at " << e.where << " and " << it->second.first
                << " at " << it->second.second;
          }
        }
      }
    }
  }
}

TEST_F(ActorDicts, KeyCountryNamesDemonymsAndMetonyms) {
  const int kToday = 20250601;
  const std::vector<std::pair<std::string, std::string>> expect = {
      {"IRAQ", "IRQ"},           {"IRAQI", "IRQ"},          {"IRANIAN", "IRN"},
      {"TEHRAN", "IRN"},         {"BAGHDAD", "IRQ"},        {"BASRA", "IRQ"},
      {"AMERICAN", "USA"},       {"U.S.", "USA"},           {"U.S.A.", "USA"},
      {"UNITED_STATES", "USA"},  {"BRITISH", "GBR"},        {"BRITON", "GBR"},
      {"UNITED_KINGDOM", "GBR"}, {"WASHINGTON", "USAGOV"},  {"WHITE_HOUSE", "USAGOV"},
      {"PENTAGON", "USAMIL"},    {"DOWNING_STREET", "GBRGOV"}, {"KREMLIN", "RUSGOV"},
      {"ELYSEE", "FRAGOV"},      {"ZHONGNANHAI", "CHNGOV"}, {"FOGGY_BOTTOM", "USAGOV"},
      {"MOSCOW", "RUS"},         {"RUSSIAN", "RUS"},        {"CHINESE", "CHN"},
      {"BEIJING", "CHN"},        {"NORTH_KOREA", "PRK"},    {"SOUTH_KOREA", "KOR"},
      {"PYONGYANG", "PRK"},      {"CONGO", "COD"},          {"REPUBLIC_OF_CONGO", "COG"},
      {"DEMOCRATIC_REPUBLIC_OF_THE_CONGO", "COD"},          {"ZAIRE", "COD"},
      {"NIGER", "NER"},          {"NIGERIA", "NGA"},        {"NIGER_DELTA", "NGA"},
      {"SOUTH_SUDAN", "SSD"},    {"SUDAN", "SDN"},          {"BURMA", "MMR"},
      {"MYANMAR", "MMR"},        {"SWAZILAND", "SWZ"},      {"ESWATINI", "SWZ"},
      {"NORTH_MACEDONIA", "MKD"}, {"MACEDONIA", "MKD"},     {"CZECHIA", "CZE"},
      {"CZECH_REPUBLIC", "CZE"}, {"EAST_TIMOR", "TMP"},     {"TIMOR_LESTE", "TMP"},
      {"TURKEY", "TUR"},         {"TURKIYE", "TUR"},        {"COTE_D'IVOIRE", "CIV"},
      {"IVORY_COAST", "CIV"},    {"GUINEA_BISSAU", "GNB"},  {"PALESTINIAN", "PSE"},
      {"GAZA", "PSE"},           {"KOSOVO", "KSV"},         {"MIDDLE_EAST", "MEA"},
      {"JORDAN_RIVER", "---"},   {"SERBIA", "SRB"},
      {"UNITED_NATIONS", "IGOUNO"}, {"UNHCR", "IGOUNOREFHCR"}, {"NATO", "IGOWSTNAT"},
      {"EUROPEAN_UNION", "IGOEUREEC"}, {"ARAB_LEAGUE", "IGOMEAARL"}, {"OPEC", "IGOBUSOPC"},
      {"INTERNATIONAL_CRIMINAL_COURT", "IGOJUDICC"}, {"AMNESTY_INTERNATIONAL", "NGOHRIAMN"},
      {"HEZBOLLAH", "LBNREBHEZ"}, {"HAMAS", "PSEREBHMS"}, {"AL_QAEDA", "IMGMUSALQ"},
      {"ISIS", "IMGMUS"},        {"TALIBAN", "AFGGOVTAL"},  {"HAYAT_TAHRIR_AL_SHAM", "SYRGOV"},
      {"HOUTHIS", "YEMREB"},     {"RAPID_SUPPORT_FORCES", "SDNREB"}, {"PKK", "TURREB"},
  };
  for (const auto& [phrase, code] : expect)
    EXPECT_EQ(CodeOn(phrase, kToday), code) << phrase;
}

TEST_F(ActorDicts, DatedCodesFollowHistory) {
  EXPECT_EQ(CodeOn("SOVIET_UNION", 19800101), "USR");
  EXPECT_EQ(CodeOn("SOVIET_UNION", 20000101), "");
  EXPECT_EQ(CodeOn("KREMLIN", 19850101), "USRGOV");
  EXPECT_EQ(CodeOn("SOUTH_SUDAN", 20050101), "SDN");
  EXPECT_EQ(CodeOn("SOUTH_SUDAN", 20110709), "SSD");
  EXPECT_EQ(CodeOn("YUGOSLAVIA", 19800101), "YUG");
  EXPECT_EQ(CodeOn("YUGOSLAVIA", 19990101), "FRY");
  EXPECT_EQ(CodeOn("SERBIA_AND_MONTENEGRO", 20040101), "SCG");
  EXPECT_EQ(CodeOn("CZECH", 19800101), "CSK");
  EXPECT_EQ(CodeOn("CZECH", 20000101), "CZE");
  EXPECT_EQ(CodeOn("EAST_GERMANY", 19800101), "DDR");
  EXPECT_EQ(CodeOn("TALIBAN", 19990101), "AFGGOVTAL");
  EXPECT_EQ(CodeOn("TALIBAN", 20100101), "AFGREBTAL");
  EXPECT_EQ(CodeOn("HAYAT_TAHRIR_AL_SHAM", 20200101), "SYRREB");
  EXPECT_EQ(CodeOn("JABHAT_AL_NUSRA", 20140101), "IMGMUSALQ");
  EXPECT_EQ(CodeOn("ISLAMIC_STATE", 20100101), "");
  EXPECT_EQ(CodeOn("ISLAMIC_STATE", 20150101), "IMGMUS");
  EXPECT_EQ(CodeOn("RAPID_SUPPORT_FORCES", 20200101), "SDNMIL");
  EXPECT_EQ(CodeOn("LTTE", 20000101), "LKASEP");
  EXPECT_EQ(CodeOn("LTTE", 20150101), "");
}

TEST_F(ActorDicts, AmbiguousWordsAreLeftOut) {
  // "US" is the pronoun, "WHO" the question word, "SHELL" artillery,
  // "CAR" a vehicle, "LET" a verb: none may be a phrase on its own.
  for (const char* w : {"US", "WHO", "SHELL", "CAR", "LET", "AMNESTY", "MALE", "NICE",
                        "REUNION", "THE_STATES", "FRY", "KIWI", "POLE"})
    EXPECT_TRUE(CodesOf(w).empty()) << w << " should not be an actor phrase";
}

// The generator refuses a phrase with two undated codes, naming file:line.
TEST(GenCountries, RejectsConflictingCodes) {
  fs::path dir = fs::temp_directory_path() / "dyad_dictdata_test";
  fs::create_directories(dir);
  {
    std::ofstream t(dir / "bad.tsv");
    t << "# test\nIRQ\tMesopotamia\nIRN\tMesopotamia\n";
  }
  std::string cmd = std::string(DYAD_GEN_COUNTRIES) + " --out " + (dir / "out.txt").string() +
                    " " + (dir / "bad.tsv").string() + " 2> " + (dir / "err.txt").string();
  int rc = std::system(cmd.c_str());
  EXPECT_NE(rc, 0);
  std::ifstream err(dir / "err.txt");
  std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("bad.tsv:3"), std::string::npos) << text;
  EXPECT_NE(text.find("MESOPOTAMIA"), std::string::npos) << text;
  EXPECT_FALSE(fs::exists(dir / "out.txt"));
  fs::remove_all(dir);
}

TEST(GenCountries, RejectsBadDates) {
  fs::path dir = fs::temp_directory_path() / "dyad_dictdata_test2";
  fs::create_directories(dir);
  {
    std::ofstream t(dir / "bad.tsv");
    t << "USR\tSoviet bloc\t19911226-19800101\n";
  }
  std::string cmd = std::string(DYAD_GEN_COUNTRIES) + " --out " + (dir / "out.txt").string() +
                    " " + (dir / "bad.tsv").string() + " 2> " + (dir / "err.txt").string();
  EXPECT_NE(std::system(cmd.c_str()), 0);
  std::ifstream err(dir / "err.txt");
  std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("bad.tsv:1: bad dates"), std::string::npos) << text;
  fs::remove_all(dir);
}

}  // namespace
