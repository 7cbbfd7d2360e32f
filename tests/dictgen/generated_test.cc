// Checks the dictionaries the build generated into share/dyad/dict.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compile.h"

namespace dyad::gen {
namespace {

std::string DictDir() {
  const char* b = std::getenv("DYAD_BINARY_DIR");
  return b ? std::string(b) + "/share/dyad/dict" : std::string();
}

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string NoComment(const std::string& l) {
  size_t p = l.find('#');
  return p == std::string::npos ? l : l.substr(0, p);
}

class GeneratedVerbs : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = DictDir() + "/dyad.verbs.txt";
    lines_ = Lines(path_);
    if (lines_.empty()) GTEST_SKIP() << path_ << " not generated (build target dyad_verb_dict)";
  }
  std::string path_;
  std::vector<std::string> lines_;
};

// The codes of every '--- BLOCK [CODE] ---', verb '[CODE]' and pattern '[CODE]'.
std::set<std::string> UsedCodes(const std::vector<std::string>& lines) {
  std::set<std::string> codes;
  std::regex code_re(R"(\[([0-9]+)(:[0-9]+)?\])");
  for (const auto& raw : lines) {
    std::string l = NoComment(raw);
    for (std::sregex_iterator it(l.begin(), l.end(), code_re), end; it != end; ++it) codes.insert((*it)[1]);
  }
  return codes;
}

TEST_F(GeneratedVerbs, EveryCameoEventCodeHasAVerbOrPattern) {
  std::set<std::string> cameo;
  const char* shared = std::getenv("DYAD_SHARED_DIR");
  const char* src = std::getenv("DYAD_SOURCE_DIR");
  std::string tsv = src ? std::string(src) + "/data/cameo/cameo_codes.tsv" : "";
  std::string csv = shared ? std::string(shared) + "/data/codebook/cameo-codes.csv" : "";
  if (auto r = ReadCameoCodes(csv); r.ok()) cameo = *r;
  else if (auto t = ReadCameoCodes(tsv); t.ok()) cameo = *t;
  else GTEST_SKIP() << "no CAMEO code table: ../shared is absent and data/cameo/cameo_codes.tsv missing";
  std::set<std::string> used = UsedCodes(lines_);
  size_t checked = 0;
  for (const auto& c : cameo) {
    if (c.size() < 3) continue;  // two-digit roots are categories, coded as X0 (e.g. 01 -> 010)
    ++checked;
    EXPECT_TRUE(used.count(c)) << "CAMEO code " << c << " has no verb or pattern in " << path_;
  }
  EXPECT_GT(checked, 280u);
  for (const auto& c : used) EXPECT_TRUE(cameo.count(c)) << c << " is used but is not a CAMEO code";
}

TEST_F(GeneratedVerbs, PatternsHaveOneVerbMarkerAndDefinedSynsets) {
  std::set<std::string> synsets;
  for (const auto& l : lines_)
    if (!l.empty() && l[0] == '&') synsets.insert(NoComment(l).substr(0, NoComment(l).find_first_of(" \t")));
  size_t patterns = 0;
  std::regex syn_re(R"(&[A-Z0-9_]+)");
  for (size_t i = 0; i < lines_.size(); ++i) {
    std::string l = NoComment(lines_[i]);
    if (l.rfind("- ", 0) != 0) continue;
    ++patterns;
    EXPECT_EQ(std::count(l.begin(), l.end(), '*'), 1) << "line " << i + 1 << ": " << l;
    EXPECT_NE(l.find('['), std::string::npos) << "line " << i + 1 << " has no code: " << l;
    for (std::sregex_iterator it(l.begin(), l.end(), syn_re), end; it != end; ++it) {
      std::string tok = it->str();
      bool ok = false;
      for (size_t len = tok.size(); len > 1 && !ok; --len)
        if ((len == tok.size() || tok[len] == '_') && synsets.count(tok.substr(0, len))) ok = true;
      EXPECT_TRUE(ok) << "line " << i + 1 << ": undefined synset " << tok;
    }
  }
  EXPECT_GT(patterns, 500u);
}

TEST_F(GeneratedVerbs, SizeAndOneBlockPerVerbForm) {
  size_t verbs = 0, patterns = 0;
  std::map<std::string, size_t> owner;
  bool in_blocks = false;
  for (size_t i = 0; i < lines_.size(); ++i) {
    std::string l = NoComment(lines_[i]);
    while (!l.empty() && (l.back() == ' ' || l.back() == '\t')) l.pop_back();
    if (l.rfind("--- ", 0) == 0) { in_blocks = true; continue; }
    if (!in_blocks || l.empty()) continue;
    if (l.rfind("- ", 0) == 0) { ++patterns; continue; }
    ++verbs;
    // VERB {FORMS} [CODE]: every form is owned by one line.
    std::string forms = l.substr(0, l.find('['));
    for (char& c : forms) if (c == '{' || c == '}') c = ' ';
    std::istringstream in(forms);
    for (std::string f; in >> f;) {
      auto [it, fresh] = owner.emplace(f, i + 1);
      EXPECT_TRUE(fresh) << f << " on line " << i + 1 << " and line " << it->second;
    }
  }
  EXPECT_GE(verbs + patterns, 1500u) << verbs << " verbs, " << patterns << " patterns";
  EXPECT_GE(verbs, 600u);
  // Inflection reached the file.
  EXPECT_TRUE(owner.count("VISITED"));
  EXPECT_TRUE(owner.count("FOUGHT"));
  EXPECT_TRUE(owner.count("SEIZED"));
}

TEST(GeneratedAgents, CountFormatAndKeyRoles) {
  std::string path = DictDir() + "/dyad.agents.txt";
  auto lines = Lines(path);
  if (lines.empty()) GTEST_SKIP() << path << " not generated";
  std::regex agent_re(R"(^([A-Z0-9_'.-]+) \{([A-Z0-9_'. -]*)\} \[(~[A-Z]+|[A-Z]+~)\]$)");
  std::map<std::string, std::string> code_of;
  for (const auto& l : lines) {
    std::string s = NoComment(l);
    if (s.empty()) continue;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(s, m, agent_re)) << "bad agent line: " << s;
    code_of[m[1]] = m[3];
  }
  EXPECT_GE(code_of.size(), 400u);
  EXPECT_EQ(code_of["PRESIDENT"], "~GOV");
  EXPECT_EQ(code_of["DEFENCE_MINISTER"], "~GOV");
  EXPECT_EQ(code_of["DEFENSE_MINISTER"], "~GOV");
  EXPECT_EQ(code_of["SOLDIER"], "~MIL");
  EXPECT_EQ(code_of["POLICE"], "~COP");
  EXPECT_EQ(code_of["REBEL"], "~REB");
  EXPECT_EQ(code_of["PROTESTER"], "~OPP");
  EXPECT_EQ(code_of["JUDGE"], "~JUD");
  EXPECT_EQ(code_of["JOURNALIST"], "~MED");
  EXPECT_EQ(code_of["REFUGEE"], "~REF");
}

TEST(GeneratedDiscards, SportsNotPolitics) {
  std::string path = DictDir() + "/dyad.discards.txt";
  auto lines = Lines(path);
  if (lines.empty()) GTEST_SKIP() << path << " not generated";
  std::vector<std::string> entries;
  for (const auto& l : lines) {
    std::string s = NoComment(l);
    if (s.empty()) continue;
    if (s[0] == '+') s = s.substr(1);
    if (!s.empty() && s.back() == '_') s.pop_back();
    entries.push_back(s);
  }
  EXPECT_GE(entries.size(), 300u);
  auto has = [&](const std::string& e) { return std::find(entries.begin(), entries.end(), e) != entries.end(); };
  EXPECT_TRUE(has("PREMIER LEAGUE"));
  EXPECT_TRUE(has("WORLD CUP"));
  // Political text must not contain a discard phrase (discards match as substrings).
  const char* political[] = {
      " WORLD BANK ", " UNITED NATIONS SECURITY COUNCIL ", " THE PRIME MINISTER OF ISRAEL MET ",
      " REBELS ATTACKED AN ARMY BASE ", " THE EUROPEAN UNION IMPOSED SANCTIONS ",
      " POLICE ARRESTED PROTESTERS IN THE CAPITAL ", " THE OPPOSITION PARTY WON THE ELECTION ",
      " PRESIDENT OBAMA VISITED CHINA ", " THE INTERNATIONAL MONETARY FUND ",
      " NATO AIR STRIKES ", " PEACE TALKS IN GENEVA ", " THE GAZA STRIP ", " SUICIDE BOMBER ",
      " FOREIGN MINISTER SERGEI LAVROV ", " THE OLYMPIC TORCH PROTEST IN TIBET ",
  };
  for (const auto& e : entries)
    for (const char* p : political) {
      std::string text = p;
      // Sentence-level discards also catch stems; a whole-word discard needs a following blank.
      EXPECT_EQ(text.find(" " + e), std::string::npos) << "discard '" << e << "' would drop: " << p;
    }
}

}  // namespace
}  // namespace dyad::gen
