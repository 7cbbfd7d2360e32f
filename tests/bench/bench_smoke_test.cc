// `dyad bench` runs end to end on a tiny corpus, reports what it coded, gives
// the same output on 1 and 2 threads, scales the dictionaries with
// --dict-fraction, and --make-corpus turns news files into JSONL stories.
// Nothing here measures speed (see docs/PERFORMANCE.md).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "test_env.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  int status = -1;
  std::string out;
};

RunResult Dyad(const std::string& args) {
  const std::string cmd = dyad::test::BinaryDir() + "/dyad " + args + " 2>&1";
  RunResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  r.status = pclose(p);
  return r;
}

class BenchCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(dyad::test::BinaryDir() + "/dyad")) GTEST_SKIP() << "the dyad binary is not built";
    dir_ = fs::temp_directory_path() / ("dyad_bench_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream d(dir_ / "t.actors.txt");
    d << "IRAQ [IRQ]\nIRAN [IRN]\nSYRIA [SYR]\nTURKEY [TUR]\n";
    std::ofstream v(dir_ / "t.verbs.txt");
    v << "ATTACK [190]\nMEET [040]\n- $ * WITH + [043]\nACCUSE [112]\n";
    std::ofstream c(dir_ / "tiny.jsonl");
    c << R"({"id":"a","date":"2005-07-15","text":"Iraq attacked Iran on Monday. Syria met with Turkey."})" "\n"
      << R"({"id":"b","date":"2005-07-16","title":"Iran accuses Iraq","text":"Turkey attacked Syria."})" "\n"
      << R"({"id":"c","date":"2005-07-17","text":"Nothing happened here."})" "\n";
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  std::string Dict() const { return (dir_ / "t.actors.txt").string() + "," + (dir_ / "t.verbs.txt").string(); }
  nlohmann::json Bench(const std::string& extra) {
    RunResult r = Dyad("bench " + (dir_ / "tiny.jsonl").string() + " --dict " + Dict() + " --json " + extra);
    EXPECT_EQ(r.status, 0) << r.out;
    const size_t brace = r.out.find('{');
    if (brace == std::string::npos) {
      ADD_FAILURE() << "no JSON in: " << r.out;
      return {};
    }
    return nlohmann::json::parse(r.out.substr(brace), nullptr, false);
  }
  fs::path dir_;
};

TEST_F(BenchCommand, ReportsWhatItCoded) {
  auto j = Bench("--repeat 2");
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["stories"], 6);
  EXPECT_EQ(j["sentences"], 10);  // 2 + (title + 1) + 1 per pass
  EXPECT_GE(j["events"].get<int>(), 4);
  EXPECT_EQ(j["actor_entries"], 4);
  EXPECT_GT(j["rss_peak_mb"].get<double>(), 0.0);
  EXPECT_GT(j["sentences_per_s"].get<double>(), 0.0);
  EXPECT_GT(j["output_bytes"].get<int>(), 0);
#ifdef DYAD_EXPECT_JEMALLOC
  EXPECT_EQ(j["allocator"].get<std::string>().rfind("jemalloc 5.", 0), 0u) << j["allocator"];
#else
  EXPECT_EQ(j["allocator"], "system malloc");
#endif
}

TEST_F(BenchCommand, ReportsEachPassBestMedianSlowest) {
  auto j = Bench("--repeat 3");
  ASSERT_TRUE(j.is_object());
  const double best = j["pass_sentences_per_s_best"], median = j["pass_sentences_per_s_median"],
               slowest = j["pass_sentences_per_s_slowest"];
  EXPECT_GT(slowest, 0.0);
  EXPECT_LE(slowest, median);
  EXPECT_LE(median, best);
  // The whole run's rate lies between its slowest and best passes (the
  // run also flushes the output, so it may fall a little below).
  EXPECT_LE(j["sentences_per_s"].get<double>(), best * 1.0001);
}

TEST_F(BenchCommand, ThreadsGiveTheSameOutput) {
  auto one = Bench("--repeat 3");
  auto two = Bench("--repeat 3 --threads 2");
  ASSERT_TRUE(one.is_object() && two.is_object());
  EXPECT_EQ(one["output_hash"], two["output_hash"]);
  EXPECT_EQ(one["events"], two["events"]);
}

TEST_F(BenchCommand, DictFractionKeepsSomeEntries) {
  auto half = Bench("--dict-fraction 0.5");
  ASSERT_TRUE(half.is_object());
  EXPECT_EQ(half["actor_entries"], 2);
}

// Padding the dictionary with copies whose words never occur makes it
// larger without changing what it finds: the same events, the same bytes.
TEST_F(BenchCommand, DictPadGrowsTheDictionaryNotTheOutput) {
  auto plain = Bench("");
  auto padded = Bench("--dict-pad 3");
  ASSERT_TRUE(plain.is_object() && padded.is_object());
  EXPECT_EQ(padded["actor_entries"], 16);
  EXPECT_EQ(padded["verbs"], 4 * plain["verbs"].get<int>());
  EXPECT_EQ(padded["dict_pad"], 3);
  EXPECT_EQ(plain["events"], 3);  // 190, 043, 190 (one pass)
  EXPECT_EQ(padded["events"], plain["events"]);
  EXPECT_EQ(padded["output_hash"], plain["output_hash"]);
}

TEST_F(BenchCommand, MakeCorpusReadsTheNewsFormats) {
  const fs::path news = dir_ / "news";
  fs::create_directories(news);
  for (const char* f : {"bbc_news_train.tsv", "bbc_news_dev.tsv", "bbc_news_test.tsv"})
    std::ofstream(news / f) << "some story text.  more text\t0\n";
  std::ofstream(news / "ag_news_test.csv") << "label,title,description\n"
                                           << "1,Title one,\"A \"\"quoted\"\" text, with comma\"\n";
  std::ofstream(news / "abcnews-date-text_first20k.csv") << "publish_date,headline_text\n20030219,a headline\n";
  const fs::path out = dir_ / "corpus.jsonl";
  RunResult r = Dyad("bench --make-corpus " + out.string() + " --news " + news.string());
  ASSERT_EQ(r.status, 0) << r.out;
  std::ifstream in(out);
  std::string line;
  std::vector<nlohmann::json> rows;
  while (std::getline(in, line)) rows.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[3]["title"], "Title one");
  EXPECT_EQ(rows[3]["text"], "A \"quoted\" text, with comma");
  EXPECT_EQ(rows[4]["date"], "2003-02-19");
  EXPECT_EQ(rows[4]["text"], "a headline");
}

TEST_F(BenchCommand, MissingCorpusIsAnError) {
  RunResult r = Dyad("bench " + (dir_ / "nope.jsonl").string() + " --dict " + Dict());
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("nope.jsonl"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace dyad
