#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "dyad/analysis.h"
#include "dyad/plot.h"
#include "tests/store/fixture.h"

namespace dyad {
namespace {

using testing::Ev;
using testing::EventLine;
using testing::TempDir;
using testing::WriteLines;

// The small fixture every analysis test uses (numbers worked out by hand in
// the expectations below).
std::vector<std::string> FixtureLines() {
  std::vector<std::string> l = {
      EventLine({"a1", "2020-01-10", "IRQGOV", "IRNGOV", "042", 1.9}),
      EventLine({"a2", "2020-01-11", "IRQ", "IRN", "042", 1.9}),
      EventLine({"a3", "2020-03-02", "IRQMIL", "IRN", "190", -10.0}),
      EventLine({"b1", "2020-01-15", "IRNGOV", "IRQGOV", "036", 4.0}),
      EventLine({"c1", "2020-01-20", "IRQGOV", "USA", "112", -2.0}),
      EventLine({"c2", "2020-02-05", "IRQ", "USAMIL", "190", -10.0, "wire"}),
      EventLine({"c3", "2020-02-05", "IRQ", "USAMIL", "190", -10.0, "paper"}),  // same event, 2nd story
      EventLine({"d1", "2020-03-09", "USA", "IRQ", "057", 8.0}),
  };
  // Shifts: FRA-DEU cooperate monthly for two years then fight; GBR-ESP steady.
  for (int m = 0; m < 27; ++m) {
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-15", 2018 + m / 12, m % 12 + 1);
    l.push_back(EventLine({"g" + std::to_string(m), date, "GBR", "ESP", "042", 1.9}));
    if (m < 24) {
      l.push_back(EventLine({"f" + std::to_string(m), date, "FRA", "DEU", "042", 1.9}));
    } else {
      for (int k = 0; k < 5; ++k)
        l.push_back(EventLine({"f" + std::to_string(m) + "-" + std::to_string(k), date, "DEU", "FRA", "190", -10.0}));
    }
  }
  return l;
}

class AnalysisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteLines(dir_.File("ev.jsonl"), FixtureLines());
    auto s = OpenSqliteStore(dir_.File("t.db"));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    auto r = IngestEventsJsonl(*store_, dir_.File("ev.jsonl"), {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->bad_records, 0u);
  }
  TempDir dir_;
  std::unique_ptr<EventStore> store_;
};

TEST_F(AnalysisTest, TrendOneDirectionFillsEmptyPeriods) {
  auto rows = Trend(*store_, {.a = {"IRQ"}, .b = {"IRN"}});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].label, "2020-01");
  EXPECT_EQ((*rows)[0].quad[1], 2u);
  EXPECT_EQ((*rows)[0].total, 2u);
  EXPECT_NEAR((*rows)[0].goldstein_sum, 3.8, 1e-9);
  EXPECT_NEAR((*rows)[0].goldstein_mean(), 1.9, 1e-9);
  EXPECT_EQ((*rows)[1].label, "2020-02");
  EXPECT_EQ((*rows)[1].total, 0u);
  EXPECT_EQ((*rows)[2].quad[4], 1u);
  EXPECT_NEAR((*rows)[2].goldstein_sum, -10, 1e-9);
}

TEST_F(AnalysisTest, TrendBothDirectionsAndActorPrefixes) {
  auto both = Trend(*store_, {.a = {"IRQ"}, .b = {"IRN"}, .both = true});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ((*both)[0].quad[1], 3u);
  EXPECT_NEAR((*both)[0].goldstein_sum, 7.8, 1e-9);
  // Actor prefix: only IRQGOV's events (event-table path).
  auto gov = Trend(*store_, {.a = {"IRQGOV"}, .b = {"IRN"}, .by = Granularity::kDay, .both = true});
  ASSERT_TRUE(gov.ok());
  uint64_t total = 0;
  for (auto& r : *gov) total += r.total;
  EXPECT_EQ(total, 2u);   // a1 and b1
  EXPECT_EQ(gov->front().label, "2020-01-10");
  EXPECT_EQ(gov->back().label, "2020-01-15");
  EXPECT_EQ(gov->size(), 6u);
  auto week = Trend(*store_, {.a = {"IRQ"}, .b = {"IRN"}, .by = Granularity::kWeek});
  ASSERT_TRUE(week.ok());
  EXPECT_EQ(week->front().label, "2020-01-06");  // the Monday of 2020-01-10
  auto missing = Trend(*store_, {.a = {"XYZ"}, .b = {"IRN"}});
  EXPECT_FALSE(missing.ok());
}

TEST_F(AnalysisTest, DedupCountsEventsNotMentions) {
  auto m = Trend(*store_, {.a = {"IRQ"}, .b = {"USA"}, .by = Granularity::kYear});
  auto e = Trend(*store_, {.a = {"IRQ"}, .b = {"USA"}, .by = Granularity::kYear, .counting = Counting::kEvents});
  ASSERT_TRUE(m.ok() && e.ok());
  EXPECT_EQ((*m)[0].total, 3u);
  EXPECT_EQ((*e)[0].total, 2u);
  EXPECT_NEAR((*e)[0].goldstein_sum, -12, 1e-9);
}

TEST_F(AnalysisTest, PartnersRankedByCooperationAndConflict) {
  auto r = Partners(*store_, {.a = {"IRQ"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->by_cooperation.size(), 2u);
  EXPECT_EQ(r->by_cooperation[0].partner, "IRN");
  EXPECT_EQ(r->by_cooperation[0].cooperation(), 3u);
  EXPECT_NEAR(r->by_cooperation[0].net_goldstein, -2.2, 1e-9);
  EXPECT_EQ(r->by_conflict[0].partner, "USA");
  EXPECT_EQ(r->by_conflict[0].conflict(), 3u);
  EXPECT_NEAR(r->by_conflict[0].net_goldstein, -14, 1e-9);
  auto since = Partners(*store_, {.a = {"IRQ"}, .since = Date::FromYmd(2020, 3, 1)});
  ASSERT_TRUE(since.ok());
  EXPECT_EQ(since->by_cooperation.size(), 1u);  // d1 only
  auto mid = Partners(*store_, {.a = {"IRQ"}, .since = Date::FromYmd(2020, 1, 12)});  // event-table path
  ASSERT_TRUE(mid.ok());
  EXPECT_EQ(mid->by_cooperation[0].partner, "IRN");
  EXPECT_EQ(mid->by_cooperation[0].cooperation(), 1u);  // b1
}

TEST_F(AnalysisTest, AlignmentIndexFollowsTheDocumentedFormula) {
  auto r = Alignment(*store_, {.a = {"IRQ"}, .b = {"IRN"}, .c = {"USA"}, .prior = 0});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 3u);
  const AlignmentRow& jan = r->rows[0];
  EXPECT_EQ(jan.n_b, 3u);
  EXPECT_EQ(jan.n_c, 1u);
  EXPECT_NEAR(jan.affinity_b, 7.8 / 30, 1e-9);
  EXPECT_NEAR(jan.affinity_c, -0.2, 1e-9);
  EXPECT_NEAR(jan.index, (7.8 / 30 + 0.2) / 2, 1e-9);
  // February: no IRN events; USA -20 over 2 mentions.
  EXPECT_NEAR(r->rows[1].index, (0 - (-20.0 / 20)) / 2, 1e-9);
  // The prior shrinks sparse periods toward 0.
  auto k = Alignment(*store_, {.a = {"IRQ"}, .b = {"IRN"}, .c = {"USA"}, .prior = 5});
  EXPECT_LT(std::fabs(k->rows[0].index), std::fabs(jan.index));
  for (const auto& row : k->rows) EXPECT_LE(std::fabs(row.index), 1.0);
}

TEST_F(AnalysisTest, ShiftsFindTheDyadThatTurned) {
  auto r = Shifts(*store_, {.min_events = 10, .last_month = 2020 * 12 + 2});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_GE(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].a, "DEU");
  EXPECT_EQ(r->rows[0].b, "FRA");
  EXPECT_LT(r->rows[0].z, -3);
  EXPECT_NEAR(r->rows[0].baseline_mean, 1.9, 1e-9);
  EXPECT_NEAR(r->rows[0].recent_mean, -50, 1e-9);
  for (const auto& row : r->rows) EXPECT_FALSE(row.a == "ESP" && row.b == "GBR");  // steady dyad not flagged
  EXPECT_EQ(r->rows[0].monthly.size(), 27u);
}

TEST(PeriodTest, LabelsAndBounds) {
  EXPECT_EQ(PeriodLabel(Date::FromYmd(2020, 3, 1), Granularity::kMonth), "2020-03");
  EXPECT_EQ(NextPeriod(Date::FromYmd(2020, 12, 1), Granularity::kMonth).ToIso(), "2021-01-01");
  EXPECT_EQ(ParseDateBound("2020-02", true)->ToIso(), "2020-02-29");
  EXPECT_EQ(ParseDateBound("2020", false)->ToIso(), "2020-01-01");
  EXPECT_FALSE(ParseDateBound("2020-13", false).has_value());
  EXPECT_FALSE(ParseGranularity("fortnight").has_value());
}

TEST(TableTest, AlignsNumbersAndEscapesCsv) {
  Table t{{"name", "n"}, {{"IRQ", "5"}, {"a,b", "12"}}};
  EXPECT_EQ(t.ToText(), "name   n\n----  --\nIRQ    5\na,b   12\n");
  EXPECT_EQ(t.ToCsv(), "name,n\nIRQ,5\n\"a,b\",12\n");
  EXPECT_NE(t.ToJson().find("\"n\": 12"), std::string::npos);
}

TEST(PlotTest, SvgHasAxesLabelsLegendAndTicks) {
  PlotSpec p;
  p.title = "IRQ -> IRN";
  p.x_label = "month";
  p.y_label = "events";
  p.x_labels = {"2020-01", "2020-02", "2020-03"};
  p.series = {PlotSeries{"verbal coop", {2, 0, 0}, false}, PlotSeries{"mean Goldstein", {1.9, NAN, -10}, true}};
  p.y_right_label = "Goldstein";
  std::string svg = RenderSvg(p);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  for (const char* s : {"IRQ -&gt; IRN", "month", "events", "2020-02", "verbal coop", "mean Goldstein (right axis)",
                        "Goldstein</text>", "</svg>"})
    EXPECT_NE(svg.find(s), std::string::npos) << s;
  TempDir dir;
  EXPECT_TRUE(WritePlot(p, dir.File("x.svg")).ok());
  EXPECT_FALSE(WritePlot(p, dir.File("x.gif")).ok());
}

uint32_t BigEndian32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(s[at + i]);
  return v;
}

TEST(PlotTest, PngIsTheSameChartAsAnImage) {
  if (!PngSupported()) GTEST_SKIP() << "dyad was built without cairo (libcairo2-dev): no PNG charts";
  PlotSpec p;
  p.title = "IRQ -> IRN";
  p.x_label = "month";
  p.y_label = "events";
  for (int m = 1; m <= 24; ++m) p.x_labels.push_back("2020-" + std::to_string(m));
  PlotSeries a{"verbal coop", {}, false}, g{"mean Goldstein", {}, true};
  for (int m = 1; m <= 24; ++m) a.values.push_back(m % 5), g.values.push_back(m == 7 ? NAN : m - 12);
  p.series = {a, g};
  TempDir dir;
  ASSERT_TRUE(WritePlot(p, dir.File("x.PNG")).ok());
  std::ifstream in(dir.File("x.PNG"), std::ios::binary);
  std::string png((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(png.size(), 24u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_EQ(BigEndian32(png, 16), 960u);  // width
  EXPECT_EQ(BigEndian32(png, 20), 520u);  // height
  // Text, lines and a white background compress to tens of kilobytes; an
  // empty (all white) image would be far smaller.
  EXPECT_GT(png.size(), 8000u);
  EXPECT_LT(png.size(), 400000u);
  EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");
  EXPECT_EQ(*RenderPng(p), png);
}

// ------------------------------------------------------------ end to end --

struct RunResult {
  int code;
  std::string out;
};

RunResult RunDyad(const std::string& args) {
  const char* bin = std::getenv("DYAD_BINARY_DIR");
  std::string cmd = std::string(bin ? bin : ".") + "/dyad " + args + " 2>&1";
  RunResult r{0, ""};
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {-1, ""};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("DYAD_BINARY_DIR");
    if (!bin || !std::ifstream(std::string(bin) + "/dyad")) GTEST_SKIP() << "the dyad binary is not built";
    WriteLines(dir_.File("ev.jsonl"), FixtureLines());
    db_ = " --db " + dir_.File("t.db");
    RunResult r = RunDyad("ingest --events " + dir_.File("ev.jsonl") + db_ + " --check");
    ASSERT_EQ(r.code, 0) << r.out;
    ASSERT_NE(r.out.find("consistency check passed"), std::string::npos) << r.out;
  }
  TempDir dir_;
  std::string db_;
};

TEST_F(CliTest, IngestReportsBadLinesAndStrictStops) {
  std::vector<std::string> lines = FixtureLines();
  lines.insert(lines.begin() + 2, "{oops");
  WriteLines(dir_.File("bad.jsonl"), lines);
  RunResult r = RunDyad("ingest --events " + dir_.File("bad.jsonl") + " --db " + dir_.File("b.db"));
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("bad.jsonl:3: broken JSON"), std::string::npos) << r.out;
  r = RunDyad("ingest --strict --events " + dir_.File("bad.jsonl") + " --db " + dir_.File("c.db"));
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.out.find("dyad ingest: "), std::string::npos) << r.out;
  // Re-ingesting the good file changes nothing.
  RunDyad("ingest --events " + dir_.File("ev.jsonl") + db_);
  r = RunDyad("events --csv" + db_);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), static_cast<long>(FixtureLines().size()) + 1) << r.out;
}

// `dyad ingest STORIES`: coded with the shared PETRARCH dictionaries; the
// story and all its sentences are stored, and a re-run replaces them.
TEST_F(CliTest, IngestCodesStoriesAndReplacesThem) {
  const char* shared = std::getenv("DYAD_SHARED_DIR");
  const std::string story = std::string(shared ? shared : "") + "/examples/iraq-iran-military-cooperation.jsonl";
  const std::string ini = std::string(shared ? shared : "") + "/data/petrarch/PETR_config.ini";
  if (!shared || !std::ifstream(story) || !std::ifstream(ini)) GTEST_SKIP() << "../shared is absent";
  const std::string args = "ingest " + story + " --dict " + ini + " --db " + dir_.File("st.db");
  RunResult r = RunDyad(args);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("from 1 new and 0 replaced stories"), std::string::npos) << r.out;
  r = RunDyad(args + " --check");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("from 0 new and 1 replaced stories"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("consistency check passed"), std::string::npos) << r.out;
}

// `dyad ingest STORIES` with dyad's default dictionaries (generated by the
// build, used when --dict is not given) stores the coded events of the
// example story the project ships.
TEST_F(CliTest, IngestCodesTheShippedExampleWithDefaultDictionaries) {
  const char* src = std::getenv("DYAD_SOURCE_DIR");
  const std::string story = std::string(src ? src : "..") + "/data/examples/iraq-iran-2005.jsonl";
  ASSERT_TRUE(std::ifstream(story).good()) << story;
  const std::string db = " --db " + dir_.File("ex.db");
  RunResult r = RunDyad("ingest " + story + db + " --check");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("from 1 new and 0 replaced stories"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("consistency check passed"), std::string::npos) << r.out;
  r = RunDyad("events --csv --source IRQ --target IRN" + db);
  ASSERT_EQ(r.code, 0) << r.out;
  // Header plus at least one Iraq -> Iran event, all on the story's date.
  EXPECT_GE(std::count(r.out.begin(), r.out.end(), '\n'), 2) << r.out;
  EXPECT_NE(r.out.find("2005-07-07,IRQ"), std::string::npos) << r.out;
  r = RunDyad("events --csv" + db);
  EXPECT_GE(std::count(r.out.begin(), r.out.end(), '\n'), 4) << r.out;  // 3+ events in both directions
  r = RunDyad("partners IRQ --csv" + db);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("IRN"), std::string::npos) << r.out;
}

TEST_F(CliTest, EventsFiltersAndRoundTrip) {
  RunResult r = RunDyad("events --source IRQ --target USA --csv" + db_);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4) << r.out;  // header + c1 c2 c3
  r = RunDyad("events --actor IRQ --quad 4 --from 2020-03" + db_);
  EXPECT_NE(r.out.find("IRQMIL"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("USAMIL"), std::string::npos) << r.out;
  r = RunDyad("events --dedup --code 190 --actor USA" + db_);
  EXPECT_NE(r.out.find("mentions"), std::string::npos);
  // JSONL out -> ingest into a new store -> same events.
  r = RunDyad("events --format jsonl" + db_);
  ASSERT_EQ(r.code, 0);
  { std::ofstream(dir_.File("out.jsonl")) << r.out; }
  r = RunDyad("ingest --events " + dir_.File("out.jsonl") + " --db " + dir_.File("rt.db"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(RunDyad("events --csv --db " + dir_.File("rt.db")).out, RunDyad("events --csv" + db_).out);
  r = RunDyad("events --actor NOPE" + db_);
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.out.find("dyad events: no country or actor 'NOPE'"), std::string::npos) << r.out;
}

TEST_F(CliTest, SeriesCommandsPrintTablesJsonCsvAndCharts) {
  RunResult r = RunDyad("trend IRQ IRN --both --plot " + dir_.File("t.svg") + db_);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("2020-01            3"), std::string::npos) << r.out;
  std::ifstream svg(dir_.File("t.svg"));
  std::stringstream ss;
  ss << svg.rdbuf();
  EXPECT_NE(ss.str().find("material conflict"), std::string::npos);
  r = RunDyad("trend IRQ USA --dedup --by year --json" + db_);
  EXPECT_NE(r.out.find("\"total\": 2"), std::string::npos) << r.out;
  r = RunDyad("partners IRQ --csv" + db_);
  EXPECT_NE(r.out.find("cooperation,1,IRN,3,1,4,-2.2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("conflict,1,USA,1,3,4,-14"), std::string::npos) << r.out;
  r = RunDyad("alignment IRQ --with IRN --vs USA --prior 0 --plot " + dir_.File("a.svg") + db_);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("  0.230\n"), std::string::npos) << r.out;  // Jan: (0.26 + 0.2) / 2
  EXPECT_NE(r.out.find("  0.500\n"), std::string::npos) << r.out;  // Feb: (0 + 1) / 2
  EXPECT_NE(r.out.find("IRQ is closer to USA than to IRN"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mean index"), std::string::npos);
  r = RunDyad("shifts --min-events 10 --as-of 2020-03 --json" + db_);
  EXPECT_NE(r.out.find("\"dyad\": \"DEU-FRA\""), std::string::npos) << r.out;
  r = RunDyad("trend IRQ IRN --by fortnight" + db_);
  EXPECT_NE(r.code, 0);
  r = RunDyad("trend IRQ IRN --db " + dir_.File("none.db"));
  EXPECT_NE(r.out.find("no such database"), std::string::npos);
}

}  // namespace
}  // namespace dyad
