// End-to-end tests of the `dyad` command: the binary built next to the tests
// is run on files the tests write, and its output and exit status checked.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "test_env.h"

namespace {

namespace fs = std::filesystem;

struct RunResult {
  int status = -1;
  std::string out;   // stdout
  std::string err;   // stderr
};

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dyad_ = (fs::path(dyad::test::BinaryDir()) / "dyad").string();
    if (!fs::exists(dyad_)) GTEST_SKIP() << "dyad binary not built at " << dyad_;
    dir_ = fs::temp_directory_path() /
           ("dyad_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  std::string Write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  // Runs `dyad ARGS` with stdin from `input` (a file, or /dev/null).
  RunResult Dyad(const std::string& args, const std::string& input = "/dev/null") {
    const fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    const std::string cmd = dyad_ + " " + args + " < " + input + " > " + out.string() + " 2> " + err.string();
    RunResult r;
    const int raw = std::system(cmd.c_str());
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    auto slurp = [](const fs::path& p) {
      std::ifstream in(p, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      return ss.str();
    };
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  static std::vector<std::string> Lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) out.push_back(line);
    return out;
  }

  std::string dyad_;
  fs::path dir_;
};

constexpr const char* kActors =
    "IRAQ_ [IRQ]\n+IRAQI_\nIRAN_ [IRN]\n+IRANIAN_\n+TEHRAN_\nISRAEL_ [ISR]\nSYRIA_ [SYR]\n";
constexpr const char* kAgents = "MINISTER [~GOV]\nDEFENCE_MINISTER [~GOV]\n";
constexpr const char* kVerbs =
    "--- ACCUSE [112] ---\nACCUSE\nCONDEMN\n\n--- VISIT [042] ---\nVISIT\n- * + [042]\n";

TEST_F(Cli, CodesJsonlWithEvidence) {
  const std::string dict = Write("t.actors.txt", kActors) + "," + Write("t.agents.txt", kAgents) + "," +
                           Write("t.verbs.txt", kVerbs);
  const std::string in = Write(
      "s.jsonl",
      R"({"id":"a1","date":"2005-07-15","title":"Iraq Condemns Israel","text":"The Iraqi defence minister visited Tehran. Iran’s minister condemned Syria.","url":"http://x","source":"wire"})"
      "\n");
  const RunResult r = Dyad("code " + in + " --dict " + dict + " --format jsonl");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  const auto first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["story_id"], "a1");
  EXPECT_EQ(first["sentence"], 0);
  EXPECT_EQ(first["source"], "IRQ");
  EXPECT_EQ(first["target"], "ISR");
  EXPECT_EQ(first["code"], "112");
  const auto second = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(second["sentence"], 1);
  EXPECT_EQ(second["date"], "2005-07-15");
  EXPECT_EQ(second["source"], "IRQGOV");
  EXPECT_EQ(second["target"], "IRN");
  EXPECT_EQ(second["source_country"], "IRQ");
  EXPECT_EQ(second["target_country"], "IRN");
  EXPECT_EQ(second["code"], "042");
  EXPECT_EQ(second["root"], "04");
  EXPECT_EQ(second["quad_class"], 1);
  EXPECT_EQ(second["text"], "The Iraqi defence minister visited Tehran.");
  EXPECT_EQ(second["evidence"]["verb"]["text"], "visited");
  EXPECT_EQ(second["evidence"]["target"]["text"], "Tehran");
  EXPECT_EQ(second["evidence"]["target"]["start"], 35);
  EXPECT_FALSE(second["plover"].get<std::string>().empty());
  // Offsets are in characters: "Iran’s" has a 3-byte apostrophe.
  const auto third = nlohmann::json::parse(lines[2]);
  EXPECT_EQ(third["evidence"]["verb"]["text"], "condemned");
  EXPECT_EQ(third["evidence"]["verb"]["start"], 16);
}

TEST_F(Cli, TsvAndGdeltFormats) {
  const std::string dict = Write("t.actors.txt", kActors) + "," + Write("t.verbs.txt", kVerbs);
  const std::string in = Write("s.jsonl", R"({"id":"a1","date":"2005-07-15","text":"Iraq condemned Israel."})" "\n");
  RunResult r = Dyad("code " + in + " --dict " + dict + " --format tsv");
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(Lines(r.out).size(), 1u);
  EXPECT_EQ(Lines(r.out)[0].substr(0, 21), "20050715\tIRQ\tISR\t112\t");
  r = Dyad("code " + in + " --dict " + dict + " --format gdelt");
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(Lines(r.out).size(), 1u);
  const std::string row = Lines(r.out)[0];
  EXPECT_EQ(std::count(row.begin(), row.end(), '\t'), 57);
}

TEST_F(Cli, BadStoriesAreReportedAndSkippedOrStopWithStrict) {
  const std::string dict = Write("t.actors.txt", kActors) + "," + Write("t.verbs.txt", kVerbs);
  const std::string in = Write("s.jsonl",
                               "{\"id\":\"ok1\",\"date\":\"2005-07-15\",\"text\":\"Iraq condemned Israel.\"}\n"
                               "{\"id\":\"bad\",\"date\":\"2005-02-30\",\"text\":\"Iran condemned Syria.\"}\n"
                               "{broken json\n"
                               "{\"id\":\"ok2\",\"date\":\"2005-07-16\",\"text\":\"Iran condemned Syria.\"}\n");
  RunResult r = Dyad("code " + in + " --dict " + dict + " -f tsv");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 2u) << r.out;
  EXPECT_NE(r.err.find("s.jsonl:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("s.jsonl:3"), std::string::npos) << r.err;
  r = Dyad("code " + in + " --dict " + dict + " -f tsv --strict");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("s.jsonl:2"), std::string::npos) << r.err;
}

TEST_F(Cli, PlainTextNeedsADateAndStdinWorks) {
  const std::string dict = Write("t.actors.txt", kActors) + "," + Write("t.verbs.txt", kVerbs);
  const std::string txt = Write("story.txt", "Iraq condemned Israel.\n");
  RunResult r = Dyad("code " + txt + " --dict " + dict + " -f tsv");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("date"), std::string::npos) << r.err;
  r = Dyad("code - --input-format text --date 2005-07-15 --dict " + dict + " -f tsv", txt);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 1u);
}

TEST_F(Cli, ThreadsGiveTheSameOutputInTheSameOrder) {
  const std::string dict = Write("t.actors.txt", kActors) + "," + Write("t.verbs.txt", kVerbs);
  std::string jsonl;
  const char* texts[] = {"Iraq condemned Israel.", "Iran condemned Syria.", "Syria condemned Iraq.",
                         "Israel condemned Iran."};
  for (int i = 0; i < 900; ++i)
    jsonl += "{\"id\":\"s" + std::to_string(i) + "\",\"date\":\"2005-07-15\",\"text\":\"" + texts[i % 4] + "\"}\n";
  const std::string in = Write("many.jsonl", jsonl);
  const RunResult one = Dyad("code " + in + " --dict " + dict + " -f jsonl");
  const RunResult two = Dyad("code " + in + " --dict " + dict + " -f jsonl --threads 2");
  ASSERT_EQ(one.status, 0) << one.err;
  ASSERT_EQ(two.status, 0) << two.err;
  EXPECT_EQ(Lines(one.out).size(), 900u);
  EXPECT_EQ(one.out, two.out);
}

TEST_F(Cli, UnknownDictionaryFileIsAClearError) {
  const RunResult r = Dyad("code - --dict /nonexistent/x.verbs.txt");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("/nonexistent/x.verbs.txt"), std::string::npos) << r.err;
}

TEST_F(Cli, BrokenDictionaryNamesFileLineAndColumn) {
  const std::string bad = Write("bad.actors.txt", "IRAQ_ [IRQ]\nIRAN_ [IRN\n");
  const std::string verbs = Write("t.verbs.txt", kVerbs);
  const RunResult r = Dyad("code - --dict " + bad + "," + verbs);
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("bad.actors.txt:2:"), std::string::npos) << r.err;
}

TEST_F(Cli, DefaultDictionariesCodeTheShippedExample) {
  const std::string example = (fs::path(dyad::test::SourceDir()) / "data/examples/iraq-iran-2005.jsonl").string();
  const RunResult r = Dyad("code " + example + " -f jsonl --verbose");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("dictionaries (default"), std::string::npos) << r.err;
  bool iraq_iran = false;
  for (const auto& line : Lines(r.out)) {
    const auto j = nlohmann::json::parse(line);
    if (j["source_country"] == "IRQ" && j["target_country"] == "IRN") iraq_iran = true;
  }
  EXPECT_TRUE(iraq_iran) << r.out;
}

TEST_F(Cli, ValidateTabariTextWithExpectations) {
  const std::string dict = Write("t.actors.txt", kActors) + "," + Write("t.verbs.txt", kVerbs);
  const std::string text = Write("v.text",
                                 "050715 REC-1\nIraq condemned Israel.\n/* { IRQ / ISR / 112 } */\n\n"
                                 "050715 REC-2\nIran condemned Syria.\n/* { IRN / ISR / 112 } */\n\n");
  const RunResult r = Dyad("validate " + text + " --dict " + dict);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("FAIL REC-2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 passed, 1 failed"), std::string::npos) << r.out;
}

// The two validation suites the issue names, with their pass counts as floors.
int Passed(const std::string& out) {
  std::smatch m;
  static const std::regex re("(\\d+) passed, (\\d+) failed");
  return std::regex_search(out, m, re) ? std::stoi(m[1]) : -1;
}

TEST_F(Cli, PetrarchUnitTestsPassAtLeastTheFloor) {
  DYAD_REQUIRE_SHARED(xml, "data/petrarch/PETR.UnitTest.records.dev.xml");
  const RunResult r = Dyad("validate " + xml + " --quiet");
  const int passed = Passed(r.out);
  EXPECT_GE(passed, 131) << r.out << r.err;  // of 143 records: 91.6%
}

TEST_F(Cli, TabariDemoPassesAtLeastTheFloor) {
  DYAD_REQUIRE_SHARED(project, "data/tabari/TABARI.Demo.project");
  const RunResult r = Dyad("validate " + project + " --quiet");
  const int passed = Passed(r.out);
  EXPECT_GE(passed, 42) << r.out << r.err;  // of 46 records: 91.3%
}

TEST_F(Cli, FullPhoenixSetLoads) {
  DYAD_REQUIRE_SHARED(countries, "data/petrarch/Phoenix.Countries.actors.txt");
  const std::string p = dyad::test::SharedDir() + "/data/petrarch/";
  const std::string dict = p + "Phoenix.Countries.actors.txt," + p + "Phoenix.International.actors.txt," + p +
                           "Phoenix.MilNonState.actors.txt," + p + "Phoenix.agents.txt," + p +
                           "Phoenix.discards.txt," + p + "Phoenix.IssueCoding.txt," + p +
                           "CAMEO.verbpatterns.150430.txt";
  const std::string in = Write("s.jsonl",
                               R"({"id":"p1","date":"2005-07-15","text":"Iraqi Prime Minister Ibrahim al-Jaafari met Iranian President Mohammad Khatami in Tehran on Saturday."})"
                               "\n");
  const RunResult r = Dyad("code " + in + " --dict " + dict + " --verbose -f jsonl");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("actor entries"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\"source_country\":\"IRQ\""), std::string::npos) << r.out << r.err;
}

TEST_F(Cli, Petrarch2ConfigAndVerbsCode) {
  DYAD_REQUIRE_SHARED(ini, "data/petrarch/PETR_config.ini");
  const std::string in = Write("s.jsonl", R"({"id":"p2","date":"2005-07-15","text":"Iran accused the United States of spying."})" "\n");
  const RunResult r = Dyad("code " + in + " --dict " + ini + " --verbose -f tsv");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("PETRARCH-2 verbs"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("IRN\tUSA\t112"), std::string::npos) << r.out;
}

}  // namespace
