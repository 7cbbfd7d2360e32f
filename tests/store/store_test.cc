#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "dyad/coder.h"
#include "dyad/store.h"
#include "tests/store/fixture.h"

namespace dyad {
namespace {

using testing::Ev;
using testing::EventLine;
using testing::TempDir;
using testing::WriteLines;

std::unique_ptr<EventStore> OpenOrDie(const std::string& path, StoreOptions o = {}) {
  auto s = OpenSqliteStore(path, o);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

std::vector<std::string> BasicLines() {
  return {
      EventLine({"s1", "2020-01-05", "IRQGOV", "IRNGOV", "042", 1.9, "wire"}),
      EventLine({"s1", "2020-01-05", "IRQGOV", "USAMIL", "112", -2.0, "wire", 1}),
      EventLine({"s2", "2020-01-05", "IRQGOV", "IRNGOV", "042", 1.9, "paper"}),   // same event, other source
      EventLine({"s3", "2020-01-05", "IRQGOV", "IRNGOV", "042", 1.9, "paper"}),   // and a third story
      EventLine({"s4", "2020-02-10", "USA", "IRQ", "190", -10.0, "wire"}),
  };
}

IngestStats Ingest(EventStore& store, const std::string& path, IngestOptions o = {}) {
  auto r = IngestEventsJsonl(store, path, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : IngestStats{};
}

TEST(StoreTest, IngestsEventsAndGroupsDuplicates) {
  TempDir dir;
  WriteLines(dir.File("ev.jsonl"), BasicLines());
  auto store = OpenOrDie(dir.File("t.db"));
  IngestStats st = Ingest(*store, dir.File("ev.jsonl"));
  EXPECT_EQ(st.written.events, 5u);
  EXPECT_EQ(st.written.stories_new, 4u);
  auto sum = store->Summary();
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->stories, 4u);
  EXPECT_EQ(sum->events, 5u);
  EXPECT_EQ(sum->event_groups, 3u);
  EXPECT_EQ(sum->first->ToIso(), "2020-01-05");
  EXPECT_EQ(sum->last->ToIso(), "2020-02-10");
  auto groups = store->Groups(EventFilter{.code = "042"});
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ((*groups)[0].mentions, 3u);
  EXPECT_EQ((*groups)[0].stories, 3u);
  EXPECT_EQ((*groups)[0].sources, 2u);   // wire and paper
  EXPECT_TRUE(store->CheckConsistency().ok()) << store->CheckConsistency().ToString();
}

TEST(StoreTest, ReingestIsIdempotentAndReplacesStories) {
  TempDir dir;
  WriteLines(dir.File("ev.jsonl"), BasicLines());
  auto store = OpenOrDie(dir.File("t.db"));
  Ingest(*store, dir.File("ev.jsonl"));
  IngestStats again = Ingest(*store, dir.File("ev.jsonl"));
  EXPECT_EQ(again.written.stories_replaced, 4u);
  EXPECT_EQ(again.written.stories_new, 0u);
  auto sum = store->Summary();
  EXPECT_EQ(sum->stories, 4u);
  EXPECT_EQ(sum->events, 5u);
  EXPECT_EQ(sum->event_groups, 3u);
  // A corrected story s2 now reports a different event: the old one goes.
  WriteLines(dir.File("fix.jsonl"), {EventLine({"s2", "2020-01-06", "IRNGOV", "IRQGOV", "036", 4.0, "paper"})});
  Ingest(*store, dir.File("fix.jsonl"));
  auto groups = store->Groups(EventFilter{.code = "042"});
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ((*groups)[0].mentions, 2u);
  EXPECT_EQ((*groups)[0].sources, 2u);
  EXPECT_EQ(store->Summary()->events, 5u);
  EXPECT_EQ(store->Summary()->event_groups, 4u);
  EXPECT_TRUE(store->CheckConsistency().ok()) << store->CheckConsistency().ToString();
}

TEST(StoreTest, StorySplitAcrossTheFileIsAppendedNotReplaced) {
  TempDir dir;
  WriteLines(dir.File("ev.jsonl"), {EventLine({"a", "2020-01-01", "IRQ", "IRN", "042", 1.9}),
                                    EventLine({"b", "2020-01-01", "USA", "IRN", "111", -2}),
                                    EventLine({"a", "2020-01-01", "IRN", "IRQ", "043", 2.8, "wire", 2})});
  auto store = OpenOrDie(dir.File("t.db"));
  IngestStats st = Ingest(*store, dir.File("ev.jsonl"));
  EXPECT_EQ(st.written.stories_appended, 1u);
  EXPECT_EQ(store->Summary()->events, 3u);
  Ingest(*store, dir.File("ev.jsonl"));
  EXPECT_EQ(store->Summary()->events, 3u);
  EXPECT_EQ(store->Summary()->stories, 2u);
  EXPECT_TRUE(store->CheckConsistency().ok());
}

TEST(StoreTest, BadRecordsAreReportedWithFileAndLineAndSkipped) {
  TempDir dir;
  std::vector<std::string> lines = BasicLines();
  lines.insert(lines.begin() + 1, "{\"story_id\": \"x\", broken");
  lines.insert(lines.begin() + 2, EventLine({"y", "2020-02-30", "IRQ", "IRN", "042", 1.9}));
  lines.insert(lines.begin() + 3, EventLine({"z", "2020-02-01", "IRQ", "IRN", "999", 1.9}));
  WriteLines(dir.File("ev.jsonl"), lines);
  auto store = OpenOrDie(dir.File("t.db"));
  std::vector<InputProblem> problems;
  IngestOptions o;
  o.on_problem = [&](const InputProblem& p) { problems.push_back(p); };
  IngestStats st = Ingest(*store, dir.File("ev.jsonl"), o);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].line, 2u);
  EXPECT_NE(problems[0].message.find("broken JSON"), std::string::npos);
  EXPECT_EQ(problems[1].line, 3u);
  EXPECT_NE(problems[1].message.find("impossible date '2020-02-30'"), std::string::npos);
  EXPECT_EQ(problems[2].line, 4u);
  EXPECT_NE(problems[2].message.find("unknown CAMEO code '999'"), std::string::npos);
  EXPECT_NE(problems[2].ToString().find("ev.jsonl:4: "), std::string::npos);
  EXPECT_EQ(st.bad_records, 3u);
  EXPECT_EQ(store->Summary()->events, 5u);

  // --strict: stops at the first bad record; what was stored stays.
  auto strict_store = OpenOrDie(dir.File("s.db"));
  IngestOptions strict;
  strict.strict = true;
  auto r = IngestEventsJsonl(*strict_store, dir.File("ev.jsonl"), strict);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("ev.jsonl:2:"), std::string::npos) << r.status().message();
  EXPECT_EQ(strict_store->Summary()->events, 1u);
  EXPECT_TRUE(strict_store->CheckConsistency().ok());
}

TEST(StoreTest, SchemaIsVersionedAndForeignFilesAreRefused) {
  TempDir dir;
  { OpenOrDie(dir.File("t.db")); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.File("t.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), SqliteSchemaVersion());
  sqlite3_finalize(st);
  sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto newer = OpenSqliteStore(dir.File("t.db"));
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("newer"), std::string::npos);

  ASSERT_EQ(sqlite3_open(dir.File("other.db").c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE x(a)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto foreign = OpenSqliteStore(dir.File("other.db"));
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("not a dyad database"), std::string::npos);

  auto missing = OpenSqliteStore(dir.File("nope.db"), StoreOptions{.read_only = true, .create = false});
  EXPECT_FALSE(missing.ok());
}

// A version-1 store (v1 indexes, no dm_month) is migrated on a writable open.
TEST(StoreTest, MigratesOlderSchemas) {
  TempDir dir;
  WriteLines(dir.File("ev.jsonl"), BasicLines());
  {
    auto store = OpenOrDie(dir.File("t.db"));
    Ingest(*store, dir.File("ev.jsonl"));
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.File("t.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "DROP TABLE meta; DROP INDEX dm_month; DROP INDEX ev_dyad3; DROP INDEX ev_tgt3; "
                             "CREATE INDEX ev_dyad ON events(src_party, tgt_party, date); PRAGMA user_version=1",
                         nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto ro = OpenSqliteStore(dir.File("t.db"), StoreOptions{.read_only = true, .create = false});
  ASSERT_FALSE(ro.ok());
  EXPECT_NE(ro.status().message().find("needs migrating"), std::string::npos);
  {
    auto store = OpenOrDie(dir.File("t.db"));
    EXPECT_TRUE(store->CheckConsistency().ok());
    EXPECT_EQ(store->Summary()->events, 5u);
  }
  ASSERT_EQ(sqlite3_open(dir.File("t.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type='index' "
                         "AND name NOT LIKE 'sqlite_%' ORDER BY name)", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "dm_month,dm_tgt,ev_date,ev_dyad3,ev_tgt3");
  sqlite3_finalize(st);
  // A version-3 store (wide covering indexes ev_dyad2/ev_tgt2): the v4
  // migration drops them and the open builds the narrow ones.
  ASSERT_EQ(sqlite3_exec(db, "DROP INDEX ev_dyad3; DROP INDEX ev_tgt3; "
                             "CREATE INDEX ev_dyad2 ON events(src_party, tgt_party, date, src, tgt, code, quad, goldstein); "
                             "CREATE INDEX ev_tgt2 ON events(tgt_party, src_party, date, src, tgt, code, quad, goldstein); "
                             "PRAGMA user_version=3",
                         nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  {
    auto store = OpenOrDie(dir.File("t.db"));
    EXPECT_TRUE(store->CheckConsistency().ok());
    EXPECT_EQ(store->Summary()->schema_version, 4);
    auto cells = store->Aggregate(AggregateQuery{.a = {"IRQGOV"}, .by = Granularity::kDay});
    ASSERT_TRUE(cells.ok());
    EXPECT_FALSE(cells->empty());
  }
  ASSERT_EQ(sqlite3_open(dir.File("t.db").c_str(), &db), SQLITE_OK);
  sqlite3_prepare_v2(db, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type='index' "
                         "AND name NOT LIKE 'sqlite_%' ORDER BY name)", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "dm_month,dm_tgt,ev_date,ev_dyad3,ev_tgt3");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(StoreTest, ScanEventsFilters) {
  TempDir dir;
  WriteLines(dir.File("ev.jsonl"), BasicLines());
  auto store = OpenOrDie(dir.File("t.db"));
  Ingest(*store, dir.File("ev.jsonl"));
  auto count = [&](EventFilter f) {
    int n = 0;
    EXPECT_TRUE(store->ScanEvents(f, [&](const EventRecord&) { return ++n, true; }).ok());
    return n;
  };
  EXPECT_EQ(count({}), 5);
  EXPECT_EQ(count({.actor = {"USA"}}), 2);
  EXPECT_EQ(count({.source = {"USA"}}), 1);
  EXPECT_EQ(count({.target = {"USAMIL"}}), 1);
  EXPECT_EQ(count({.source = {"IRQGOV"}, .target = {"IRN"}}), 3);
  EXPECT_EQ(count({.code = "19"}), 1);
  EXPECT_EQ(count({.root = 4}), 3);
  EXPECT_EQ(count({.quad_class = 3}), 1);
  EXPECT_EQ(count({.from = Date::FromYmd(2020, 2, 1)}), 1);
  EXPECT_EQ(count({.text = "usamil AND"}), 0);
  EXPECT_EQ(count({.text = "irqgov and usamil"}), 1);
  EXPECT_EQ(count({.limit = 2}), 2);
  EventRecord first;
  store->ScanEvents({}, [&](const EventRecord& e) { return first = e, false; });
  EXPECT_EQ(first.story_id, "s1");
  EXPECT_EQ(first.source_country, "IRQ");
  EXPECT_EQ(first.quad_class, 1);
  EXPECT_DOUBLE_EQ(first.goldstein, 1.9);
  EXPECT_EQ(first.verb_text, "did");
  EXPECT_EQ(first.verb_start, 8);
  EXPECT_EQ(first.story_source, "wire");
  auto bad = store->ScanEvents({.actor = {"ZZZ"}}, [](const EventRecord&) { return true; });
  EXPECT_FALSE(bad.ok());
}

TEST(StoreTest, AggregateSummaryAndEventPathsAgree) {
  TempDir dir;
  testing::WriteSyntheticJsonl(dir.File("syn.jsonl"), 20000, 7);
  auto store = OpenOrDie(dir.File("t.db"));
  IngestOptions o;
  o.batch_events = 3000;
  store->BeginBulk();
  Ingest(*store, dir.File("syn.jsonl"), o);
  store->EndBulk();
  ASSERT_TRUE(store->CheckConsistency().ok()) << store->CheckConsistency().ToString();
  for (Counting c : {Counting::kMentions, Counting::kEvents}) {
    AggregateQuery month{.a = {"IRQ"}, .b = {"USA"}, .by = Granularity::kMonth, .counting = c};
    AggregateQuery day = month;
    day.by = Granularity::kDay;  // forces the event-table path
    auto m = store->Aggregate(month);
    auto d = store->Aggregate(day);
    ASSERT_TRUE(m.ok() && d.ok());
    uint64_t nm = 0, nd = 0;
    double gm = 0, gd = 0;
    for (auto& x : *m) nm += x.count, gm += x.goldstein_sum;
    for (auto& x : *d) nd += x.count, gd += x.goldstein_sum;
    EXPECT_GT(nm, 0u);
    EXPECT_EQ(nm, nd);
    EXPECT_NEAR(gm, gd, 1e-6);
  }
}

// The writer fails (read-only store) while the parsing thread is ahead of
// it: the ingest returns the error and does not hang.
TEST(StoreTest, IngestStopsCleanlyWhenTheStoreRefusesWrites) {
  TempDir dir;
  WriteLines(dir.File("ev.jsonl"), BasicLines());
  { OpenOrDie(dir.File("t.db")); }
  auto ro = OpenOrDie(dir.File("t.db"), StoreOptions{.read_only = true, .create = false});
  auto r = IngestEventsJsonl(*ro, dir.File("ev.jsonl"), IngestOptions{.batch_events = 1});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().ToString().find("read-only"), std::string::npos) << r.status().ToString();
}

// A bulk load into an empty store defers the summary tables to EndBulk
// (built from the mentions kept in memory); the result must equal the
// incremental path's, including stories split across the file.
TEST(StoreTest, BulkLoadBuildsTheSameSummariesAsIncrementalWrites) {
  TempDir dir;
  std::vector<std::string> lines = BasicLines();
  lines.push_back(EventLine({"s1", "2020-01-05", "IRQGOV", "IRNGOV", "042", 1.9, "wire", 2}));  // s1 again, later
  lines.push_back(EventLine({"s5", "2020-03-01", "IRNGOV", "IRQ", "057", 8.0, "paper"}));
  lines.push_back(EventLine({"s6", "2020-03-01", "IRNGOV", "IRQ", "057", 8.0, "paper"}));
  WriteLines(dir.File("ev.jsonl"), lines);
  auto bulk = OpenOrDie(dir.File("bulk.db"));
  auto inc = OpenOrDie(dir.File("inc.db"));
  ASSERT_TRUE(bulk->BeginBulk().ok());
  Ingest(*bulk, dir.File("ev.jsonl"), IngestOptions{.batch_events = 2});
  ASSERT_TRUE(bulk->EndBulk().ok());
  // EndBulk wrote the summaries into a side file on a second thread and
  // copied them in: the side file is gone.
  EXPECT_FALSE(std::filesystem::exists(dir.File("bulk.db") + "-bulksum"));
  Ingest(*inc, dir.File("ev.jsonl"), IngestOptions{.batch_events = 2});
  ASSERT_TRUE(bulk->CheckConsistency().ok()) << bulk->CheckConsistency().ToString();
  ASSERT_TRUE(inc->CheckConsistency().ok());
  auto gb = *bulk->Groups({}), gi = *inc->Groups({});
  ASSERT_EQ(gb.size(), gi.size());
  for (size_t i = 0; i < gb.size(); ++i) {
    EXPECT_EQ(gb[i].code, gi[i].code);
    EXPECT_EQ(gb[i].mentions, gi[i].mentions);
    EXPECT_EQ(gb[i].stories, gi[i].stories);
    EXPECT_EQ(gb[i].sources, gi[i].sources);
  }
  // The IRQ-IRN 042 group on 2020-01-05: 4 mentions in 3 stories from 2 publishers.
  EXPECT_EQ(gb[0].mentions, 4u);
  EXPECT_EQ(gb[0].stories, 3u);
  EXPECT_EQ(gb[0].sources, 2u);
  for (Counting c : {Counting::kMentions, Counting::kEvents}) {
    auto mb = *bulk->DyadMonths(0, 1 << 20, c), mi = *inc->DyadMonths(0, 1 << 20, c);
    ASSERT_EQ(mb.size(), mi.size());
    for (size_t i = 0; i < mb.size(); ++i) {
      EXPECT_EQ(mb[i].count, mi[i].count);
      EXPECT_DOUBLE_EQ(mb[i].goldstein_sum, mi[i].goldstein_sum);
    }
  }
  // A later, ordinary ingest into the bulk-loaded store keeps them exact.
  WriteLines(dir.File("more.jsonl"), {EventLine({"s2", "2020-01-06", "IRQGOV", "IRNGOV", "042", 1.9, "paper"})});
  Ingest(*bulk, dir.File("more.jsonl"));
  EXPECT_TRUE(bulk->CheckConsistency().ok()) << bulk->CheckConsistency().ToString();
}

// When EndBulk cannot build the summary tables in its side file (here a
// non-empty directory is in the way), it writes them into the store
// directly: same summaries, nothing left behind.
TEST(StoreTest, BulkLoadWithoutItsSideFileWritesTheSummariesDirectly) {
  TempDir dir;
  WriteLines(dir.File("ev.jsonl"), BasicLines());
  const std::string blocked = dir.File("bulk.db") + "-bulksum";
  std::filesystem::create_directories(blocked + "/in-the-way");
  auto bulk = OpenOrDie(dir.File("bulk.db"));
  auto inc = OpenOrDie(dir.File("inc.db"));
  ASSERT_TRUE(bulk->BeginBulk().ok());
  Ingest(*bulk, dir.File("ev.jsonl"), IngestOptions{.batch_events = 2});
  ASSERT_TRUE(bulk->EndBulk().ok());
  Ingest(*inc, dir.File("ev.jsonl"));
  EXPECT_TRUE(bulk->CheckConsistency().ok()) << bulk->CheckConsistency().ToString();
  auto gb = *bulk->Groups({}), gi = *inc->Groups({});
  ASSERT_EQ(gb.size(), gi.size());
  ASSERT_FALSE(gb.empty());
  for (size_t i = 0; i < gb.size(); ++i) {
    EXPECT_EQ(gb[i].mentions, gi[i].mentions);
    EXPECT_EQ(gb[i].sources, gi[i].sources);
  }
  EXPECT_EQ(bulk->DyadMonths(0, 1 << 20, Counting::kMentions)->size(),
            inc->DyadMonths(0, 1 << 20, Counting::kMentions)->size());
  EXPECT_TRUE(std::filesystem::is_directory(blocked));  // not ours: left alone
}

// kill -9 in the middle of an ingest: the store stays consistent, and
// re-running finishes the job with nothing lost or doubled.
TEST(StoreTest, KillNineMidIngestThenRerun) {
  TempDir dir;
  const std::string jsonl = dir.File("big.jsonl");
  testing::WriteSyntheticJsonl(jsonl, 60000, 11);
  // Reference: a clean ingest.
  StoreSummary want;
  {
    auto ref = OpenOrDie(dir.File("ref.db"));
    Ingest(*ref, jsonl);
    want = *ref->Summary();
  }
  const std::string db = dir.File("t.db");
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto s = OpenSqliteStore(db);
    if (!s.ok()) _exit(2);
    IngestOptions o;
    o.batch_events = 2000;
    // Bulk mode, as `dyad ingest --events` runs: secondary indexes dropped,
    // no story lookups. Killed before EndBulk, the store must still be fine.
    if (!(*s)->BeginBulk().ok()) _exit(3);
    auto r = IngestEventsJsonl(**s, jsonl, o);
    if (r.ok()) (*s)->EndBulk();
    _exit(r.ok() ? 0 : 1);
  }
  // Wait until some batches are committed, then kill.
  uint64_t seen = 0;
  for (int i = 0; i < 2000 && seen == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!std::filesystem::exists(db)) continue;
    // (A dyad read-only open refuses a store with pending summaries: count
    // the committed events with SQLite directly.)
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(raw, "SELECT count(*) FROM events", -1, &st, nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW)
        seen = static_cast<uint64_t>(sqlite3_column_int64(st, 0));
      sqlite3_finalize(st);
    }
    sqlite3_close(raw);
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child finished before it could be killed";
  {
    // Killed between BeginBulk and EndBulk: the summaries are pending, so a
    // reader is told to finish the load first ...
    auto ro = OpenSqliteStore(db, StoreOptions{.read_only = true, .create = false});
    ASSERT_FALSE(ro.ok());
    EXPECT_NE(ro.status().ToString().find("bulk load is in progress or was interrupted"), std::string::npos)
        << ro.status().ToString();
  }
  {
    // ... and the next writable open rebuilds them from the stored events.
    auto s = OpenOrDie(db);
    ASSERT_TRUE(s->CheckConsistency().ok()) << s->CheckConsistency().ToString();
    auto partial = *s->Summary();
    EXPECT_GT(partial.events, 0u);
    EXPECT_LT(partial.events, want.events);
    Ingest(*s, jsonl);
    auto sum = *s->Summary();
    EXPECT_EQ(sum.stories, want.stories);
    EXPECT_EQ(sum.events, want.events);
    EXPECT_EQ(sum.event_groups, want.event_groups);
    EXPECT_EQ(sum.sentences, want.sentences);
    EXPECT_TRUE(s->CheckConsistency().ok()) << s->CheckConsistency().ToString();
  }
}

}  // namespace
}  // namespace dyad

namespace dyad {
namespace {

TEST(StoreTest, CodedStoriesBecomeStoryRecords) {
  Story story;
  story.id = "st1";
  story.date = Date::FromYmd(2021, 5, 1);
  story.source = "wire";
  story.origin_file = "in.jsonl";
  story.origin_line = 7;
  CodedStory coded;
  coded.story_id = "st1";
  CodedSentence s0;
  s0.index = 0;
  s0.text = "Iraq’s premier visited Tehran.";
  coded.sentences.push_back(s0);
  Event e;
  e.story_id = "st1";
  e.date = story.date;
  e.source = "IRQGOV";
  e.target = "IRN";
  e.code = "042";
  e.sentence_text = s0.text;
  e.verb_span = {17, 24};  // "visited": after the 3-byte apostrophe, character 15
  coded.events.push_back(e);
  Event bad = e;
  bad.code = "999";
  coded.events.push_back(bad);
  std::vector<std::string> problems;
  StoryRecord r = StoryRecordFromCoded(story, coded, &problems);
  ASSERT_EQ(r.events.size(), 1u);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("in.jsonl:7: story st1: unknown CAMEO code '999'"), std::string::npos) << problems[0];
  const EventRecord& x = r.events[0];
  EXPECT_EQ(x.source_country, "IRQ");
  EXPECT_EQ(x.quad_class, 1);
  EXPECT_EQ(x.root, 4);
  EXPECT_DOUBLE_EQ(x.goldstein, 1.9);
  EXPECT_EQ(x.verb_text, "visited");
  EXPECT_EQ(x.verb_start, 15);
  EXPECT_EQ(x.verb_end, 22);
  ASSERT_EQ(r.sentences.size(), 1u);

  TempDir dir;
  auto store = OpenOrDie(dir.File("t.db"));
  ASSERT_TRUE(store->Write({r}, nullptr).ok());
  ASSERT_TRUE(store->Write({r}, nullptr).ok());  // replaced, not doubled
  EXPECT_EQ(store->Summary()->events, 1u);
  EXPECT_EQ(store->Summary()->sentences, 1u);
  EXPECT_TRUE(store->CheckConsistency().ok());
}

}  // namespace
}  // namespace dyad
