// The SQLite event store. Schema, aggregates and migrations: docs/store.md.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "dyad/store.h"
#include "store/sentence_pack.h"
#include "store/sqlite_util.h"

#include <cstdio>

namespace dyad {
namespace {

using store::Exec;
using store::Prepare;
using store::Run;
using store::SqlError;
using store::Stmt;

constexpr int kSchemaVersion = 5;
constexpr int kApplicationId = 0x64796164;  // "dyad"

// Version 1: everything. Later versions append a migration to kMigrations.
const char* const kSchemaV1 = R"sql(
CREATE TABLE parties(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
CREATE TABLE actors(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
                    party INTEGER NOT NULL REFERENCES parties(id));
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
)sql";

// Version 2: covering indexes, so dyad queries read index pages only
// (events are clustered by story, a non-covering index means one random
// table lookup per event), and a month-first covering index on dyad_month
// for `shifts`.
const char* const kSchemaV2 = R"sql(
DROP INDEX IF EXISTS ev_dyad;
DROP INDEX IF EXISTS ev_tgt;
CREATE INDEX dm_month ON dyad_month(month, src_party, tgt_party, quad, mentions, gsum_mentions, events, gsum_events);
)sql";

// Version 3: a key/value meta table. `summaries_pending` = 1 while a bulk
// load defers the summary tables (event_groups, group_publishers,
// dyad_month); a store found with it set is rebuilt on the next writable open.
const char* const kSchemaV3 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
)sql";

// Version 4: narrower covering indexes on events (without quad and
// Goldstein, which the code determines); the next writable open builds them.
const char* const kSchemaV4 = R"sql(
DROP INDEX IF EXISTS ev_dyad2;
DROP INDEX IF EXISTS ev_tgt2;
)sql";

// Version 5: no secondary index on `events` (three index entries per event
// were half of a bulk load's writer time); a story's sentences are packed
// into one BLOB of its row (store/sentence_pack.h) instead of one row
// each (20-27% of the load's writer time); `events` is clustered by
// (date, story, seq), which is also the listing order; each story row keeps
// the date range of its events (ev_min, ev_max) so that replacing it finds
// them by key; the group tables lead with the parties of the two actors,
// (src_party, tgt_party, date, src, tgt, code), so the day/week/actor-prefix
// queries read de-duplicated groups with their mention counts by dyad.
const char* const kSchemaV5 = R"sql(
DROP INDEX IF EXISTS ev_dyad3;
DROP INDEX IF EXISTS ev_tgt3;
DROP INDEX IF EXISTS ev_date;
DROP INDEX IF EXISTS ev_dyad;
DROP INDEX IF EXISTS ev_tgt;
DROP INDEX IF EXISTS ev_dyad2;
DROP INDEX IF EXISTS ev_tgt2;
ALTER TABLE stories ADD COLUMN ev_min INTEGER;
ALTER TABLE stories ADD COLUMN ev_max INTEGER;
UPDATE stories SET (ev_min, ev_max) = (SELECT min(date), max(date) FROM events WHERE story = stories.id);
CREATE TABLE events_v5(story INTEGER NOT NULL, seq INTEGER NOT NULL, sentence INTEGER NOT NULL,
                       date INTEGER NOT NULL, src INTEGER NOT NULL, tgt INTEGER NOT NULL,
                       src_party INTEGER NOT NULL, tgt_party INTEGER NOT NULL,
                       code INTEGER NOT NULL, quad INTEGER NOT NULL, goldstein REAL NOT NULL,
                       src_text TEXT, tgt_text TEXT, verb_text TEXT, verb_start INTEGER, verb_end INTEGER,
                       PRIMARY KEY(date, story, seq)) WITHOUT ROWID;
INSERT INTO events_v5 SELECT * FROM events ORDER BY date, story, seq;
DROP TABLE events;
ALTER TABLE events_v5 RENAME TO events;
CREATE TABLE event_groups_v5(src_party INTEGER NOT NULL, tgt_party INTEGER NOT NULL, date INTEGER NOT NULL,
                             src INTEGER NOT NULL, tgt INTEGER NOT NULL, code INTEGER NOT NULL,
                             mentions INTEGER NOT NULL, stories INTEGER NOT NULL, sources INTEGER NOT NULL,
                             PRIMARY KEY(src_party, tgt_party, date, src, tgt, code)) WITHOUT ROWID;
INSERT INTO event_groups_v5
  SELECT a.party, b.party, g.date, g.src, g.tgt, g.code, g.mentions, g.stories, g.sources
  FROM event_groups g JOIN actors a ON a.id = g.src JOIN actors b ON b.id = g.tgt ORDER BY 1, 2, 3, 4, 5, 6;
DROP TABLE event_groups;
ALTER TABLE event_groups_v5 RENAME TO event_groups;
CREATE TABLE group_publishers_v5(src_party INTEGER NOT NULL, tgt_party INTEGER NOT NULL, date INTEGER NOT NULL,
                                 src INTEGER NOT NULL, tgt INTEGER NOT NULL, code INTEGER NOT NULL,
                                 publisher INTEGER NOT NULL, stories INTEGER NOT NULL,
                                 PRIMARY KEY(src_party, tgt_party, date, src, tgt, code, publisher)) WITHOUT ROWID;
INSERT INTO group_publishers_v5
  SELECT a.party, b.party, g.date, g.src, g.tgt, g.code, g.publisher, g.stories
  FROM group_publishers g JOIN actors a ON a.id = g.src JOIN actors b ON b.id = g.tgt ORDER BY 1, 2, 3, 4, 5, 6, 7;
DROP TABLE group_publishers;
ALTER TABLE group_publishers_v5 RENAME TO group_publishers;
ALTER TABLE stories ADD COLUMN sentences BLOB;
UPDATE stories SET sentences = (SELECT dyad_pack_sentences(idx, text) FROM sentences WHERE story = stories.id);
DROP TABLE sentences;
)sql";

const char* const kMigrations[] = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4, kSchemaV5};

// The summary tables recomputed from `events` in three set-based passes
// (used at the end of a deferred bulk load and to repair an interrupted
// one). Goldstein, quad and parties are functions of the code and the
// actors, so any row of a group carries them.
const char* const kRebuildSummaries = R"sql(
DELETE FROM event_groups;
DELETE FROM group_publishers;
DELETE FROM dyad_month;
CREATE TEMP TABLE gp AS
  SELECT e.src_party AS sp, e.tgt_party AS tp, e.date AS date, e.src AS src, e.tgt AS tgt, e.code AS code,
         s.publisher AS publisher, count(*) AS mentions, count(DISTINCT e.story) AS stories,
         e.quad AS quad, e.goldstein AS g
  FROM events e JOIN stories s ON s.id = e.story GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO group_publishers SELECT sp, tp, date, src, tgt, code, publisher, stories FROM gp ORDER BY 1, 2, 3, 4, 5, 6, 7;
CREATE TEMP TABLE g AS
  SELECT sp, tp, date, src, tgt, code, sum(mentions) AS mentions, sum(stories) AS stories, count(*) AS sources,
         quad, g FROM gp GROUP BY 1, 2, 3, 4, 5, 6;
DROP TABLE temp.gp;
INSERT INTO event_groups SELECT sp, tp, date, src, tgt, code, mentions, stories, sources FROM g ORDER BY 1, 2, 3, 4, 5, 6;
INSERT INTO dyad_month
  SELECT sp, tp, CAST(strftime('%Y', date * 86400, 'unixepoch') AS INT) * 12 +
                 CAST(strftime('%m', date * 86400, 'unixepoch') AS INT) - 1 AS month,
         quad, sum(mentions), sum(mentions * g), count(*), sum(g)
  FROM g GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
DROP TABLE temp.g;
)sql";

// The summary tables as the migrations leave them (v1 tables, v2's
// dm_month), for the side file an EndBulk builds them in: `INSERT INTO t
// SELECT * FROM side.t` then copies records without decoding them (SQLite's
// transfer optimisation), which needs identical tables and indexes.
const char* const kSummaryTablesDdl = R"sql(
CREATE TABLE group_publishers(src_party INTEGER NOT NULL, tgt_party INTEGER NOT NULL, date INTEGER NOT NULL,
                              src INTEGER NOT NULL, tgt INTEGER NOT NULL, code INTEGER NOT NULL,
                              publisher INTEGER NOT NULL, stories INTEGER NOT NULL,
                              PRIMARY KEY(src_party, tgt_party, date, src, tgt, code, publisher)) WITHOUT ROWID;
)sql";

// Closes a side connection on every path.
struct DbCloser {
  sqlite3* db = nullptr;
  ~DbCloser() {
    if (db) sqlite3_close_v2(db);
  }
};

int32_t MonthOf(Date d) {
  int y, m, dd;
  d.ToYmd(y, m, dd);
  return y * 12 + (m - 1);
}
Date MonthStart(int32_t month) { return Date::FromYmd(month / 12, month % 12 + 1, 1); }

struct GroupKey {
  int32_t date;
  int64_t src, tgt, code;
  bool operator==(const GroupKey&) const = default;
};
struct GroupKeyHash {
  size_t operator()(const GroupKey& k) const {
    uint64_t h = static_cast<uint64_t>(k.date) * 0x9E3779B97F4A7C15ULL;
    h ^= static_cast<uint64_t>(k.src) + 0x632BE59BD9B4E019ULL + (h << 6) + (h >> 2);
    h ^= static_cast<uint64_t>(k.tgt) + 0x8CB92BA72F3D8DD7ULL + (h << 6) + (h >> 2);
    h ^= static_cast<uint64_t>(k.code) + 0x1D8E4E27C47D124FULL + (h << 6) + (h >> 2);
    return h;
  }
};
struct GroupDelta {
  int64_t mentions = 0;
  int64_t stories = 0;
  std::vector<std::pair<int64_t, int64_t>> publishers;  // (publisher, story delta)
  int64_t src_party = 0, tgt_party = 0;
  int quad = 0;
  double goldstein = 0;
};
struct MonthKey {
  int64_t src_party, tgt_party;
  int32_t month;
  int quad;
  bool operator<(const MonthKey& o) const {
    return std::tie(src_party, tgt_party, month, quad) < std::tie(o.src_party, o.tgt_party, o.month, o.quad);
  }
};
struct MonthDelta {
  int64_t mentions = 0, events = 0;
  double gsum_mentions = 0, gsum_events = 0;
};

// One event of a bulk load into an empty store, kept (24 bytes) to build
// the summary tables at EndBulk with one sort instead of per-batch upserts.
struct BulkMention {
  int32_t src_party, tgt_party, date, src, tgt, code, publisher;
  bool first_in_story;  // the story's first mention of this group
};
// Above this many events the list is dropped and EndBulk recomputes the
// summaries with SQL from the events (slower, bounded memory: 16M x 32 B).
constexpr size_t kMaxBulkMentions = size_t{1} << 24;

struct CodeInfo {
  int64_t id;
  int quad;
  double goldstein;
  int root;
};
struct ActorInfo {
  int64_t id;
  int64_t party;
};

// Resolved ActorSpec: the parties it spans and, for a prefix, the actor ids.
struct Resolved {
  bool any = true;
  std::vector<int64_t> parties;
  bool by_actor = false;
  std::unordered_set<int64_t> actors;
  bool Matches(int64_t actor, int64_t party) const {
    if (any) return true;
    if (by_actor) return actors.count(actor) > 0;
    return std::find(parties.begin(), parties.end(), party) != parties.end();
  }
};

std::string IdList(const std::vector<int64_t>& ids) {
  std::string s = "(";
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
  return s + ")";
}

Date Bucket(Date d, Granularity by) {
  int y, m, dd;
  switch (by) {
    case Granularity::kDay:
      return d;
    case Granularity::kWeek: {
      // 1970-01-01 was a Thursday: Monday-based weekday = (days + 3) mod 7.
      int wd = ((d.days + 3) % 7 + 7) % 7;
      return Date{d.days - wd};
    }
    case Granularity::kMonth:
      d.ToYmd(y, m, dd);
      return Date::FromYmd(y, m, 1);
    case Granularity::kYear:
      d.ToYmd(y, m, dd);
      return Date::FromYmd(y, 1, 1);
  }
  return d;
}

class SqliteStore final : public EventStore {
 public:
  ~SqliteStore() override {
    stmts_.clear();
    if (db_) sqlite3_close_v2(db_);
  }

  Status Open(const std::string& path, const StoreOptions& opt) {
    // One connection per store object, used by one thread at a time.
    int flags = (opt.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
    if (!opt.read_only && opt.create) flags |= SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      return Status::IoError(path + ": cannot open database: " + msg);
    }
    read_only_ = opt.read_only;
    path_ = path;
    if (store::RegisterSentenceFunctions(db_) != SQLITE_OK) return SqlError(db_, "registering the sentence functions");
    sqlite3_busy_timeout(db_, 10000);
    DYAD_RETURN_IF_ERROR(Exec(db_, "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;"));
    // 16 KB pages for new files (fewer, fuller B-tree pages: -10-15% CPU
    // for a bulk load, docs/PERFORMANCE.md); ignored for existing ones. Must
    // precede the switch to WAL.
    if (!read_only_)
      DYAD_RETURN_IF_ERROR(Exec(db_, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"));
    Status s = Migrate(path);
    if (!s.ok()) return s;
    DYAD_ASSIGN_OR_RETURN(bool pending, SummariesPending());
    if (pending && read_only_)
      return Status::InvalidArgument(path + ": a bulk load is in progress or was interrupted (summary tables pending); "
                                     "when no ingest is running, `dyad ingest --db " + path +
                                     " --check` finishes it");
    if (!read_only_) {
      // An interrupted bulk load: its events are stored, its summaries not
      // (and a side file of its EndBulk may be left over).
      if (pending) {
        if (SideFilePossible()) RemoveSideFile();
        DYAD_RETURN_IF_ERROR(RebuildSummaries());
      }
    }
    return LoadCaches();
  }

  Status Write(const std::vector<StoryRecord>& batch, WriteStats* stats) override {
    if (read_only_) return Status::InvalidArgument("the store was opened read-only");
    WriteStats local;
    const size_t bulk_mark = bulk_.size();
    DYAD_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
    Status s = WriteInTransaction(batch, &local);
    if (s.ok()) s = Exec(db_, "COMMIT");
    if (!s.ok()) {
      Exec(db_, "ROLLBACK");
      if (bulk_.size() > bulk_mark) bulk_.resize(bulk_mark);  // the rolled-back batch's mentions
      groups_.clear();
      months_.clear();
      Status r = LoadCaches();  // ids created in the rolled-back transaction are gone
      (void)r;
      return s;
    }
    if (stats) {
      stats->stories_new += local.stories_new;
      stats->stories_replaced += local.stories_replaced;
      stats->stories_appended += local.stories_appended;
      stats->events += local.events;
      stats->sentences += local.sentences;
    }
    return Status::Ok();
  }

  Status BeginBulk() override {
    bool empty = false;
    {
      DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT EXISTS(SELECT 1 FROM events)"));
      empty = st.Step() == SQLITE_ROW && st.ColInt(0) == 0;
    }
    if (!empty) return Status::Ok();  // loading into a non-empty store: the ordinary path
    // Loading into an empty store: the summary tables are deferred to EndBulk (the persisted `summaries_pending`
    // flag makes the next writable Open rebuild them if the load is killed),
    // a story not marked `append` cannot be stored already, so Write skips
    // looking it up, and commits do not wait for the disk (synchronous=OFF:
    // safe against a killed process, not against an OS crash; docs/store.md).
    DYAD_RETURN_IF_ERROR(
        Exec(db_, "INSERT OR REPLACE INTO meta VALUES('summaries_pending', 1); PRAGMA synchronous=OFF;"));
    fresh_bulk_ = true;
    bulk_.clear();
    bulk_overflow_ = false;
    return Status::Ok();
  }
  Status EndBulk() override {
    const bool deferred = fresh_bulk_;
    fresh_bulk_ = false;
    if (!deferred) return Exec(db_, "PRAGMA optimize");
    Status st = Status::Ok();
    if (bulk_overflow_) {
      st = RebuildSummaries();
    } else {
      SortBulk();
      if (SideFilePossible()) {
        // Two cores: group_publishers (one row per group and publisher, the
        // larger table) is written into a side file by a second thread
        // (own connection) while this one writes event_groups and
        // dyad_month; one transaction then copies it in (SQLite's transfer
        // optimisation) and clears the pending flag. Any failure of the
        // side path falls back to writing it here.
        const std::string side = SideFilePath();
        RemoveSideFile();
        Status side_status = Status::Ok();
        std::thread builder([&] { side_status = BuildSummaryFile(side); });
        st = WriteBulkSummaries(/*groups=*/true, /*publishers=*/false, /*finish=*/false);
        builder.join();
        if (st.ok()) {
          Status merged = side_status.ok() ? MergeSummaryFile(side) : side_status;
          if (!merged.ok()) st = WriteBulkSummaries(false, true, true);
        }
        RemoveSideFile();
      } else {
        st = WriteBulkSummaries(true, true, true);
      }
    }
    bulk_.clear();
    bulk_.shrink_to_fit();
    DYAD_RETURN_IF_ERROR(st);
    DYAD_RETURN_IF_ERROR(Exec(db_, "PRAGMA synchronous=NORMAL"));
    return Exec(db_, "PRAGMA optimize");
  }

  Status ScanEvents(const EventFilter& f, const std::function<bool(const EventRecord&)>& fn) override;
  Result<std::vector<AggregateCell>> Aggregate(const AggregateQuery& q) override;
  Result<std::vector<DyadMonthCell>> DyadMonths(int32_t from_month, int32_t to_month, Counting c) override;
  Result<std::vector<EventGroup>> Groups(const EventFilter& f) override;
  Result<StoreSummary> Summary() override;
  Result<std::optional<std::pair<Date, Date>>> DateRange() override {
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT (SELECT min(date) FROM events), (SELECT max(date) FROM events)"));
    if (st.Step() != SQLITE_ROW) return SqlError(db_, "date range");
    if (st.ColNull(0)) return std::optional<std::pair<Date, Date>>();
    return std::optional<std::pair<Date, Date>>(
        std::make_pair(Date{static_cast<int32_t>(st.ColInt(0))}, Date{static_cast<int32_t>(st.ColInt(1))}));
  }
  Status CheckConsistency() override;

 private:
  Status Migrate(const std::string& path) {
    // Each statement is finished before the migration runs (an active
    // statement would lock the schema).
    auto scalar = [&](const char* sql) -> Result<int64_t> {
      DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, sql));
      return st.Step() == SQLITE_ROW ? st.ColInt(0) : 0;
    };
    DYAD_ASSIGN_OR_RETURN(int64_t v, scalar("PRAGMA user_version"));
    DYAD_ASSIGN_OR_RETURN(int64_t app, scalar("PRAGMA application_id"));
    DYAD_ASSIGN_OR_RETURN(int64_t objects, scalar("SELECT count(*) FROM sqlite_schema"));
    const int version = static_cast<int>(v);
    if (objects > 0 && app != kApplicationId)
      return Status::InvalidArgument(path + ": not a dyad database (it has tables but no dyad application id)");
    if (version > kSchemaVersion)
      return Status::InvalidArgument(path + ": schema version " + std::to_string(version) +
                                     " is newer than this dyad understands (" + std::to_string(kSchemaVersion) +
                                     "); upgrade dyad");
    if (version == kSchemaVersion) return Status::Ok();
    if (read_only_)
      return Status::InvalidArgument(path + ": schema version " + std::to_string(version) +
                                     " needs migrating; open it once for writing (dyad ingest)");
    DYAD_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
    for (int next = version + 1; next <= kSchemaVersion; ++next) {
      Status s = Exec(db_, kMigrations[next - 1]);
      if (!s.ok()) {
        Exec(db_, "ROLLBACK");
        return s;
      }
    }
    DYAD_RETURN_IF_ERROR(Exec(db_, "PRAGMA application_id=" + std::to_string(kApplicationId) +
                                       "; PRAGMA user_version=" + std::to_string(kSchemaVersion)));
    return Exec(db_, "COMMIT");
  }

  Result<bool> SummariesPending() {
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT value FROM meta WHERE key = 'summaries_pending'"));
    return st.Step() == SQLITE_ROW && st.ColInt(0) != 0;
  }

  // Recomputes the summary tables from the events and clears the pending
  // flag, in one transaction.
  Status RebuildSummaries() {
    stmts_.clear();  // cached statements would keep the temp schema busy
    DYAD_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
    Status s = Exec(db_, kRebuildSummaries);
    if (s.ok()) s = Exec(db_, "DELETE FROM meta WHERE key = 'summaries_pending'");
    if (s.ok()) s = Exec(db_, "COMMIT");
    if (!s.ok()) Exec(db_, "ROLLBACK");
    return s;
  }

  // EndBulk of a load into an empty store: summary tables from the mentions
  // collected by Write (sorted by SortBulk), written in key order in one
  // transaction; `finish` also clears the pending flag.
  Status WriteBulkSummaries(bool groups, bool publishers, bool finish) {
    DYAD_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
    Status s = WriteBulkSummaryRows(db_, groups, publishers);
    if (s.ok() && finish) s = Exec(db_, "DELETE FROM meta WHERE key = 'summaries_pending'");
    if (s.ok()) s = Exec(db_, "COMMIT");
    if (!s.ok()) Exec(db_, "ROLLBACK");
    return s;
  }

  // A side file next to the store (not for in-memory or temporary stores).
  bool SideFilePossible() const { return !path_.empty() && path_ != ":memory:" && path_.rfind("file:", 0) != 0; }
  std::string SideFilePath() const { return path_ + "-bulksum"; }
  void RemoveSideFile() const {
    for (const char* ext : {"", "-journal", "-wal", "-shm"}) std::remove((SideFilePath() + ext).c_str());
  }

  // Runs on a second thread during EndBulk: the summary tables, from the
  // sorted mentions, into a fresh side file with its own connection (no
  // journal, no sync: the file is thrown away if anything fails). Reads
  // bulk_ and the actor/code caches, which nothing changes meanwhile.
  Status BuildSummaryFile(const std::string& side) {
    DbCloser c;
    if (sqlite3_open_v2(side.c_str(), &c.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK)
      return Status::IoError(side + ": cannot create the bulk-load side file");
    DYAD_RETURN_IF_ERROR(Exec(c.db, "PRAGMA page_size=16384; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                                    "PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-65536;"));
    DYAD_RETURN_IF_ERROR(Exec(c.db, kSummaryTablesDdl));
    DYAD_RETURN_IF_ERROR(Exec(c.db, "BEGIN"));
    DYAD_RETURN_IF_ERROR(WriteBulkSummaryRows(c.db, /*groups=*/false, /*publishers=*/true));
    return Exec(c.db, "COMMIT");
  }

  // Copies the side file's group_publishers into the (empty) table of the
  // store and clears the pending flag, in one transaction.
  Status MergeSummaryFile(const std::string& side) {
    {
      DYAD_ASSIGN_OR_RETURN(Stmt at, Prepare(db_, "ATTACH ?1 AS bulksum"));
      at.Text(1, side);
      DYAD_RETURN_IF_ERROR(Run(db_, at, "attaching the bulk-load side file"));
    }
    Status s = Exec(db_, "BEGIN IMMEDIATE");
    if (s.ok()) {
      s = Exec(db_,
               "INSERT INTO main.group_publishers SELECT * FROM bulksum.group_publishers; "
               "DELETE FROM main.meta WHERE key = 'summaries_pending';");
      if (s.ok()) s = Exec(db_, "COMMIT");
      if (!s.ok()) Exec(db_, "ROLLBACK");
    }
    (void)Exec(db_, "DETACH bulksum");  // a failure here leaves it attached to this connection only
    return s;
  }

  // Sorts the mentions of a deferred bulk load by group key and publisher
  // (the primary-key order of the group tables).
  void SortBulk() {
    std::sort(bulk_.begin(), bulk_.end(), [](const BulkMention& x, const BulkMention& y) {
      return std::tie(x.src_party, x.tgt_party, x.date, x.src, x.tgt, x.code, x.publisher) <
             std::tie(y.src_party, y.tgt_party, y.date, y.src, y.tgt, y.code, y.publisher);
    });
  }

  // The summary rows of a deferred bulk load into `db` (inside the
  // caller's transaction), from the sorted mentions, in key order:
  // event_groups and dyad_month (`groups`) and/or group_publishers.
  // Reads bulk_ and the caches only (two threads may run it at once).
  Status WriteBulkSummaryRows(sqlite3* db, bool write_groups, bool write_publishers) {
    std::unordered_map<int64_t, const ActorInfo*> actor_by_id;
    for (const auto& [code, info] : actors_) actor_by_id[info.id] = &info;
    std::unordered_map<int64_t, const CodeInfo*> code_by_id;
    for (const auto& [code, info] : codes_) code_by_id[info.id] = &info;
    struct MonthKeyHash {
      size_t operator()(const MonthKey& k) const {
        return std::hash<int64_t>()((k.src_party * 1000003 + k.tgt_party) * 1000003 + k.month * 8 + k.quad);
      }
    };
    struct MonthKeyEq {
      bool operator()(const MonthKey& x, const MonthKey& y) const {
        return x.src_party == y.src_party && x.tgt_party == y.tgt_party && x.month == y.month && x.quad == y.quad;
      }
    };
    std::unordered_map<MonthKey, MonthDelta, MonthKeyHash, MonthKeyEq> months;
    {
      Stmt gp, eg, dm;
      if (write_publishers) {
        DYAD_ASSIGN_OR_RETURN(gp, Prepare(db, "INSERT INTO group_publishers VALUES(?,?,?,?,?,?,?,?)"));
      }
      if (write_groups) {
        DYAD_ASSIGN_OR_RETURN(eg, Prepare(db, "INSERT INTO event_groups VALUES(?,?,?,?,?,?,?,?,?)"));
        DYAD_ASSIGN_OR_RETURN(dm, Prepare(db, "INSERT INTO dyad_month VALUES(?,?,?,?,?,?,?,?)"));
      }
      auto same_group = [](const BulkMention& x, const BulkMention& y) {
        return x.date == y.date && x.src == y.src && x.tgt == y.tgt && x.code == y.code;
      };
      for (size_t i = 0; i < bulk_.size();) {
        const BulkMention& k = bulk_[i];
        int64_t mentions = 0, stories = 0, sources = 0;
        size_t j = i;
        while (j < bulk_.size() && same_group(bulk_[j], k)) {
          const int32_t pub = bulk_[j].publisher;
          int64_t pub_stories = 0;
          for (; j < bulk_.size() && same_group(bulk_[j], k) && bulk_[j].publisher == pub; ++j) {
            ++mentions;
            pub_stories += bulk_[j].first_in_story;
          }
          if (write_publishers) {
            gp.Int(1, k.src_party).Int(2, k.tgt_party).Int(3, k.date).Int(4, k.src).Int(5, k.tgt).Int(6, k.code);
            gp.Int(7, pub).Int(8, pub_stories);
            DYAD_RETURN_IF_ERROR(Run(db, gp, "writing group_publishers"));
          }
          stories += pub_stories;
          ++sources;
        }
        if (!write_groups) {
          i = j;
          continue;
        }
        eg.Int(1, k.src_party).Int(2, k.tgt_party).Int(3, k.date).Int(4, k.src).Int(5, k.tgt).Int(6, k.code);
        eg.Int(7, mentions).Int(8, stories).Int(9, sources);
        DYAD_RETURN_IF_ERROR(Run(db, eg, "writing event_groups"));
        auto a = actor_by_id.find(k.src), b = actor_by_id.find(k.tgt);
        auto c = code_by_id.find(k.code);
        if (a == actor_by_id.end() || b == actor_by_id.end() || c == code_by_id.end())
          return Status::Corruption("bulk load: an event refers to an unknown actor or code id");
        MonthDelta& m = months[MonthKey{a->second->party, b->second->party, MonthOf(Date{k.date}), c->second->quad}];
        m.mentions += mentions;
        m.gsum_mentions += static_cast<double>(mentions) * c->second->goldstein;
        m.events += 1;
        m.gsum_events += c->second->goldstein;
        i = j;
      }
      std::vector<std::pair<MonthKey, MonthDelta>> sorted(months.begin(), months.end());
      std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
      for (const auto& [k, d] : sorted) {
        dm.Int(1, k.src_party).Int(2, k.tgt_party).Int(3, k.month).Int(4, k.quad);
        dm.Int(5, d.mentions).Real(6, d.gsum_mentions).Int(7, d.events).Real(8, d.gsum_events);
        DYAD_RETURN_IF_ERROR(Run(db, dm, "writing dyad_month"));
      }
    }
    return Status::Ok();
  }

  Status LoadCaches() {
    parties_.clear();
    party_codes_.clear();
    actors_.clear();
    codes_.clear();
    publishers_.clear();
    DYAD_ASSIGN_OR_RETURN(Stmt p, Prepare(db_, "SELECT id, code FROM parties"));
    while (p.Step() == SQLITE_ROW) {
      parties_[p.ColText(1)] = p.ColInt(0);
      party_codes_[p.ColInt(0)] = p.ColText(1);
    }
    DYAD_ASSIGN_OR_RETURN(Stmt a, Prepare(db_, "SELECT id, code, party FROM actors"));
    while (a.Step() == SQLITE_ROW) actors_[a.ColText(1)] = ActorInfo{a.ColInt(0), a.ColInt(2)};
    DYAD_ASSIGN_OR_RETURN(Stmt c, Prepare(db_, "SELECT id, code, quad, goldstein, root FROM codes"));
    code_by_id_.clear();
    while (c.Step() == SQLITE_ROW) {
      CodeInfo info{c.ColInt(0), static_cast<int>(c.ColInt(2)), c.ColReal(3), static_cast<int>(c.ColInt(4))};
      codes_[c.ColText(1)] = info;
      SetCodeById(info);
    }
    DYAD_ASSIGN_OR_RETURN(Stmt u, Prepare(db_, "SELECT id, name FROM publishers"));
    while (u.Step() == SQLITE_ROW) publishers_[u.ColText(1)] = u.ColInt(0);
    return Status::Ok();
  }

  Result<Stmt*> S(const char* sql) {
    auto it = stmts_.find(sql);
    if (it != stmts_.end()) return &it->second;
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, sql, true));
    return &stmts_.emplace(sql, std::move(st)).first->second;
  }

  Result<int64_t> InsertReturningId(const char* sql, const std::function<void(Stmt&)>& bind) {
    DYAD_ASSIGN_OR_RETURN(Stmt * st, S(sql));
    bind(*st);
    DYAD_RETURN_IF_ERROR(Run(db_, *st, sql));
    return sqlite3_last_insert_rowid(db_);
  }

  Result<int64_t> PartyId(const std::string& code) {
    auto it = parties_.find(code);
    if (it != parties_.end()) return it->second;
    DYAD_ASSIGN_OR_RETURN(int64_t id, InsertReturningId("INSERT INTO parties(code) VALUES(?)",
                                                        [&](Stmt& s) { s.Text(1, code); }));
    parties_[code] = id;
    party_codes_[id] = code;
    return id;
  }
  Result<ActorInfo> Actor(const std::string& code, const std::string& party_hint) {
    auto it = actors_.find(code);
    if (it != actors_.end()) return it->second;
    DYAD_ASSIGN_OR_RETURN(int64_t party, PartyId(party_hint.empty() ? PartyOf(code) : party_hint));
    DYAD_ASSIGN_OR_RETURN(int64_t id, InsertReturningId("INSERT INTO actors(code, party) VALUES(?, ?)",
                                                        [&](Stmt& s) { s.Text(1, code).Int(2, party); }));
    return actors_[code] = ActorInfo{id, party};
  }
  Result<CodeInfo> Code(const EventRecord& e) {
    auto it = codes_.find(e.code);
    if (it != codes_.end()) return it->second;
    DYAD_ASSIGN_OR_RETURN(
        int64_t id, InsertReturningId("INSERT INTO codes(code, root, quad, goldstein, plover) VALUES(?,?,?,?,?)",
                                      [&](Stmt& s) {
                                        s.Text(1, e.code).Int(2, e.root).Int(3, e.quad_class).Real(4, e.goldstein);
                                        s.TextOrNull(5, e.plover);
                                      }));
    CodeInfo info{id, e.quad_class, e.goldstein, e.root};
    SetCodeById(info);
    return codes_[e.code] = info;
  }
  void SetCodeById(const CodeInfo& info) {
    const auto i = static_cast<size_t>(info.id);
    if (code_by_id_.size() <= i) code_by_id_.resize(i + 1, CodeInfo{-1, 0, 0, 0});
    code_by_id_[i] = info;
  }
  // Quad class and Goldstein of a stored code id (every event row carries
  // its code's values; queries of the group tables take them from here).
  const CodeInfo* CodeById(int64_t id) const {
    const auto i = static_cast<size_t>(id);
    return id >= 0 && i < code_by_id_.size() && code_by_id_[i].id == id ? &code_by_id_[i] : nullptr;
  }
  Result<int64_t> Publisher(const std::string& name) {
    auto it = publishers_.find(name);
    if (it != publishers_.end()) return it->second;
    DYAD_ASSIGN_OR_RETURN(int64_t id, InsertReturningId("INSERT INTO publishers(name) VALUES(?)",
                                                        [&](Stmt& s) { s.Text(1, name); }));
    return publishers_[name] = id;
  }

  // Adds +-1 mention of a group; `first_in_story` when this story had no
  // other mention of the group.
  void AddMention(const GroupKey& k, int64_t src_party, int64_t tgt_party, int quad, double g, int64_t publisher,
                  int sign, bool first_in_story) {
    GroupDelta& d = groups_[k];
    d.src_party = src_party;
    d.tgt_party = tgt_party;
    d.quad = quad;
    d.goldstein = g;
    d.mentions += sign;
    if (first_in_story) {
      d.stories += sign;
      bool found = false;
      for (auto& [p, n] : d.publishers)
        if (p == publisher) {
          n += sign;
          found = true;
        }
      if (!found) d.publishers.emplace_back(publisher, sign);
    }
  }

  // A stored story: its row id, publisher and the date range of its events
  // (events are keyed by (date, story, seq): the range finds them).
  struct StoredStory {
    int64_t id = -1;
    int64_t publisher = 0;
    bool has_events = false;
    int32_t ev_min = 0, ev_max = 0;
  };

  // Reads a stored story's events (all dates of its range, one key seek per
  // day for a short range, a range scan otherwise), adding their group keys
  // to `keys` (for append) and, with `remove`, subtracting them from the
  // aggregates and deleting them (the caller rewrites the story row).
  Status LoadStoryEvents(const StoredStory& story, bool remove, std::unordered_set<GroupKey, GroupKeyHash>* keys,
                         int64_t* max_seq) {
    if (story.has_events) {
      const bool per_day = story.ev_max - story.ev_min <= 62;
      DYAD_ASSIGN_OR_RETURN(
          Stmt * st, S(per_day ? "SELECT date, src, tgt, code, src_party, tgt_party, quad, goldstein, seq FROM events "
                                 "WHERE date=?2 AND story=?1"
                               : "SELECT date, src, tgt, code, src_party, tgt_party, quad, goldstein, seq FROM events "
                                 "WHERE date BETWEEN ?2 AND ?3 AND story=?1"));
      DYAD_ASSIGN_OR_RETURN(Stmt * del, S(per_day ? "DELETE FROM events WHERE date=?2 AND story=?1"
                                                  : "DELETE FROM events WHERE date BETWEEN ?2 AND ?3 AND story=?1"));
      for (int32_t day = story.ev_min; day <= (per_day ? story.ev_max : story.ev_min); ++day) {
        st->Int(1, story.id).Int(2, day);
        if (!per_day) st->Int(3, story.ev_max);
        int rc;
        while ((rc = st->Step()) == SQLITE_ROW) {
          GroupKey k{static_cast<int32_t>(st->ColInt(0)), st->ColInt(1), st->ColInt(2), st->ColInt(3)};
          bool first = keys->insert(k).second;
          if (remove)
            AddMention(k, st->ColInt(4), st->ColInt(5), static_cast<int>(st->ColInt(6)), st->ColReal(7),
                       story.publisher, -1, first);
          *max_seq = std::max(*max_seq, st->ColInt(8));
        }
        st->Reset();
        if (rc != SQLITE_DONE) return SqlError(db_, "reading a story's events");
        if (remove) {
          del->Int(1, story.id).Int(2, day);
          if (!per_day) del->Int(3, story.ev_max);
          DYAD_RETURN_IF_ERROR(Run(db_, *del, "deleting events"));
        }
      }
    }
    return Status::Ok();
  }

  // An event of the batch being written, resolved, waiting to be inserted.
  struct PendingEvent {
    int32_t date;
    int64_t story, seq;
    const EventRecord* event;
    ActorInfo src, tgt;
    CodeInfo code;
  };

  Status InsertEvent(const PendingEvent& p) {
    DYAD_ASSIGN_OR_RETURN(Stmt * ev, S("INSERT INTO events(story, seq, sentence, date, src, tgt, src_party, "
                                       "tgt_party, code, quad, goldstein, src_text, tgt_text, verb_text, "
                                       "verb_start, verb_end) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    const EventRecord& e = *p.event;
    ev->Int(1, p.story).Int(2, p.seq).Int(3, e.sentence).Int(4, p.date).Int(5, p.src.id).Int(6, p.tgt.id);
    ev->Int(7, p.src.party).Int(8, p.tgt.party).Int(9, p.code.id).Int(10, p.code.quad).Real(11, p.code.goldstein);
    ev->StaticTextOrNull(12, e.source_text).StaticTextOrNull(13, e.target_text).StaticTextOrNull(14, e.verb_text);
    if (e.verb_start >= 0) ev->Int(15, e.verb_start).Int(16, e.verb_end);
    return Run(db_, *ev, "inserting an event");
  }

  // Inserts the events of a batch held back so far, in key order (date,
  // story, seq): an input that is not sorted by date then touches the
  // table's pages in sequence, not at random.
  Status InsertPending(std::vector<PendingEvent>& pending) {
    std::sort(pending.begin(), pending.end(), [](const PendingEvent& x, const PendingEvent& y) {
      return std::tie(x.date, x.story, x.seq) < std::tie(y.date, y.story, y.seq);
    });
    for (const PendingEvent& p : pending) DYAD_RETURN_IF_ERROR(InsertEvent(p));
    pending.clear();
    return Status::Ok();
  }

  Status WriteInTransaction(const std::vector<StoryRecord>& batch, WriteStats* stats) {
    groups_.clear();
    months_.clear();
    std::vector<PendingEvent> pending;
    std::optional<PendingEvent> last;  // the last event inserted at once
    std::unordered_set<GroupKey, GroupKeyHash> keys;
    for (const StoryRecord& story : batch) {
      keys.clear();
      int64_t max_seq = -1;
      DYAD_ASSIGN_OR_RETURN(int64_t publisher, Publisher(story.source));
      StoredStory old;
      std::string old_sentences;  // packed, of a story appended to
      if (!(fresh_bulk_ && !story.append)) {
        DYAD_ASSIGN_OR_RETURN(Stmt * find, S("SELECT id, publisher, ev_min, ev_max, sentences FROM stories WHERE key=?"));
        find->Text(1, story.id);
        int rc = find->Step();
        if (rc == SQLITE_ROW) {
          old.id = find->ColInt(0);
          old.publisher = find->ColInt(1);
          old.has_events = !find->ColNull(2);
          old.ev_min = static_cast<int32_t>(find->ColInt(2));
          old.ev_max = static_cast<int32_t>(find->ColInt(3));
          if (story.append) old_sentences.assign(find->ColBlob(4));
        }
        find->Reset();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqlError(db_, "looking up a story");
      }
      // Date range of the story's events after this write.
      bool has_events = false;
      int32_t ev_min = 0, ev_max = 0;
      auto widen = [&](int32_t d) {
        ev_min = has_events ? std::min(ev_min, d) : d;
        ev_max = has_events ? std::max(ev_max, d) : d;
        has_events = true;
      };
      for (const EventRecord& e : story.events) widen(e.date.days);
      // The story's sentences, packed (an appended story keeps its old ones;
      // a new text for the same index replaces the old one).
      store::SentenceList sentences;
      if (!old_sentences.empty() && !store::UnpackSentences(old_sentences, &sentences))
        return Status::Corruption("story '" + story.id + "': malformed sentence blob");
      for (const auto& [idx, text] : story.sentences) sentences.emplace_back(idx, text);
      const std::string packed = store::PackSentences(std::move(sentences));
      stats->sentences += story.sentences.size();
      int64_t id = old.id;
      // A story stored earlier in this batch: its events must be in the
      // table before they are read back.
      if (id >= 0 && !pending.empty()) DYAD_RETURN_IF_ERROR(InsertPending(pending));
      if (id >= 0 && story.append) {
        publisher = old.publisher;  // one story, one publisher
        DYAD_RETURN_IF_ERROR(LoadStoryEvents(old, false, &keys, &max_seq));
        if (old.has_events) {
          widen(old.ev_min);
          widen(old.ev_max);
        }
        DYAD_ASSIGN_OR_RETURN(Stmt * up, S("UPDATE stories SET ev_min=?, ev_max=?, sentences=? WHERE id=?"));
        if (has_events) up->Int(1, ev_min).Int(2, ev_max); else up->Null(1).Null(2);
        up->StaticBlob(3, packed).Int(4, id);
        DYAD_RETURN_IF_ERROR(Run(db_, *up, "updating a story"));
        ++stats->stories_appended;
      } else if (id >= 0) {
        DYAD_RETURN_IF_ERROR(LoadStoryEvents(old, true, &keys, &max_seq));
        keys.clear();
        max_seq = -1;
        DYAD_ASSIGN_OR_RETURN(Stmt * up, S("UPDATE stories SET date=?, url=?, publisher=?, origin=?, ev_min=?, ev_max=?, "
                                           "sentences=? WHERE id=?"));
        up->Int(1, story.date.days).TextOrNull(2, story.url).Int(3, publisher).TextOrNull(4, story.origin);
        if (has_events) up->Int(5, ev_min).Int(6, ev_max); else up->Null(5).Null(6);
        up->StaticBlob(7, packed).Int(8, id);
        DYAD_RETURN_IF_ERROR(Run(db_, *up, "updating a story"));
        ++stats->stories_replaced;
      } else {
        DYAD_ASSIGN_OR_RETURN(
            id, InsertReturningId("INSERT INTO stories(key, date, url, publisher, origin, ev_min, ev_max, sentences) "
                                  "VALUES(?,?,?,?,?,?,?,?)",
                                  [&](Stmt& s) {
                                    s.Text(1, story.id).Int(2, story.date.days).TextOrNull(3, story.url);
                                    s.Int(4, publisher).TextOrNull(5, story.origin);
                                    if (has_events) s.Int(6, ev_min).Int(7, ev_max); else s.Null(6).Null(7);
                                    s.StaticBlob(8, packed);
                                  }));
        ++stats->stories_new;
      }
      for (const EventRecord& e : story.events) {
        DYAD_ASSIGN_OR_RETURN(ActorInfo src, Actor(e.source, e.source_country));
        DYAD_ASSIGN_OR_RETURN(ActorInfo tgt, Actor(e.target, e.target_country));
        DYAD_ASSIGN_OR_RETURN(CodeInfo code, Code(e));
        // In key order so far (a date-sorted input): inserted at once, while
        // the record is in the cache; after the first event out of order,
        // the rest of the batch is held back and sorted.
        PendingEvent pe{e.date.days, id, ++max_seq, &e, src, tgt, code};
        if (pending.empty() && (!last || std::tie(last->date, last->story, last->seq) < std::tie(pe.date, pe.story, pe.seq))) {
          DYAD_RETURN_IF_ERROR(InsertEvent(pe));
          last = pe;
        } else {
          pending.push_back(pe);
        }
        GroupKey k{e.date.days, src.id, tgt.id, code.id};
        if (!fresh_bulk_) {
          AddMention(k, src.party, tgt.party, code.quad, code.goldstein, publisher, +1, keys.insert(k).second);
        } else if (!bulk_overflow_) {
          if (bulk_.size() >= kMaxBulkMentions) {
            bulk_overflow_ = true;
            bulk_.clear();
            bulk_.shrink_to_fit();
          } else {
            bulk_.push_back(BulkMention{static_cast<int32_t>(src.party), static_cast<int32_t>(tgt.party), k.date,
                                        static_cast<int32_t>(k.src), static_cast<int32_t>(k.tgt),
                                        static_cast<int32_t>(k.code), static_cast<int32_t>(publisher),
                                        keys.insert(k).second});
          }
        }
        ++stats->events;
      }
    }
    DYAD_RETURN_IF_ERROR(InsertPending(pending));
    return fresh_bulk_ ? Status::Ok() : FlushAggregates();
  }

  Status FlushAggregates() {
    // Upserts return the new counts (old = new - delta): one B-tree visit per
    // group and per (group, publisher) instead of a read and a write.
    DYAD_ASSIGN_OR_RETURN(Stmt * up, S("INSERT INTO event_groups VALUES(?1,?2,?3,?4,?5,?6,?7,?8,0) ON CONFLICT DO UPDATE "
                                       "SET mentions=mentions+excluded.mentions, stories=stories+excluded.stories "
                                       "RETURNING mentions, sources"));
    DYAD_ASSIGN_OR_RETURN(Stmt * setsrc, S("UPDATE event_groups SET sources=sources+?7 WHERE src_party=?1 AND "
                                           "tgt_party=?2 AND date=?3 AND src=?4 AND tgt=?5 AND code=?6"));
    DYAD_ASSIGN_OR_RETURN(Stmt * del, S("DELETE FROM event_groups WHERE src_party=?1 AND tgt_party=?2 AND date=?3 "
                                        "AND src=?4 AND tgt=?5 AND code=?6"));
    DYAD_ASSIGN_OR_RETURN(Stmt * pup, S("INSERT INTO group_publishers VALUES(?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT DO "
                                        "UPDATE SET stories=stories+excluded.stories RETURNING stories"));
    DYAD_ASSIGN_OR_RETURN(Stmt * pdel, S("DELETE FROM group_publishers WHERE src_party=?1 AND tgt_party=?2 AND "
                                         "date=?3 AND src=?4 AND tgt=?5 AND code=?6 AND publisher=?7"));
    auto bind_key = [](Stmt* s, const GroupKey& k, const GroupDelta& d) {
      s->Int(1, d.src_party).Int(2, d.tgt_party).Int(3, k.date).Int(4, k.src).Int(5, k.tgt).Int(6, k.code);
    };
    // Visit the groups in primary-key order: B-tree pages are then touched
    // in sequence, not at random.
    std::vector<const std::pair<const GroupKey, GroupDelta>*> order;
    order.reserve(groups_.size());
    for (const auto& g : groups_) order.push_back(&g);
    std::sort(order.begin(), order.end(), [](auto* x, auto* y) {
      return std::tie(x->second.src_party, x->second.tgt_party, x->first.date, x->first.src, x->first.tgt,
                      x->first.code) < std::tie(y->second.src_party, y->second.tgt_party, y->first.date,
                                                 y->first.src, y->first.tgt, y->first.code);
    });
    for (const auto* entry : order) {
      const GroupKey& k = entry->first;
      const GroupDelta& d = entry->second;
      if (d.mentions != 0) {
        MonthDelta& m = months_[MonthKey{d.src_party, d.tgt_party, MonthOf(Date{k.date}), d.quad}];
        m.mentions += d.mentions;
        m.gsum_mentions += static_cast<double>(d.mentions) * d.goldstein;
      }
      int64_t source_delta = 0;
      for (const auto& [pub, delta] : d.publishers) {
        if (delta == 0) continue;
        bind_key(pup, k, d);
        pup->Int(7, pub).Int(8, delta);
        int rc = pup->Step();
        int64_t new_p = rc == SQLITE_ROW ? pup->ColInt(0) : -1;
        pup->Reset();
        if (rc != SQLITE_ROW) return SqlError(db_, "writing a group publisher");
        int64_t old_p = new_p - delta;
        if (new_p < 0 || old_p < 0) return Status::Corruption("group publisher count below zero");
        if (new_p == 0) {
          bind_key(pdel, k, d);
          pdel->Int(7, pub);
          DYAD_RETURN_IF_ERROR(Run(db_, *pdel, "deleting a group publisher"));
          --source_delta;
        } else if (old_p == 0) {
          ++source_delta;
        }
      }
      if (d.mentions == 0 && d.stories == 0 && source_delta == 0) continue;
      bind_key(up, k, d);
      up->Int(7, d.mentions).Int(8, d.stories);
      int rc = up->Step();
      int64_t new_m = rc == SQLITE_ROW ? up->ColInt(0) : -1;
      up->Reset();
      if (rc != SQLITE_ROW) return SqlError(db_, "writing an event group");
      int64_t old_m = new_m - d.mentions;
      if (new_m < 0 || old_m < 0) return Status::Corruption("event group mention count below zero");
      if (new_m == 0) {
        bind_key(del, k, d);
        DYAD_RETURN_IF_ERROR(Run(db_, *del, "deleting an event group"));
      } else if (source_delta != 0) {
        bind_key(setsrc, k, d);
        setsrc->Int(7, source_delta);
        DYAD_RETURN_IF_ERROR(Run(db_, *setsrc, "counting a group's sources"));
      }
      int ev = (old_m == 0 && new_m > 0) ? 1 : (old_m > 0 && new_m == 0) ? -1 : 0;
      if (ev != 0) {
        MonthDelta& m = months_[MonthKey{d.src_party, d.tgt_party, MonthOf(Date{k.date}), d.quad}];
        m.events += ev;
        m.gsum_events += ev * d.goldstein;
      }
    }
    DYAD_ASSIGN_OR_RETURN(Stmt * mput, S("INSERT INTO dyad_month VALUES(?,?,?,?,?,?,?,?) ON CONFLICT DO UPDATE SET "
                                         "mentions=mentions+excluded.mentions, "
                                         "gsum_mentions=gsum_mentions+excluded.gsum_mentions, "
                                         "events=events+excluded.events, gsum_events=gsum_events+excluded.gsum_events"));
    DYAD_ASSIGN_OR_RETURN(Stmt * mdel, S("DELETE FROM dyad_month WHERE src_party=? AND tgt_party=? AND month=? "
                                         "AND quad=? AND mentions<=0"));
    for (const auto& [k, d] : months_) {
      if (d.mentions == 0 && d.events == 0) continue;
      mput->Int(1, k.src_party).Int(2, k.tgt_party).Int(3, k.month).Int(4, k.quad);
      mput->Int(5, d.mentions).Real(6, d.gsum_mentions).Int(7, d.events).Real(8, d.gsum_events);
      DYAD_RETURN_IF_ERROR(Run(db_, *mput, "updating dyad_month"));
      if (d.mentions < 0) {
        mdel->Int(1, k.src_party).Int(2, k.tgt_party).Int(3, k.month).Int(4, k.quad);
        DYAD_RETURN_IF_ERROR(Run(db_, *mdel, "pruning dyad_month"));
      }
    }
    groups_.clear();
    months_.clear();
    return Status::Ok();
  }

  Result<Resolved> Resolve(const ActorSpec& spec) {
    Resolved r;
    if (spec.empty()) return r;
    r.any = false;
    std::string code = spec.code;
    for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto p = parties_.find(code);
    if (p != parties_.end()) {
      r.parties.push_back(p->second);
      return r;
    }
    r.by_actor = true;
    std::set<int64_t> parties;
    for (const auto& [a, info] : actors_)
      if (a.compare(0, code.size(), code) == 0) {
        r.actors.insert(info.id);
        parties.insert(info.party);
      }
    if (r.actors.empty())
      return Status::NotFound("no country or actor '" + spec.code + "' in the store");
    r.parties.assign(parties.begin(), parties.end());
    return r;
  }

  std::string PartyCode(int64_t id) const {
    auto it = party_codes_.find(id);
    return it == party_codes_.end() ? std::string() : it->second;
  }

  sqlite3* db_ = nullptr;
  std::string path_;
  bool read_only_ = false;
  bool fresh_bulk_ = false;
  std::unordered_map<std::string, int64_t> parties_;
  std::unordered_map<int64_t, std::string> party_codes_;
  std::unordered_map<std::string, ActorInfo> actors_;
  std::unordered_map<std::string, CodeInfo> codes_;
  std::vector<CodeInfo> code_by_id_;  // index = code id; id -1 = unused slot
  std::unordered_map<std::string, int64_t> publishers_;
  std::unordered_map<const char*, Stmt> stmts_;
  std::unordered_map<GroupKey, GroupDelta, GroupKeyHash> groups_;
  std::map<MonthKey, MonthDelta> months_;
  std::vector<BulkMention> bulk_;  // fresh bulk load: every stored mention
  bool bulk_overflow_ = false;     // too many: EndBulk rebuilds with SQL

};

// ------------------------------------------------------------- queries --

Status SqliteStore::ScanEvents(const EventFilter& f, const std::function<bool(const EventRecord&)>& fn) {
  std::string where = " WHERE 1";
  auto side = [&](const ActorSpec& spec, const char* actor_col, const char* party_col) -> Result<std::string> {
    DYAD_ASSIGN_OR_RETURN(Resolved r, Resolve(spec));
    if (r.by_actor) {
      std::vector<int64_t> ids(r.actors.begin(), r.actors.end());
      std::sort(ids.begin(), ids.end());
      // The party condition (one integer) is tested before the actor list.
      return "(" + std::string(party_col) + " IN " + IdList(r.parties) + " AND " + actor_col + " IN " + IdList(ids) + ")";
    }
    return std::string(party_col) + " IN " + IdList(r.parties);
  };
  std::string either_src, either_tgt;  // --actor: either side (OR-ed below)
  if (!f.actor.empty()) {
    DYAD_ASSIGN_OR_RETURN(either_src, side(f.actor, "e.src", "e.src_party"));
    DYAD_ASSIGN_OR_RETURN(either_tgt, side(f.actor, "e.tgt", "e.tgt_party"));
  }
  if (!f.source.empty()) {
    DYAD_ASSIGN_OR_RETURN(std::string a, side(f.source, "e.src", "e.src_party"));
    where += " AND " + a;
  }
  if (!f.target.empty()) {
    DYAD_ASSIGN_OR_RETURN(std::string a, side(f.target, "e.tgt", "e.tgt_party"));
    where += " AND " + a;
  }
  if (!f.code.empty() || f.root || f.quad_class) {
    std::vector<int64_t> ids;
    for (const auto& [code, info] : codes_)
      if ((f.code.empty() || code.compare(0, f.code.size(), f.code) == 0) && (!f.root || info.root == f.root) &&
          (!f.quad_class || info.quad == f.quad_class))  // quad by code
        ids.push_back(info.id);
    if (ids.empty()) return Status::Ok();  // no such code stored: nothing matches
    where += " AND e.code IN " + IdList(ids);
  }
  if (f.from) where += " AND e.date >= " + std::to_string(f.from->days);
  if (f.to) where += " AND e.date <= " + std::to_string(f.to->days);
  const std::string limit = f.limit ? " LIMIT " + std::to_string(f.limit) : "";
  // The primary-key order (date, story, seq): no sort, and a LIMIT stops
  // the walk early. Conditions on the event row are tested before its
  // joins.
  const std::string order = " ORDER BY e.date, e.story, e.seq";
  const std::string columns =
      "SELECT s.key, e.sentence, e.date, a1.code, a2.code, p1.code, p2.code, c.code, c.root, e.quad, e.goldstein, "
      "c.plover, dyad_sentence(s.sentences, e.sentence), e.src_text, e.tgt_text, e.verb_text, e.verb_start, "
      "e.verb_end, s.url, pub.name ";
  const std::string joins =
      "JOIN stories s ON s.id = e.story JOIN actors a1 ON a1.id = e.src "
      "JOIN actors a2 ON a2.id = e.tgt JOIN parties p1 ON p1.id = e.src_party "
      "JOIN parties p2 ON p2.id = e.tgt_party JOIN codes c ON c.id = e.code "
      "LEFT JOIN publishers pub ON pub.id = s.publisher ";
  if (!either_src.empty()) where += " AND (" + either_src + " OR " + either_tgt + ")";
  std::string sql = columns + "FROM events e " + joins + where;
  if (!f.text.empty()) sql += " AND instr(lower(dyad_sentence(s.sentences, e.sentence)), lower(?1)) > 0";
  sql += order + limit;
  DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, sql));
  if (!f.text.empty()) st.Text(1, f.text);
  int rc;
  EventRecord e;
  while ((rc = st.Step()) == SQLITE_ROW) {
    e.story_id = st.ColText(0);
    e.sentence = static_cast<uint32_t>(st.ColInt(1));
    e.date = Date{static_cast<int32_t>(st.ColInt(2))};
    e.source = st.ColText(3);
    e.target = st.ColText(4);
    e.source_country = st.ColText(5);
    e.target_country = st.ColText(6);
    e.code = st.ColText(7);
    e.root = static_cast<int>(st.ColInt(8));
    e.quad_class = static_cast<int>(st.ColInt(9));
    e.goldstein = st.ColReal(10);
    e.plover = st.ColText(11);
    e.text = st.ColText(12);
    e.source_text = st.ColText(13);
    e.target_text = st.ColText(14);
    e.verb_text = st.ColText(15);
    e.verb_start = st.ColNull(16) ? -1 : static_cast<int32_t>(st.ColInt(16));
    e.verb_end = st.ColNull(17) ? -1 : static_cast<int32_t>(st.ColInt(17));
    e.url = st.ColText(18);
    e.story_source = st.ColText(19);
    if (!fn(e)) return Status::Ok();
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "listing events");
  return Status::Ok();
}

bool MonthAligned(const std::optional<Date>& from, const std::optional<Date>& to) {
  if (from) {
    int y, m, d;
    from->ToYmd(y, m, d);
    if (d != 1) return false;
  }
  if (to) {
    int y, m, d;
    Date{to->days + 1}.ToYmd(y, m, d);
    if (d != 1) return false;
  }
  return true;
}

Result<std::vector<AggregateCell>> SqliteStore::Aggregate(const AggregateQuery& q) {
  if (q.a.empty()) return Status::InvalidArgument("aggregate needs an actor or country");
  DYAD_ASSIGN_OR_RETURN(Resolved a, Resolve(q.a));
  DYAD_ASSIGN_OR_RETURN(Resolved b, Resolve(q.b));
  std::map<std::tuple<int32_t, bool, int64_t, int>, std::pair<uint64_t, double>> cells;
  const bool events = q.counting == Counting::kEvents;

  if (!a.by_actor && !b.by_actor && (q.by == Granularity::kMonth || q.by == Granularity::kYear) &&
      MonthAligned(q.from, q.to)) {
    // Summary table path: per (party, party, month, quad) aggregates.
    for (int dir = 0; dir < (q.both_directions ? 2 : 1); ++dir) {
      const bool forward = dir == 0;
      std::string sql = std::string("SELECT month, ") + (forward ? "tgt_party" : "src_party") + ", quad, " +
                        (events ? "events, gsum_events" : "mentions, gsum_mentions") + " FROM dyad_month WHERE " +
                        (forward ? "src_party" : "tgt_party") + " = " + std::to_string(a.parties[0]);
      if (!b.any) sql += std::string(" AND ") + (forward ? "tgt_party" : "src_party") + " IN " + IdList(b.parties);
      // A -> A rows were counted by the forward pass.
      if (!forward) sql += " AND src_party != " + std::to_string(a.parties[0]);
      if (q.from) sql += " AND month >= " + std::to_string(MonthOf(*q.from));
      if (q.to) sql += " AND month <= " + std::to_string(MonthOf(*q.to));
      DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, sql));
      int rc;
      while ((rc = st.Step()) == SQLITE_ROW) {
        if (st.ColInt(3) == 0) continue;
        Date start = Bucket(MonthStart(static_cast<int32_t>(st.ColInt(0))), q.by);
        auto& c = cells[{start.days, forward, st.ColInt(1), static_cast<int>(st.ColInt(2))}];
        c.first += static_cast<uint64_t>(st.ColInt(3));
        c.second += st.ColReal(4);
      }
      if (rc != SQLITE_DONE) return SqlError(db_, "reading dyad_month");
    }
  } else {
    // Group path: event_groups is keyed by (src_party, tgt_party, date, src,
    // tgt, code), one row per de-duplicated event with its mention count.
    // The reverse direction lists the source parties (all of them when B
    // is anyone), so both directions are primary-key range reads.
    std::vector<int64_t> all_parties;
    for (const auto& [id, code] : party_codes_) all_parties.push_back(id);
    std::sort(all_parties.begin(), all_parties.end());
    for (int dir = 0; dir < (q.both_directions ? 2 : 1); ++dir) {
      const bool forward = dir == 0;
      const Resolved& src = forward ? a : b;
      const Resolved& tgt = forward ? b : a;
      // Actor columns only for actor prefixes (fewer columns decoded per row).
      const bool by_actor = a.by_actor || b.by_actor;
      std::string sql = std::string("SELECT date, code, src_party, tgt_party, mentions") +
                        (by_actor ? ", src, tgt" : "") + " FROM event_groups WHERE ";
      if (forward) {
        sql += "src_party IN " + IdList(a.parties);
        if (!b.any) sql += " AND tgt_party IN " + IdList(b.parties);
      } else {
        sql += "src_party IN " + IdList(b.any ? all_parties : b.parties) + " AND tgt_party IN " + IdList(a.parties);
      }
      if (q.from) sql += " AND date >= " + std::to_string(q.from->days);
      if (q.to) sql += " AND date <= " + std::to_string(q.to->days);
      DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, sql));
      int rc;
      // Cells keyed in a hash map while reading (rows come by dyad and
      // date, not by period), ordered when copied into `cells`.
      struct CellKeyHash {
        size_t operator()(const std::tuple<int32_t, bool, int64_t, int>& k) const {
          uint64_t h = static_cast<uint64_t>(std::get<0>(k)) * 0x9E3779B97F4A7C15ULL;
          h ^= (static_cast<uint64_t>(std::get<2>(k)) << 4 | static_cast<uint64_t>(std::get<3>(k)) << 1 |
                static_cast<uint64_t>(std::get<1>(k))) * 0xC2B2AE3D27D4EB4FULL;
          return h ^ (h >> 29);
        }
      };
      std::unordered_map<std::tuple<int32_t, bool, int64_t, int>, std::pair<uint64_t, double>, CellKeyHash> found;
      int32_t last_date = INT32_MIN;
      Date start;
      while ((rc = st.Step()) == SQLITE_ROW) {
        const int64_t sp = st.ColInt(2), tp = st.ColInt(3);
        const int64_t s = by_actor ? st.ColInt(5) : 0, t = by_actor ? st.ColInt(6) : 0;
        if (!src.Matches(s, sp) || !tgt.Matches(t, tp)) continue;
        // Groups already counted in the forward pass (A and B overlap).
        if (!forward && a.Matches(s, sp) && b.Matches(t, tp)) continue;
        const int64_t code_id = st.ColInt(1);
        const CodeInfo* code = CodeById(code_id);
        if (!code) return Status::Corruption("an event group refers to an unknown code id " + std::to_string(code_id));
        const uint64_t n = events ? 1 : static_cast<uint64_t>(st.ColInt(4));
        const auto date = static_cast<int32_t>(st.ColInt(0));
        if (date != last_date) {  // rows of a dyad come in date order
          start = Bucket(Date{date}, q.by);
          last_date = date;
        }
        auto& c = found[{start.days, forward, forward ? tp : sp, code->quad}];
        c.first += n;
        c.second += static_cast<double>(n) * code->goldstein;
      }
      for (const auto& [k, v] : found) {
        auto& c = cells[k];
        c.first += v.first;
        c.second += v.second;
      }
      if (rc != SQLITE_DONE) return SqlError(db_, "reading event groups");
    }
  }
  std::vector<AggregateCell> out;
  out.reserve(cells.size());
  for (const auto& [k, v] : cells)
    out.push_back(AggregateCell{Date{std::get<0>(k)}, std::get<1>(k), PartyCode(std::get<2>(k)), std::get<3>(k),
                                v.first, v.second});
  return out;
}

Result<std::vector<DyadMonthCell>> SqliteStore::DyadMonths(int32_t from_month, int32_t to_month, Counting c) {
  const bool events = c == Counting::kEvents;
  // Rows come in dm_month order (month, src, tgt, quad): the quads of a cell
  // are adjacent and summed here, cheaper than a GROUP BY in SQL.
  std::string sql = std::string("SELECT month, src_party, tgt_party, ") + (events ? "events, gsum_events" : "mentions, gsum_mentions") +
                    " FROM dyad_month WHERE month BETWEEN ? AND ? ORDER BY month, src_party, tgt_party";
  DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, sql));
  st.Int(1, from_month).Int(2, to_month);
  std::vector<DyadMonthCell> out;
  int64_t last_src = -1, last_tgt = -1;
  int32_t last_month = -1;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    const int64_t n = st.ColInt(3);
    if (n == 0) continue;
    const auto month = static_cast<int32_t>(st.ColInt(0));
    const int64_t src = st.ColInt(1), tgt = st.ColInt(2);
    if (out.empty() || month != last_month || src != last_src || tgt != last_tgt) {
      out.push_back(DyadMonthCell{month, PartyCode(src), PartyCode(tgt), 0, 0});
      last_month = month, last_src = src, last_tgt = tgt;
    }
    out.back().count += static_cast<uint64_t>(n);
    out.back().goldstein_sum += st.ColReal(4);
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "reading dyad_month");
  return out;
}

Result<std::vector<EventGroup>> SqliteStore::Groups(const EventFilter& f) {
  DYAD_ASSIGN_OR_RETURN(Resolved any, Resolve(f.actor));
  DYAD_ASSIGN_OR_RETURN(Resolved src, Resolve(f.source));
  DYAD_ASSIGN_OR_RETURN(Resolved tgt, Resolve(f.target));
  std::string sql =
      "SELECT g.date, a1.code, a2.code, c.code, g.mentions, g.stories, g.sources, a1.id, a1.party, a2.id, a2.party, "
      "c.root, c.quad FROM event_groups g JOIN actors a1 ON a1.id = g.src JOIN actors a2 ON a2.id = g.tgt "
      "JOIN codes c ON c.id = g.code WHERE 1";
  // Party conditions narrow the primary-key range (src_party, tgt_party,
  // date, ...). With date bounds, an unconstrained side lists every party,
  // so that each (party, party) pair is one seek to its date range instead
  // of a scan of the whole table.
  std::vector<int64_t> all_parties;
  for (const auto& [id, code] : party_codes_) all_parties.push_back(id);
  std::sort(all_parties.begin(), all_parties.end());
  const bool dated = f.from || f.to;
  if (!src.any || dated) sql += " AND g.src_party IN " + IdList(src.any ? all_parties : src.parties);
  if (!tgt.any || dated) sql += " AND g.tgt_party IN " + IdList(tgt.any ? all_parties : tgt.parties);
  if (f.from) sql += " AND g.date >= " + std::to_string(f.from->days);
  if (f.to) sql += " AND g.date <= " + std::to_string(f.to->days);
  sql += " ORDER BY g.date, a1.code, a2.code, c.code";
  DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, sql));
  std::vector<EventGroup> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    int64_t s = st.ColInt(7), sp = st.ColInt(8), t = st.ColInt(9), tp = st.ColInt(10);
    if (!src.Matches(s, sp) || !tgt.Matches(t, tp)) continue;
    if (!any.any && !any.Matches(s, sp) && !any.Matches(t, tp)) continue;
    std::string code = st.ColText(3);
    if (!f.code.empty() && code.compare(0, f.code.size(), f.code) != 0) continue;
    if (f.root && st.ColInt(11) != f.root) continue;
    if (f.quad_class && st.ColInt(12) != f.quad_class) continue;
    out.push_back(EventGroup{Date{static_cast<int32_t>(st.ColInt(0))}, st.ColText(1), st.ColText(2), code,
                             static_cast<uint64_t>(st.ColInt(4)), static_cast<uint64_t>(st.ColInt(5)),
                             static_cast<uint64_t>(st.ColInt(6))});
    if (f.limit && out.size() >= f.limit) break;
  }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return SqlError(db_, "reading event groups");
  return out;
}

Result<StoreSummary> SqliteStore::Summary() {
  StoreSummary s;
  s.schema_version = kSchemaVersion;
  DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT (SELECT count(*) FROM stories), (SELECT sum(dyad_sentence_count(sentences)) FROM stories), "
                                              "(SELECT count(*) FROM events), (SELECT count(*) FROM event_groups), "
                                              "(SELECT min(date) FROM events), (SELECT max(date) FROM events)"));
  if (st.Step() != SQLITE_ROW) return SqlError(db_, "summary");
  s.stories = static_cast<uint64_t>(st.ColInt(0));
  s.sentences = static_cast<uint64_t>(st.ColInt(1));
  s.events = static_cast<uint64_t>(st.ColInt(2));
  s.event_groups = static_cast<uint64_t>(st.ColInt(3));
  if (!st.ColNull(4)) s.first = Date{static_cast<int32_t>(st.ColInt(4))};
  if (!st.ColNull(5)) s.last = Date{static_cast<int32_t>(st.ColInt(5))};
  return s;
}

Status SqliteStore::CheckConsistency() {
  DYAD_ASSIGN_OR_RETURN(Stmt ic, Prepare(db_, "PRAGMA integrity_check"));
  if (ic.Step() != SQLITE_ROW || ic.ColText(0) != "ok")
    return Status::Corruption("sqlite integrity_check: " + ic.ColText(0));
  struct Check {
    const char* what;
    const char* sql;
  };
  static const Check kChecks[] = {
      {"event_groups differ from the events",
       "WITH r AS (SELECT e.src_party, e.tgt_party, e.date, e.src, e.tgt, e.code, count(*) m, "
       "count(DISTINCT e.story) s, count(DISTINCT st.publisher) p FROM events e JOIN stories st ON st.id = e.story "
       "GROUP BY 1, 2, 3, 4, 5, 6) "
       "SELECT count(*) FROM r FULL OUTER JOIN event_groups g USING(src_party, tgt_party, date, src, tgt, code) "
       "WHERE r.m IS NOT g.mentions OR r.s IS NOT g.stories OR r.p IS NOT g.sources"},
      {"group_publishers differ from the events",
       "WITH r AS (SELECT e.src_party, e.tgt_party, e.date, e.src, e.tgt, e.code, st.publisher, "
       "count(DISTINCT e.story) s FROM events e JOIN stories st ON st.id = e.story GROUP BY 1, 2, 3, 4, 5, 6, 7) "
       "SELECT count(*) FROM r FULL OUTER JOIN group_publishers g "
       "USING(src_party, tgt_party, date, src, tgt, code, publisher) "
       "WHERE r.s IS NOT g.stories"},
      {"dyad_month differs from the events",
       "WITH em AS (SELECT src_party, tgt_party, "
       "CAST(strftime('%Y', date * 86400, 'unixepoch') AS INT) * 12 + "
       "CAST(strftime('%m', date * 86400, 'unixepoch') AS INT) - 1 AS month, quad, goldstein, "
       "date, src, tgt, code FROM events), "
       "r AS (SELECT src_party, tgt_party, month, quad, count(*) m, sum(goldstein) gm FROM em GROUP BY 1, 2, 3, 4), "
       "g AS (SELECT src_party, tgt_party, month, quad, count(*) n, sum(goldstein) gn FROM "
       "(SELECT DISTINCT src_party, tgt_party, month, quad, goldstein, date, src, tgt, code FROM em) "
       "GROUP BY 1, 2, 3, 4) "
       "SELECT count(*) FROM r JOIN g USING(src_party, tgt_party, month, quad) "
       "FULL OUTER JOIN dyad_month d USING(src_party, tgt_party, month, quad) "
       "WHERE r.m IS NOT d.mentions OR g.n IS NOT d.events OR abs(r.gm - d.gsum_mentions) > 1e-6 "
       "OR abs(g.gn - d.gsum_events) > 1e-6"},
      {"events with an actor party differing from the actors table",
       "SELECT count(*) FROM events e JOIN actors a ON a.id = e.src JOIN actors b ON b.id = e.tgt "
       "WHERE a.party != e.src_party OR b.party != e.tgt_party"},
      {"events without a story", "SELECT count(*) FROM events e LEFT JOIN stories s ON s.id = e.story "
                                 "WHERE s.id IS NULL"},
      {"stories whose event date range (ev_min, ev_max) is wrong",
       "SELECT count(*) FROM stories s LEFT JOIN (SELECT story, min(date) lo, max(date) hi FROM events GROUP BY 1) r "
       "ON r.story = s.id WHERE r.lo IS NOT s.ev_min OR r.hi IS NOT s.ev_max"},
  };
  for (const Check& c : kChecks) {
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, c.sql));
    if (st.Step() != SQLITE_ROW) return SqlError(db_, c.what);
    if (st.ColInt(0) != 0) return Status::Corruption(std::string(c.what) + " (" + std::to_string(st.ColInt(0)) + " rows)");
  }
  return Status::Ok();
}

}  // namespace

int SqliteSchemaVersion() { return kSchemaVersion; }

Result<std::unique_ptr<EventStore>> OpenSqliteStore(const std::string& path, StoreOptions options) {
  auto store = std::make_unique<SqliteStore>();
  DYAD_RETURN_IF_ERROR(store->Open(path, options));
  return std::unique_ptr<EventStore>(std::move(store));
}

}  // namespace dyad
