#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "dyad/coder.h"
#include "dyad/store.h"
#include "store/sentence_pack.h"
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
  // A story whose events lie months apart (found by a range scan, not one
  // seek per day) is replaced whole.
  WriteLines(dir.File("long.jsonl"), {EventLine({"s9", "2020-01-05", "IRQGOV", "IRNGOV", "042", 1.9, "wire"}),
                                      EventLine({"s9", "2021-06-01", "IRQGOV", "USA", "190", -10.0, "wire", 1})});
  Ingest(*store, dir.File("long.jsonl"));
  EXPECT_EQ(store->Summary()->events, 7u);
  WriteLines(dir.File("long2.jsonl"), {EventLine({"s9", "2020-03-05", "IRQGOV", "IRNGOV", "036", 4.0, "wire"})});
  EXPECT_EQ(Ingest(*store, dir.File("long2.jsonl")).written.stories_replaced, 1u);
  EXPECT_EQ(store->Summary()->events, 6u);
  EXPECT_EQ(store->Summary()->last->ToIso(), "2020-03-05");
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
  // Both parts' sentences are kept with story "a" (packed in its row).
  EXPECT_EQ(store->Summary()->sentences, 3u);
  std::vector<std::string> texts;
  ASSERT_TRUE(store->ScanEvents({.source = {"IRN"}}, [&](const EventRecord& e) { return texts.push_back(e.text), true; }).ok());
  EXPECT_EQ(texts, (std::vector<std::string>{"IRN and IRQ did 043."}));
  texts.clear();
  ASSERT_TRUE(store->ScanEvents({.source = {"IRQ"}}, [&](const EventRecord& e) { return texts.push_back(e.text), true; }).ok());
  EXPECT_EQ(texts, (std::vector<std::string>{"IRQ and IRN did 042."}));
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

// A store in an older schema, made with SQL as those versions wrote it:
// the version-1 tables (events keyed by story, group tables keyed by date)
// with three events of two stories, consistent summaries, and for
// version 4 also v2's dm_month, v3's meta and v4's covering indexes.
void MakeLegacyStore(const std::string& path, int version) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::string sql = R"sql(
CREATE TABLE parties(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
CREATE TABLE actors(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, party INTEGER NOT NULL REFERENCES parties(id));
CREATE TABLE codes(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, root INTEGER NOT NULL,
                   quad INTEGER NOT NULL, goldstein REAL NOT NULL, plover TEXT);
CREATE TABLE publishers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE stories(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, date INTEGER NOT NULL,
                     url TEXT, publisher INTEGER NOT NULL, origin TEXT);
CREATE TABLE sentences(story INTEGER NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL,
                       PRIMARY KEY(story, idx)) WITHOUT ROWID;
CREATE TABLE events(story INTEGER NOT NULL, seq INTEGER NOT NULL, sentence INTEGER NOT NULL,
                    date INTEGER NOT NULL, src INTEGER NOT NULL, tgt INTEGER NOT NULL,
                    src_party INTEGER NOT NULL, tgt_party INTEGER NOT NULL,
                    code INTEGER NOT NULL, quad INTEGER NOT NULL, goldstein REAL NOT NULL,
                    src_text TEXT, tgt_text TEXT, verb_text TEXT, verb_start INTEGER, verb_end INTEGER,
                    PRIMARY KEY(story, seq)) WITHOUT ROWID;
CREATE TABLE event_groups(date INTEGER NOT NULL, src INTEGER NOT NULL, tgt INTEGER NOT NULL,
                          code INTEGER NOT NULL, mentions INTEGER NOT NULL, stories INTEGER NOT NULL,
                          sources INTEGER NOT NULL, PRIMARY KEY(date, src, tgt, code)) WITHOUT ROWID;
CREATE TABLE group_publishers(date INTEGER NOT NULL, src INTEGER NOT NULL, tgt INTEGER NOT NULL,
                              code INTEGER NOT NULL, publisher INTEGER NOT NULL, stories INTEGER NOT NULL,
                              PRIMARY KEY(date, src, tgt, code, publisher)) WITHOUT ROWID;
CREATE TABLE dyad_month(src_party INTEGER NOT NULL, tgt_party INTEGER NOT NULL, month INTEGER NOT NULL,
                        quad INTEGER NOT NULL, mentions INTEGER NOT NULL, gsum_mentions REAL NOT NULL,
                        events INTEGER NOT NULL, gsum_events REAL NOT NULL,
                        PRIMARY KEY(src_party, tgt_party, month, quad)) WITHOUT ROWID;
CREATE INDEX dm_tgt ON dyad_month(tgt_party, src_party, month);
INSERT INTO parties VALUES(1, 'IRQ'), (2, 'IRN');
INSERT INTO actors VALUES(1, 'IRQGOV', 1), (2, 'IRNGOV', 2);
INSERT INTO codes VALUES(1, '042', 4, 1, 1.9, NULL), (2, '112', 11, 3, -2.0, NULL);
INSERT INTO publishers VALUES(1, 'wire'), (2, 'paper');
-- 2020-01-05 = day 18266
INSERT INTO stories VALUES(1, 's1', 18266, NULL, 1, 'old:1'), (2, 's2', 18266, NULL, 2, 'old:3');
INSERT INTO sentences VALUES(1, 0, 'IRQGOV did something to IRNGOV'), (1, 1, 'IRQGOV scolded IRNGOV'),
                            (2, 0, 'IRQGOV did something to IRNGOV');
INSERT INTO events VALUES(1, 0, 0, 18266, 1, 2, 1, 2, 1, 1, 1.9, 'IRQGOV', 'IRNGOV', 'did', 8, 11),
                         (1, 1, 1, 18296, 1, 2, 1, 2, 2, 3, -2.0, NULL, NULL, NULL, NULL, NULL),
                         (2, 0, 0, 18266, 1, 2, 1, 2, 1, 1, 1.9, NULL, NULL, NULL, NULL, NULL);
INSERT INTO group_publishers VALUES(18266, 1, 2, 1, 1, 1), (18266, 1, 2, 1, 2, 1), (18296, 1, 2, 2, 1, 1);
INSERT INTO event_groups VALUES(18266, 1, 2, 1, 2, 2, 2), (18296, 1, 2, 2, 1, 1, 1);
-- months: 2020-01 = 24240, 2020-02 = 24241
INSERT INTO dyad_month VALUES(1, 2, 24240, 1, 2, 3.8, 1, 1.9), (1, 2, 24241, 3, 1, -2.0, 1, -2.0);
PRAGMA application_id = 1685676388;
)sql";
  if (version == 1) {
    sql += "CREATE INDEX ev_dyad ON events(src_party, tgt_party, date); PRAGMA user_version=1;";
  } else {
    sql += "CREATE INDEX dm_month ON dyad_month(month, src_party, tgt_party, quad, mentions, gsum_mentions, events, "
           "gsum_events); CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID; "
           "CREATE INDEX ev_dyad3 ON events(src_party, tgt_party, date, src, tgt, code); "
           "CREATE INDEX ev_tgt3 ON events(tgt_party, src_party, date, src, tgt, code); "
           "CREATE INDEX ev_date ON events(date); PRAGMA user_version=4;";
  }
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_close(db);
}

std::string IndexNames(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type='index' "
                         "AND name NOT LIKE 'sqlite_%' ORDER BY name)", -1, &st, nullptr);
  std::string names = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)
                          ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0))
                          : "";
  sqlite3_finalize(st);
  sqlite3_close(db);
  return names;
}

// Version-1 and version-4 stores are migrated on a writable open (through
// v5: events clustered by date, no event indexes; to v6: events packed per
// story and day, groups per dyad-month, summaries rebuilt from the events),
// keep their data, and are then written like new ones.
TEST(StoreTest, MigratesOlderSchemas) {
  for (int version : {1, 4}) {
    SCOPED_TRACE(version);
    TempDir dir;
    const std::string path = dir.File("t.db");
    MakeLegacyStore(path, version);
    auto ro = OpenSqliteStore(path, StoreOptions{.read_only = true, .create = false});
    ASSERT_FALSE(ro.ok());
    EXPECT_NE(ro.status().message().find("needs migrating"), std::string::npos);
    {
      auto store = OpenOrDie(path);
      ASSERT_TRUE(store);
      EXPECT_TRUE(store->CheckConsistency().ok()) << store->CheckConsistency().ToString();
      auto sum = *store->Summary();
      EXPECT_EQ(sum.schema_version, 6);
      EXPECT_EQ(sum.events, 3u);
      EXPECT_EQ(sum.stories, 2u);
      EXPECT_EQ(sum.event_groups, 2u);
      EXPECT_EQ(sum.first->ToIso(), "2020-01-05");
      EXPECT_EQ(sum.last->ToIso(), "2020-02-04");
      auto cells = store->Aggregate(AggregateQuery{.a = {"IRQGOV"}, .by = Granularity::kDay});
      ASSERT_TRUE(cells.ok());
      uint64_t n = 0;
      for (const auto& c : *cells) n += c.count;
      EXPECT_EQ(n, 3u);
      std::vector<std::string> stories;
      ASSERT_TRUE(store->ScanEvents({}, [&](const EventRecord& e) { return stories.push_back(e.story_id), true; }).ok());
      EXPECT_EQ(stories, (std::vector<std::string>{"s1", "s2", "s1"}));  // by date, then story
      // The sentence texts moved into the story rows (v5).
      EXPECT_EQ(sum.sentences, 3u);
      std::vector<std::string> texts;
      ASSERT_TRUE(store->ScanEvents({.text = "scolded"}, [&](const EventRecord& e) { return texts.push_back(e.text), true; }).ok());
      EXPECT_EQ(texts, (std::vector<std::string>{"IRQGOV scolded IRNGOV"}));
      // Replacing a migrated story (events on two dates) finds all its events.
      WriteLines(dir.File("fix.jsonl"), {EventLine({"s1", "2020-03-01", "IRNGOV", "IRQGOV", "036", 4.0, "wire"})});
      IngestStats st = Ingest(*store, dir.File("fix.jsonl"));
      EXPECT_EQ(st.written.stories_replaced, 1u);
      EXPECT_EQ(store->Summary()->events, 2u);
      EXPECT_TRUE(store->CheckConsistency().ok()) << store->CheckConsistency().ToString();
    }
    EXPECT_EQ(IndexNames(path), "dm_month,dm_tgt");
  }
}

// A story's sentences packed into one BLOB: index order, the last text of a
// repeated index wins, a truncated blob is refused.
TEST(StoreTest, SentencesPackAndUnpack) {
  std::string big(300, 'x');  // a length that needs a two-byte varint
  const std::string blob = store::PackSentences({{2, "b"}, {0, "a"}, {2, "c"}, {7, big}});
  store::SentenceList out;
  ASSERT_TRUE(store::UnpackSentences(blob, &out));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], (std::pair<uint32_t, std::string_view>{0, "a"}));
  EXPECT_EQ(out[1], (std::pair<uint32_t, std::string_view>{2, "c"}));
  EXPECT_EQ(out[2].first, 7u);
  EXPECT_EQ(out[2].second, big);
  EXPECT_FALSE(store::UnpackSentences(std::string_view(blob).substr(0, blob.size() - 1), &out));
  EXPECT_TRUE(store::UnpackSentences("", &out));
  EXPECT_TRUE(out.empty());
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
  // Story s1's second part (appended in another batch) keeps both sentences.
  EXPECT_EQ(bulk->Summary()->sentences, inc->Summary()->sentences);
  EXPECT_EQ(bulk->Summary()->sentences, 8u);
  auto texts = [](EventStore& st) {
    std::vector<std::string> t;
    EXPECT_TRUE(st.ScanEvents({}, [&](const EventRecord& e) { return t.push_back(e.story_id + ":" + e.text), true; }).ok());
    return t;
  };
  EXPECT_EQ(texts(*bulk), texts(*inc));
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

// A story replaced within a bulk load (the same id again, not marked as
// appended: an API caller, not the JSONL reader) drops the kept mentions,
// and EndBulk rebuilds the summaries from the stored events: the same
// result as the incremental path. The store's indexes are back afterwards.
TEST(StoreTest, BulkLoadReplacingAStoryWithinTheLoadRebuildsItsSummaries) {
  TempDir dir;
  auto story = [](const std::string& id, const std::string& date, const std::string& src, const std::string& code,
                  double g, const std::string& pub) {
    StoryRecord r;
    r.id = id;
    r.date = *Date::ParseIso(date);
    r.source = pub;
    EventRecord e;
    e.story_id = id;
    e.date = r.date;
    e.source = src;
    e.target = "IRN";
    e.source_country = src.substr(0, 3);
    e.target_country = "IRN";
    e.code = code;
    auto facts = LookupCameoCode(code);
    e.root = facts->root;
    e.quad_class = facts->quad_class;
    e.goldstein = g;
    e.text = src + " and IRN did " + code + ".";
    r.sentences.emplace_back(0, e.text);
    r.events.push_back(e);
    return r;
  };
  std::vector<std::vector<StoryRecord>> batches = {
      {story("a", "2020-01-05", "IRQGOV", "042", 1.9, "wire"), story("b", "2020-01-05", "IRQGOV", "042", 1.9, "paper")},
      {story("a", "2020-02-07", "USAGOV", "112", -2.0, "wire")},  // replaces the first "a"
  };
  auto bulk = OpenOrDie(dir.File("bulk.db"));
  auto inc = OpenOrDie(dir.File("inc.db"));
  ASSERT_TRUE(bulk->BeginBulk().ok());
  WriteStats bs, is;
  for (const auto& b : batches) {
    ASSERT_TRUE(bulk->Write(b, &bs).ok());
    ASSERT_TRUE(inc->Write(b, &is).ok());
  }
  ASSERT_TRUE(bulk->EndBulk().ok());
  EXPECT_EQ(bs.stories_replaced, 1u);
  EXPECT_EQ(is.stories_replaced, 1u);
  ASSERT_TRUE(bulk->CheckConsistency().ok()) << bulk->CheckConsistency().ToString();
  auto sb = *bulk->Summary(), si = *inc->Summary();
  EXPECT_EQ(sb.stories, 2u);
  EXPECT_EQ(sb.events, 2u);
  EXPECT_EQ(sb.event_groups, si.event_groups);
  EXPECT_EQ(sb.first->ToIso(), "2020-01-05");
  EXPECT_EQ(sb.last->ToIso(), "2020-02-07");
  auto gb = *bulk->Groups({}), gi = *inc->Groups({});
  ASSERT_EQ(gb.size(), 2u);
  ASSERT_EQ(gi.size(), 2u);
  for (size_t i = 0; i < gb.size(); ++i) {
    EXPECT_EQ(gb[i].code, gi[i].code);
    EXPECT_EQ(gb[i].mentions, gi[i].mentions);
    EXPECT_EQ(gb[i].sources, gi[i].sources);
  }
  EXPECT_EQ(gb[0].source, "IRQGOV");  // only "b" is left on 2020-01-05
  EXPECT_EQ(gb[0].mentions, 1u);
  bulk.reset();
  EXPECT_EQ(IndexNames(dir.File("bulk.db")), "dm_month,dm_tgt");
  // The stories of the load are found by key afterwards: re-ingesting "b"
  // replaces it.
  bulk = OpenOrDie(dir.File("bulk.db"));
  ASSERT_TRUE(bulk->Write({batches[0][1]}, &bs).ok());
  EXPECT_EQ(bs.stories_replaced, 2u);
  EXPECT_EQ(bulk->Summary()->stories, 2u);
  EXPECT_TRUE(bulk->CheckConsistency().ok()) << bulk->CheckConsistency().ToString();
}

// A store that holds stories without events (sentences that coded none) is
// not empty: a bulk load into it takes the ordinary path (story lookups by
// key), and a story it already has is replaced, not duplicated.
TEST(StoreTest, BulkLoadIntoAStoreWithStoriesButNoEventsFindsThem) {
  TempDir dir;
  StoryRecord quiet;
  quiet.id = "s1";
  quiet.date = *Date::ParseIso("2020-01-05");
  quiet.source = "wire";
  quiet.sentences.emplace_back(0, "Nothing happened.");
  auto store = OpenOrDie(dir.File("t.db"));
  ASSERT_TRUE(store->Write({quiet}, nullptr).ok());
  EXPECT_EQ(store->Summary()->events, 0u);
  WriteLines(dir.File("ev.jsonl"), BasicLines());
  ASSERT_TRUE(store->BeginBulk().ok());
  IngestStats st = Ingest(*store, dir.File("ev.jsonl"));
  ASSERT_TRUE(store->EndBulk().ok());
  EXPECT_EQ(st.written.stories_replaced, 1u);  // s1
  EXPECT_EQ(st.written.stories_new, 3u);
  EXPECT_EQ(store->Summary()->stories, 4u);
  EXPECT_EQ(store->Summary()->events, 5u);
  EXPECT_TRUE(store->CheckConsistency().ok()) << store->CheckConsistency().ToString();
}

// Runs one SQL statement on a store file directly (to damage it).
void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

// The deep check recomputes the summaries from the packed events and
// names what differs.
TEST(StoreTest, CheckConsistencyFindsDamagedSummariesAndBlocks) {
  TempDir dir;
  WriteLines(dir.File("ev.jsonl"), BasicLines());
  const std::string path = dir.File("t.db");
  {
    auto store = OpenOrDie(path);
    Ingest(*store, dir.File("ev.jsonl"));
    ASSERT_TRUE(store->CheckConsistency().ok());
  }
  auto expect_damage = [&](const std::string& sql, const std::string& what) {
    SCOPED_TRACE(what);
    const std::string copy = dir.File("copy.db");
    std::filesystem::copy_file(path, copy, std::filesystem::copy_options::overwrite_existing);
    RawExec(copy, sql);
    auto store = OpenOrDie(copy);
    ASSERT_TRUE(store);
    Status s = store->CheckConsistency();
    EXPECT_FALSE(s.ok());
    EXPECT_NE(s.ToString().find(what), std::string::npos) << s.ToString();
  };
  // A group cell re-encoded with one mention more (still well formed).
  expect_damage("UPDATE group_cells SET data = (SELECT data FROM group_cells ORDER BY month LIMIT 1) "
                "WHERE month = (SELECT max(month) FROM group_cells)",
                "group_cells differ from the events");
  expect_damage("UPDATE dyad_month SET mentions = mentions + 1 WHERE month = (SELECT min(month) FROM dyad_month)",
                "dyad_month differs from the events");
  expect_damage("UPDATE event_blocks SET n = n + 1", "miscounted");
  expect_damage("UPDATE event_blocks SET data = x'ff'", "malformed");
  expect_damage("DELETE FROM stories WHERE key = 's4'", "event blocks without a story");
}

// A fresh bulk load runs with a rollback journal. Killed inside a
// transaction it leaves a hot journal: a read-only open says what to do
// (it cannot play the journal back), and the next writable open rolls the
// transaction back.
TEST(StoreTest, HotJournalOfAKilledLoadIsExplainedThenRolledBack) {
  TempDir dir;
  const std::string db = dir.File("t.db");
  testing::WriteSyntheticJsonl(dir.File("syn.jsonl"), 500, 3);
  {
    auto s = OpenOrDie(db);
    Ingest(*s, dir.File("syn.jsonl"));
  }
  const uint64_t before = OpenOrDie(db)->Summary()->events;
  ASSERT_GT(before, 0u);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // As a bulk load does: rollback journal, synchronous off, and a
    // transaction larger than the page cache (pages reach the file).
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) _exit(2);
    const int rc = sqlite3_exec(raw,
                                "PRAGMA journal_mode=TRUNCATE; PRAGMA synchronous=OFF; PRAGMA cache_size=4; "
                                "BEGIN IMMEDIATE; INSERT OR REPLACE INTO meta VALUES('summaries_pending', 1); "
                                "DELETE FROM event_blocks; CREATE TABLE junk(x); "
                                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                                "INSERT INTO junk SELECT randomblob(2000) FROM n;",
                                nullptr, nullptr, nullptr);
    _exit(rc == SQLITE_OK ? 0 : 3);  // no COMMIT: the process dies in the transaction
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  ASSERT_TRUE(std::filesystem::exists(db + "-journal"));
  {
    auto ro = OpenSqliteStore(db, StoreOptions{.read_only = true, .create = false});
    ASSERT_FALSE(ro.ok());
    EXPECT_NE(ro.status().ToString().find("bulk load is in progress or was interrupted"), std::string::npos)
        << ro.status().ToString();
  }
  auto s = OpenOrDie(db);
  EXPECT_EQ(s->Summary()->events, before);
  EXPECT_TRUE(s->CheckConsistency().ok()) << s->CheckConsistency().ToString();
  auto ro = OpenSqliteStore(db, StoreOptions{.read_only = true, .create = false});
  EXPECT_TRUE(ro.ok()) << ro.status().ToString();
}

// Small batches inside a deferred bulk load, large ones otherwise (the
// ordinary path rewrites each summary cell a batch touches).
TEST(StoreTest, PreferredBatchEventsIsSmallOnlyInADeferredBulkLoad) {
  TempDir dir;
  auto s = OpenOrDie(dir.File("t.db"));
  EXPECT_EQ(s->PreferredBatchEvents(), kDefaultBatchEvents);
  ASSERT_TRUE(s->BeginBulk().ok());
  EXPECT_EQ(s->PreferredBatchEvents(), 10000u);
  ASSERT_TRUE(s->EndBulk().ok());
  EXPECT_EQ(s->PreferredBatchEvents(), kDefaultBatchEvents);
  testing::WriteSyntheticJsonl(dir.File("syn.jsonl"), 100, 3);
  Ingest(*s, dir.File("syn.jsonl"));
  ASSERT_TRUE(s->BeginBulk().ok());  // not empty: the ordinary path
  EXPECT_EQ(s->PreferredBatchEvents(), kDefaultBatchEvents);
  ASSERT_TRUE(s->EndBulk().ok());
}

// With another connection open, a fresh bulk load cannot switch to a
// rollback journal: it stays in WAL mode and a second thread checkpoints
// after each commit, so the committed pages reach the database file during
// the load, not all at EndBulk.
TEST(StoreTest, BulkLoadBesideAnotherConnectionStaysInWalAndCheckpoints) {
  TempDir dir;
  const std::string db = dir.File("t.db");
  testing::WriteSyntheticJsonl(dir.File("syn.jsonl"), 20000, 5);
  auto s = OpenOrDie(db);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db.c_str(), &other, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "SELECT count(*) FROM meta", nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_TRUE(s->BeginBulk().ok());
  IngestOptions o;
  o.batch_events = 1000;
  Ingest(*s, dir.File("syn.jsonl"), o);
  // The checkpoints run after the commits, on their own thread: wait (at
  // most 10 s) for the committed pages to reach the file. A checkpoint that
  // does nothing leaves it at its first pages however long one waits.
  auto wal = std::filesystem::file_size(db + "-wal");
  auto main = std::filesystem::file_size(db);
  for (int i = 0; i < 500 && main * 8 <= wal; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    wal = std::filesystem::file_size(db + "-wal");
    main = std::filesystem::file_size(db);
  }
  EXPECT_GT(main * 8, wal) << "WAL " << wal << " bytes, database " << main;
  ASSERT_TRUE(s->EndBulk().ok());
  sqlite3_close(other);
  EXPECT_TRUE(s->CheckConsistency().ok()) << s->CheckConsistency().ToString();
  EXPECT_EQ(s->Summary()->events, 20000u);
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
    // Bulk mode, as `dyad ingest --events` runs: summaries deferred to EndBulk,
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
      if (sqlite3_prepare_v2(raw, "SELECT coalesce(sum(n), 0) FROM event_blocks", -1, &st, nullptr) == SQLITE_OK &&
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
