// The SQLite event store. Schema, aggregates and migrations: docs/store.md.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "base/ascii.h"
#include "dyad/store.h"
#include "store/event_pack.h"
#include "store/sentence_pack.h"
#include "store/sqlite_util.h"
#include "store/string_map.h"

#include <cstdio>

namespace dyad {
namespace {

using store::Exec;
using store::Prepare;
using store::Run;
using store::SqlError;
using store::Stmt;

constexpr int kSchemaVersion = 6;
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
// load defers the summary tables (since v6 group_cells and dyad_month); a
// store found with it set is rebuilt on the next writable open.
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

// Version 6: events packed into one BLOB per story and day (`event_blocks`,
// key (date, story); store/event_pack.h) instead of one row per mention, and
// the de-duplicated groups with their publishers packed into one BLOB per
// (source party, target party, month) (`group_cells`) instead of one row per
// group and one per (group, publisher): a bulk load writes about a fifth of
// the B-tree entries (docs/store.md, docs/PERFORMANCE.md). The events are
// packed by SQL (dyad_pack_events); the summaries are left pending, and the
// writable open that runs this migration rebuilds them from the blocks.
const char* const kSchemaV6 = R"sql(
CREATE TABLE event_blocks(date INTEGER NOT NULL, story INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL,
                          PRIMARY KEY(date, story)) WITHOUT ROWID;
INSERT INTO event_blocks
  SELECT date, story, count(*), dyad_pack_events(seq, sentence, src, tgt, code, src_text, tgt_text, verb_text,
                                                 verb_start, verb_end)
  FROM events GROUP BY date, story;
DROP TABLE events;
DROP TABLE event_groups;
DROP TABLE group_publishers;
CREATE TABLE group_cells(src_party INTEGER NOT NULL, tgt_party INTEGER NOT NULL, month INTEGER NOT NULL,
                         n INTEGER NOT NULL, data BLOB NOT NULL,
                         PRIMARY KEY(src_party, tgt_party, month)) WITHOUT ROWID;
DELETE FROM dyad_month;
INSERT OR REPLACE INTO meta VALUES('summaries_pending', 1);
CREATE TABLE stories_v6(id INTEGER PRIMARY KEY, key TEXT NOT NULL, date INTEGER NOT NULL, url TEXT,
                        publisher INTEGER NOT NULL, origin TEXT, ev_min INTEGER, ev_max INTEGER, sentences BLOB);
INSERT INTO stories_v6 SELECT id, key, date, url, publisher, origin, ev_min, ev_max, sentences FROM stories;
DROP TABLE stories;
ALTER TABLE stories_v6 RENAME TO stories;
CREATE TABLE story_keys(key TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO story_keys SELECT key, id FROM stories ORDER BY key;
)sql";

// The indexes a bulk load into an empty store drops at BeginBulk and builds
// at EndBulk; also run by a writable open that finds a bulk load
// interrupted.
const char* const kBulkIndexes = R"sql(
CREATE INDEX IF NOT EXISTS dm_tgt ON dyad_month(tgt_party, src_party, month);
CREATE INDEX IF NOT EXISTS dm_month ON dyad_month(month, src_party, tgt_party, quad, mentions, gsum_mentions,
                                                  events, gsum_events);
)sql";

const char* const kMigrations[] = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4, kSchemaV5, kSchemaV6};

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
// The groups a story mentions (a story has few events: a vector searched
// linearly, no allocation per event); AddGroup is true for a new one.
using StoryGroups = std::vector<GroupKey>;
bool AddGroup(StoryGroups& groups, const GroupKey& k) {
  if (std::find(groups.begin(), groups.end(), k) != groups.end()) return false;
  groups.push_back(k);
  return true;
}
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
// summaries from the stored blocks, month by month (slower, bounded memory).
constexpr size_t kMaxBulkMentions = size_t{1} << 24;

struct CodeInfo {
  int64_t id;
  int quad;
  double goldstein;
  int root;
  std::string code;
  std::string plover;
};
struct ActorInfo {
  int64_t id;
  int64_t party;
};
struct ActorRow {
  std::string code;
  int64_t party = -1;
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

// A stored story: its row id, publisher and the date range of its events
// (event blocks are keyed by (date, story): the range finds them).
struct StoredStory {
  int64_t id = -1;
  int64_t publisher = 0;
  bool has_events = false;
  int32_t ev_min = 0, ev_max = 0;
};

// WAL checkpoints of a bulk load on a second thread with its own
// connection: copying the committed pages from the WAL into the database
// file (a PASSIVE checkpoint runs alongside the writer) is then off the
// writer's path, which is the limit of a load on two cores.
class BackgroundCheckpointer {
 public:
  ~BackgroundCheckpointer() { Stop(); }
  bool Start(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      sqlite3_close_v2(db_);
      db_ = nullptr;
      return false;
    }
    sqlite3_busy_timeout(db_, 10000);
    // A connection sees WAL mode only once it has read the database: until
    // then every checkpoint was a no-op (returning log and checkpoint sizes
    // of -1), and the whole WAL was copied by the writer at EndBulk.
    sqlite3_exec(db_, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
    thread_ = std::thread([this] { Loop(); });
    return true;
  }
  // A batch was committed: checkpoint what is in the WAL.
  void Committed() {
    std::lock_guard<std::mutex> l(mu_);
    ++commits_;
    cv_.notify_one();
  }
  void Stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
      cv_.notify_one();
    }
    thread_.join();
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }

 private:
  void Loop() {
    std::unique_lock<std::mutex> l(mu_);
    for (;;) {
      cv_.wait(l, [&] { return stop_ || commits_ > 0; });
      if (stop_) return;
      commits_ = 0;
      l.unlock();
      // Best effort: a checkpoint that cannot finish now is taken up by the
      // next one (or by the writer's own after the load).
      sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      l.lock();
    }
  }
  sqlite3* db_ = nullptr;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t commits_ = 0;
  bool stop_ = false;
};

class SqliteStore final : public EventStore {
 public:
  ~SqliteStore() override {
    stmts_.clear();
    multi_stmts_.clear();
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
    if (store::RegisterSentenceFunctions(db_) != SQLITE_OK || store::RegisterEventPackFunctions(db_) != SQLITE_OK)
      return SqlError(db_, "registering the store's SQL functions");
    sqlite3_busy_timeout(db_, 10000);
    const std::string interrupted = path + ": a bulk load is in progress or was interrupted (summary tables pending); "
                                           "when no ingest is running, `dyad ingest --db " + path +
                                           " --check` finishes it";
    if (Status s = Exec(db_, "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;");
        !s.ok()) {
      // A bulk load killed in a transaction left a rollback journal that
      // only a writable open can play back.
      if (read_only_ && sqlite3_extended_errcode(db_) == SQLITE_READONLY_ROLLBACK)
        return Status::InvalidArgument(interrupted);
      return s;
    }
    // 16 KB pages for new files (fewer, fuller B-tree pages: -10-15% CPU
    // for a bulk load, docs/PERFORMANCE.md); ignored for existing ones. Must
    // precede the switch to WAL.
    if (!read_only_)
      DYAD_RETURN_IF_ERROR(Exec(db_, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"));
    Status s = Migrate(path);
    if (!s.ok()) return s;
    DYAD_RETURN_IF_ERROR(LoadCaches());
    DYAD_ASSIGN_OR_RETURN(bool pending, SummariesPending());
    if (pending && read_only_) return Status::InvalidArgument(interrupted);
    // An interrupted bulk load (or a migration to v6): its events are
    // stored, its summaries not.
    if (pending && !read_only_) DYAD_RETURN_IF_ERROR(RebuildSummaries());
    return Status::Ok();
  }

  Status Write(const std::vector<StoryRecord>& batch, WriteStats* stats) override {
    if (read_only_) return Status::InvalidArgument("the store was opened read-only");
    WriteStats local;
    const size_t bulk_mark = bulk_.size();
    DYAD_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
    Status s = WriteInTransaction(batch, &local);
    if (s.ok()) s = Exec(db_, "COMMIT");
    if (s.ok() && checkpointer_) checkpointer_->Committed();
    if (!s.ok()) {
      Exec(db_, "ROLLBACK");
      if (bulk_.size() > bulk_mark) bulk_.resize(bulk_mark);  // the rolled-back batch's mentions
      groups_.clear();
      months_.clear();
      pending_stories_.clear();
      pending_sentences_.clear();
      pending_data_.clear();
      Status r = LoadCaches();  // ids created in the rolled-back transaction are gone
      if (r.ok() && fresh_bulk_) r = ReloadBulkStories();  // and so are its stories
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
      DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT EXISTS(SELECT 1 FROM stories)"));
      empty = st.Step() == SQLITE_ROW && st.ColInt(0) == 0;
    }
    if (!empty) return Status::Ok();  // loading into a non-empty store: the ordinary path
    // Loading into an empty store: the summary tables are deferred to EndBulk (the persisted `summaries_pending`
    // flag makes the next writable Open rebuild them if the load is killed),
    // the story-key and dyad_month indexes are dropped and built at EndBulk
    // (the stories of the load are found in memory meanwhile), and commits
    // do not wait for the disk (synchronous=OFF: safe against a killed
    // process, not against an OS crash; docs/store.md).
    stmts_.clear();  // cached statements would keep the schema busy
    multi_stmts_.clear();
    DYAD_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
    Status s = Exec(db_, "INSERT OR REPLACE INTO meta VALUES('summaries_pending', 1); "
                         "DROP INDEX IF EXISTS dm_tgt; DROP INDEX IF EXISTS dm_month;");
    if (s.ok()) s = Exec(db_, "COMMIT");
    if (!s.ok()) {
      Exec(db_, "ROLLBACK");
      return s;
    }
    DYAD_RETURN_IF_ERROR(Exec(db_, "PRAGMA synchronous=OFF"));
    // A rollback journal for the load: the pages it adds lie beyond the
    // file's old end and are written once, straight into the database,
    // where WAL writes every page twice (log, then checkpoint): −0.2 s of
    // system time per 1M events (docs/PERFORMANCE.md). A killed load is
    // rolled back by the next open like any transaction. Readers lose
    // nothing: a store with pending summaries refuses them anyway. Switching
    // needs the only connection; otherwise the load stays in WAL mode with
    // checkpoints on a second thread.
    sqlite3_busy_timeout(db_, 0);  // another connection: do not wait, stay in WAL mode
    auto mode = JournalMode("TRUNCATE");
    sqlite3_busy_timeout(db_, 10000);
    rollback_bulk_ = mode.ok() && *mode == "truncate";
    if (!rollback_bulk_ && path_ != ":memory:" && !path_.empty() && path_.rfind("file:", 0) != 0) {
      checkpointer_ = std::make_unique<BackgroundCheckpointer>();
      if (checkpointer_->Start(path_))
        DYAD_RETURN_IF_ERROR(Exec(db_, "PRAGMA wal_autocheckpoint=0"));
      else
        checkpointer_.reset();
    }
    fresh_bulk_ = true;
    next_story_id_ = 1;  // the store has no stories
    bulk_.clear();
    bulk_stories_.Clear();
    bulk_overflow_ = false;
    return Status::Ok();
  }
  size_t PreferredBatchEvents() const override { return fresh_bulk_ ? 10000 : kDefaultBatchEvents; }
  Status EndBulk() override {
    const bool deferred = fresh_bulk_;
    fresh_bulk_ = false;
    if (checkpointer_) {
      checkpointer_->Stop();
      checkpointer_.reset();
      DYAD_RETURN_IF_ERROR(Exec(db_, "PRAGMA wal_autocheckpoint=1000"));
    }
    if (!deferred) return Exec(db_, "PRAGMA optimize");
    Status st = Status::Ok();
    if (bulk_overflow_) {
      st = RebuildSummaries();
    } else {
      // The summaries of the whole load from the mentions kept by Write:
      // one sort, rows written in key order, and the pending flag cleared,
      // in one transaction.
      st = Exec(db_, "BEGIN IMMEDIATE");
      if (st.ok()) st = WriteBulkSummariesAndKeys();
      if (st.ok()) st = Exec(db_, kBulkIndexes);
      if (st.ok()) st = Exec(db_, "DELETE FROM meta WHERE key = 'summaries_pending'");
      if (st.ok()) st = Exec(db_, "COMMIT");
      if (!st.ok()) Exec(db_, "ROLLBACK");
    }
    bulk_.clear();
    bulk_.shrink_to_fit();
    bulk_stories_.Clear();
    if (rollback_bulk_) {
      rollback_bulk_ = false;
      auto wal = JournalMode("WAL");
      if (st.ok() && !wal.ok()) st = wal.status();
      if (st.ok() && *wal != "wal") st = Status::IoError(path_ + ": could not switch back to WAL after a bulk load");
    }
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
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT (SELECT min(date) FROM event_blocks), "
                                                "(SELECT max(date) FROM event_blocks)"));
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

  // Sets the journal mode; returns the mode in force afterwards.
  Result<std::string> JournalMode(const char* mode) {
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, std::string("PRAGMA journal_mode=") + mode));
    if (st.Step() != SQLITE_ROW) return SqlError(db_, std::string("setting journal_mode=") + mode);
    return st.ColText(0);
  }

  Result<bool> SummariesPending() {
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT value FROM meta WHERE key = 'summaries_pending'"));
    return st.Step() == SQLITE_ROW && st.ColInt(0) != 0;
  }

  // Calls fn(mentions) with the mentions of the stored events, one calendar
  // month at a time (blocks are read in date order, joined with their
  // story's publisher), so that memory is bounded by a month's events.
  Status ForEachMonthOfMentions(const std::function<Status(std::vector<BulkMention>&)>& fn) {
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT b.date, b.story, s.publisher, b.data FROM event_blocks b "
                                                "JOIN stories s ON s.id = b.story ORDER BY b.date, b.story"));
    std::vector<BulkMention> month;
    std::vector<store::BlockEvent> events;
    std::vector<GroupKey> seen;  // the groups of the current block (a story on one day)
    int32_t current = INT32_MIN, last_date = INT32_MIN;
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      const auto date = static_cast<int32_t>(st.ColInt(0));
      if (date != last_date) {
        const int32_t m = MonthOf(Date{date});
        if (m != current && !month.empty()) {
          DYAD_RETURN_IF_ERROR(fn(month));
          month.clear();
        }
        current = m;
        last_date = date;
      }
      if (!store::DecodeBlock(st.ColBlob(3), &events))
        return Status::Corruption("event block (date " + Date{date}.ToIso() + ", story " +
                                  std::to_string(st.ColInt(1)) + ") is malformed");
      const auto publisher = static_cast<int32_t>(st.ColInt(2));
      seen.clear();
      for (const store::BlockEvent& e : events) {
        const ActorRow* a = ActorById(e.src);
        const ActorRow* b = ActorById(e.tgt);
        if (!a || !b || !CodeById(e.code))
          return Status::Corruption("event block (date " + Date{date}.ToIso() + ", story " +
                                    std::to_string(st.ColInt(1)) + ") refers to an unknown actor or code id");
        const GroupKey k{date, e.src, e.tgt, e.code};
        const bool first = std::find(seen.begin(), seen.end(), k) == seen.end();
        if (first) seen.push_back(k);
        month.push_back(BulkMention{static_cast<int32_t>(a->party), static_cast<int32_t>(b->party), date,
                                    static_cast<int32_t>(e.src), static_cast<int32_t>(e.tgt),
                                    static_cast<int32_t>(e.code), publisher, first});
      }
    }
    if (rc != SQLITE_DONE) return SqlError(db_, "reading event blocks");
    if (!month.empty()) DYAD_RETURN_IF_ERROR(fn(month));
    return Status::Ok();
  }

  // Recomputes the summary tables from the event blocks, month by month,
  // and clears the pending flag, in one transaction (an interrupted bulk
  // load, a migration, a bulk load too large to keep its mentions).
  Status RebuildSummaries() {
    stmts_.clear();
    multi_stmts_.clear();
    DYAD_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
    Status s = Exec(db_, "DELETE FROM group_cells; DELETE FROM dyad_month;");
    if (s.ok()) s = ForEachMonthOfMentions([&](std::vector<BulkMention>& m) { return WriteSummaryRows(m); });
    if (s.ok()) s = Exec(db_, kBulkIndexes);
    // The keys of the stories of an interrupted bulk load.
    if (s.ok()) s = Exec(db_, "INSERT OR IGNORE INTO story_keys SELECT key, id FROM stories");
    if (s.ok()) s = Exec(db_, "DELETE FROM meta WHERE key = 'summaries_pending'");
    if (s.ok()) s = Exec(db_, "COMMIT");
    if (!s.ok()) Exec(db_, "ROLLBACK");
    return s;
  }

  // Calls cell(src_party, tgt_party, month, encoded cell, groups, quads) for
  // each dyad-month of the mentions, in key order; the cell is encoded as
  // group_cells stores it, `quads[q - 1]` is the dyad_month row of quad
  // class q. The mentions are bucketed by dyad-month (a counting sort
  // through a hash map of the cells) and each bucket sorted by group and
  // publisher: cheaper than one sort of all mentions by the whole key.
  template <typename CellFn>
  Status ForEachSummaryCell(const std::vector<BulkMention>& m, CellFn&& cell) const {
    struct CellId {
      int32_t sp, tp, month;
      bool operator==(const CellId&) const = default;
    };
    struct CellIdHash {
      size_t operator()(const CellId& c) const {
        uint64_t h = (static_cast<uint64_t>(static_cast<uint32_t>(c.sp)) << 32 | static_cast<uint32_t>(c.tp)) *
                     0x9E3779B97F4A7C15ULL;
        return h ^ ((h >> 29) + static_cast<uint64_t>(static_cast<uint32_t>(c.month)) * 0xC2B2AE3D27D4EB4FULL);
      }
    };
    std::unordered_map<CellId, uint32_t, CellIdHash> index;
    std::vector<CellId> cells;
    std::vector<uint32_t> cell_of(m.size());
    int32_t last_date = INT32_MIN, month = 0;
    for (size_t i = 0; i < m.size(); ++i) {
      if (m[i].date != last_date) {
        last_date = m[i].date;
        month = MonthOf(Date{last_date});
      }
      auto [it, added] = index.try_emplace(CellId{m[i].src_party, m[i].tgt_party, month},
                                           static_cast<uint32_t>(cells.size()));
      if (added) cells.push_back(it->first);
      cell_of[i] = it->second;
    }
    index = {};
    // Cells in key order; each one's mentions at [start[c], start[c + 1]).
    std::vector<uint32_t> order(cells.size());
    for (uint32_t c = 0; c < order.size(); ++c) order[c] = c;
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      return std::tie(cells[x].sp, cells[x].tp, cells[x].month) < std::tie(cells[y].sp, cells[y].tp, cells[y].month);
    });
    std::vector<uint32_t> rank(cells.size()), start(cells.size() + 1, 0);
    for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
    for (uint32_t c : cell_of) ++start[rank[c] + 1];
    for (size_t r = 0; r < cells.size(); ++r) start[r + 1] += start[r];
    std::vector<BulkMention> sorted(m.size());
    {
      std::vector<uint32_t> next(start.begin(), start.end() - 1);
      for (size_t i = 0; i < m.size(); ++i) sorted[next[rank[cell_of[i]]]++] = m[i];
    }
    cell_of = {};
    auto same_group = [](const BulkMention& x, const BulkMention& y) {
      return x.date == y.date && x.src == y.src && x.tgt == y.tgt && x.code == y.code;
    };
    std::string data;
    std::vector<std::pair<int64_t, int64_t>> publishers;
    MonthDelta quads[4];
    for (size_t r = 0; r < order.size(); ++r) {
      const CellId& id = cells[order[r]];
      const auto first = sorted.begin() + start[r], last = sorted.begin() + start[r + 1];
      std::sort(first, last, [](const BulkMention& x, const BulkMention& y) {
        return std::tie(x.date, x.src, x.tgt, x.code, x.publisher) < std::tie(y.date, y.src, y.tgt, y.code, y.publisher);
      });
      data.clear();
      int32_t prev_date = 0;
      int64_t groups = 0;
      for (auto& q : quads) q = MonthDelta{};
      for (auto g = first; g != last;) {
        int64_t mentions = 0, stories = 0;
        publishers.clear();
        auto j = g;
        while (j != last && same_group(*j, *g)) {
          const int32_t pub = j->publisher;
          int64_t pub_stories = 0;
          for (; j != last && same_group(*j, *g) && j->publisher == pub; ++j) {
            ++mentions;
            pub_stories += j->first_in_story;
          }
          stories += pub_stories;
          publishers.emplace_back(pub, pub_stories);
        }
        store::AppendCellGroup(data, &prev_date, store::GroupKeyV6{g->date, g->src, g->tgt, g->code}, mentions,
                               stories, publishers);
        ++groups;
        const CodeInfo* c = CodeById(g->code);
        if (!c || c->quad < 1 || c->quad > 4) return Status::Corruption("an event refers to an unknown code id");
        MonthDelta& d = quads[c->quad - 1];
        d.mentions += mentions;
        d.gsum_mentions += static_cast<double>(mentions) * c->goldstein;
        d.events += 1;
        d.gsum_events += c->goldstein;
        g = j;
      }
      DYAD_RETURN_IF_ERROR(cell(id.sp, id.tp, id.month, std::string_view(data), groups, quads));
    }
    return Status::Ok();
  }

  // The group_cells and dyad_month rows of some dyad-months, in key order,
  // collected (one blob arena) to be written with multi-row INSERTs.
  struct SummaryRows {
    struct Cell {
      int32_t sp, tp, month;
      int64_t groups;
      size_t begin, end;  // its blob in `blobs`
    };
    struct DmRow {
      int32_t sp, tp, month, quad;
      MonthDelta d;
    };
    std::vector<Cell> cells;
    std::vector<DmRow> dm;
    std::string blobs;
    // One dyad-month, as ForEachSummaryCell gives it.
    Status Add(int32_t sp, int32_t tp, int32_t month, std::string_view data, int64_t groups, const MonthDelta* quads) {
      cells.push_back(Cell{sp, tp, month, groups, blobs.size(), blobs.size() + data.size()});
      blobs.append(data);
      for (int q = 0; q < 4; ++q)
        if (quads[q].mentions != 0) dm.push_back(DmRow{sp, tp, month, q + 1, quads[q]});
      return Status::Ok();
    }
  };

  // Inserts `rows`: the caller guarantees that none of their dyad-months
  // is stored yet.
  Status InsertSummaryRows(const SummaryRows& rows) {
    DYAD_RETURN_IF_ERROR(InsertRows(
        "INSERT OR FAIL INTO group_cells VALUES", 5, rows.cells.size(),
        [&](Stmt& st, int p, size_t i) {
          const SummaryRows::Cell& c = rows.cells[i];
          st.Int(p, c.sp).Int(p + 1, c.tp).Int(p + 2, c.month).Int(p + 3, c.groups);
          st.StaticBlob(p + 4, std::string_view(rows.blobs).substr(c.begin, c.end - c.begin));
        },
        "writing group_cells"));
    return InsertRows(
        "INSERT OR FAIL INTO dyad_month VALUES", 8, rows.dm.size(),
        [&](Stmt& st, int p, size_t i) {
          const SummaryRows::DmRow& r = rows.dm[i];
          st.Int(p, r.sp).Int(p + 1, r.tp).Int(p + 2, r.month).Int(p + 3, r.quad);
          st.Int(p + 4, r.d.mentions).Real(p + 5, r.d.gsum_mentions).Int(p + 6, r.d.events).Real(p + 7, r.d.gsum_events);
        },
        "writing dyad_month");
  }

  // Writes the summary rows of `m` (sorted here): the caller guarantees
  // that none of their dyad-months is stored yet.
  Status WriteSummaryRows(std::vector<BulkMention>& m) {
    SummaryRows rows;
    DYAD_RETURN_IF_ERROR(ForEachSummaryCell(
        m, [&](int32_t sp, int32_t tp, int32_t month, std::string_view data, int64_t groups,
               const MonthDelta* quads) { return rows.Add(sp, tp, month, data, groups, quads); }));
    return InsertSummaryRows(rows);
  }

  // EndBulk of a fresh load: the summary cells are computed (bucketing,
  // sorting, encoding: no SQLite) on a second thread while this one writes
  // the story keys; then this one inserts them.
  Status WriteBulkSummariesAndKeys() {
    SummaryRows rows;
    Status built = Status::Ok();
    std::thread builder([&] {
      // Reads bulk_ and the code cache only; nothing changes them meanwhile.
      built = ForEachSummaryCell(bulk_, [&](int32_t sp, int32_t tp, int32_t month, std::string_view data,
                                            int64_t groups, const MonthDelta* quads) {
        return rows.Add(sp, tp, month, data, groups, quads);
      });
    });
    Status keys = WriteBulkStoryKeys();
    builder.join();
    DYAD_RETURN_IF_ERROR(keys);
    DYAD_RETURN_IF_ERROR(built);
    return InsertSummaryRows(rows);
  }

  // The stories of a fresh bulk load as stored (after a rolled-back batch).
  Status ReloadBulkStories() {
    bulk_stories_.Clear();
    next_story_id_ = 1;
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT id, key, publisher, ev_min, ev_max FROM stories"));
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      const StoredStory x{st.ColInt(0), st.ColInt(2), !st.ColNull(3), static_cast<int32_t>(st.ColInt(3)),
                          static_cast<int32_t>(st.ColInt(4))};
      bulk_stories_.Insert(st.ColText(1), x);
      next_story_id_ = std::max(next_story_id_, x.id + 1);
    }
    return rc == SQLITE_DONE ? Status::Ok() : SqlError(db_, "reading the stories of a bulk load");
  }

  // EndBulk: the keys of the load's stories into story_keys, sorted, so
  // that the B-tree is built by appending (a random-order insert per story
  // was the largest single cost of the writer).
  // Sorted in SQLite's BINARY order (bytes, then length) by the 8 bytes
  // after the prefix all keys share, then by the whole key: most
  // comparisons are one integer compare (the sort took 75 ms of 391k keys).
  Status WriteBulkStoryKeys() {
    struct Key {
      uint64_t next8;  // big-endian, zero-padded: a < b if a.next8 < b.next8
      std::string_view key;
      int64_t id;
    };
    std::vector<Key> keys;
    keys.reserve(bulk_stories_.size());
    size_t shared = std::string_view::npos;
    std::string_view first;
    bulk_stories_.ForEach([&](std::string_view key, const StoredStory& s) {
      if (shared == std::string_view::npos) {
        first = key;
        shared = key.size();
      }
      size_t i = 0;
      while (i < shared && i < key.size() && key[i] == first[i]) ++i;
      shared = i;
      keys.push_back(Key{0, key, s.id});
    });
    for (Key& k : keys) {
      for (size_t i = shared; i < shared + 8; ++i)
        k.next8 = (k.next8 << 8) | (i < k.key.size() ? static_cast<unsigned char>(k.key[i]) : 0u);
    }
    std::sort(keys.begin(), keys.end(),
              [](const Key& a, const Key& b) { return a.next8 != b.next8 ? a.next8 < b.next8 : a.key < b.key; });
    return InsertRows("INSERT OR FAIL INTO story_keys VALUES", 2, keys.size(),
                      [&](Stmt& st, int p, size_t i) { st.StaticText(p, keys[i].key).Int(p + 1, keys[i].id); },
                      "writing story_keys");
  }

  Status LoadCaches() {
    parties_.clear();
    party_codes_.clear();
    actors_.Clear();
    actor_rows_.clear();
    codes_.clear();
    publishers_.clear();
    publisher_names_.clear();
    DYAD_ASSIGN_OR_RETURN(Stmt p, Prepare(db_, "SELECT id, code FROM parties"));
    while (p.Step() == SQLITE_ROW) {
      parties_[p.ColText(1)] = p.ColInt(0);
      party_codes_[p.ColInt(0)] = p.ColText(1);
    }
    DYAD_ASSIGN_OR_RETURN(Stmt a, Prepare(db_, "SELECT id, code, party FROM actors"));
    while (a.Step() == SQLITE_ROW) {
      actors_.Insert(a.ColText(1), ActorInfo{a.ColInt(0), a.ColInt(2)});
      SetActorRow(a.ColInt(0), a.ColText(1), a.ColInt(2));
    }
    DYAD_ASSIGN_OR_RETURN(Stmt c, Prepare(db_, "SELECT id, code, quad, goldstein, root, plover FROM codes"));
    code_by_id_.clear();
    while (c.Step() == SQLITE_ROW) {
      CodeInfo info{c.ColInt(0), static_cast<int>(c.ColInt(2)), c.ColReal(3), static_cast<int>(c.ColInt(4)),
                    c.ColText(1), c.ColText(5)};
      codes_[c.ColText(1)] = info;
      SetCodeById(info);
    }
    DYAD_ASSIGN_OR_RETURN(Stmt u, Prepare(db_, "SELECT id, name FROM publishers"));
    while (u.Step() == SQLITE_ROW) {
      publishers_[u.ColText(1)] = u.ColInt(0);
      publisher_names_[u.ColInt(0)] = u.ColText(1);
    }
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
    if (const ActorInfo* known = actors_.Find(code)) return *known;
    DYAD_ASSIGN_OR_RETURN(int64_t party, PartyId(party_hint.empty() ? PartyOf(code) : party_hint));
    DYAD_ASSIGN_OR_RETURN(int64_t id, InsertReturningId("INSERT INTO actors(code, party) VALUES(?, ?)",
                                                        [&](Stmt& s) { s.Text(1, code).Int(2, party); }));
    SetActorRow(id, code, party);
    return *actors_.Insert(code, ActorInfo{id, party}).first;
  }
  void SetActorRow(int64_t id, const std::string& code, int64_t party) {
    const auto i = static_cast<size_t>(id);
    if (id < 0) return;
    if (actor_rows_.size() <= i) actor_rows_.resize(i + 1);
    actor_rows_[i] = ActorRow{code, party};
  }
  // The code and party of a stored actor id (blocks and cells carry ids).
  const ActorRow* ActorById(int64_t id) const {
    const auto i = static_cast<size_t>(id);
    return id >= 0 && i < actor_rows_.size() && actor_rows_[i].party >= 0 ? &actor_rows_[i] : nullptr;
  }
  // The stored code of `e` (inserted on first sight); the pointer stays
  // valid until the caches are reloaded (no copy per event: CodeInfo holds
  // two strings).
  Result<const CodeInfo*> Code(const EventRecord& e) {
    auto it = codes_.find(e.code);
    if (it != codes_.end()) return &it->second;
    DYAD_ASSIGN_OR_RETURN(
        int64_t id, InsertReturningId("INSERT INTO codes(code, root, quad, goldstein, plover) VALUES(?,?,?,?,?)",
                                      [&](Stmt& s) {
                                        s.Text(1, e.code).Int(2, e.root).Int(3, e.quad_class).Real(4, e.goldstein);
                                        s.TextOrNull(5, e.plover);
                                      }));
    CodeInfo info{id, e.quad_class, e.goldstein, e.root, e.code, e.plover};
    SetCodeById(info);
    return &(codes_[e.code] = info);
  }
  void SetCodeById(const CodeInfo& info) {
    const auto i = static_cast<size_t>(info.id);
    if (code_by_id_.size() <= i) code_by_id_.resize(i + 1, CodeInfo{-1, 0, 0, 0, {}, {}});
    code_by_id_[i] = info;
  }
  // Quad class, Goldstein and text of a stored code id (events and groups
  // carry the id; the code determines the rest).
  const CodeInfo* CodeById(int64_t id) const {
    const auto i = static_cast<size_t>(id);
    return id >= 0 && i < code_by_id_.size() && code_by_id_[i].id == id ? &code_by_id_[i] : nullptr;
  }
  Result<int64_t> Publisher(const std::string& name) {
    auto it = publishers_.find(name);
    if (it != publishers_.end()) return it->second;
    DYAD_ASSIGN_OR_RETURN(int64_t id, InsertReturningId("INSERT INTO publishers(name) VALUES(?)",
                                                        [&](Stmt& s) { s.Text(1, name); }));
    publisher_names_[id] = name;
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

  // A stored block of a story appended to: new events of its day are
  // appended to it.
  struct OldBlock {
    int64_t n = 0;
    std::string data;
  };

  // Reads a stored story's event blocks (all dates of its range, one key
  // seek per day for a short range, a range scan otherwise), adding their
  // group keys to `keys` and the largest seq to `max_seq`; with `remove`,
  // subtracts them from the aggregates and deletes them (the caller
  // rewrites the story row); with `blocks`, keeps them by date.
  Status LoadStoryEvents(const StoredStory& story, bool remove, StoryGroups* keys,
                         int64_t* max_seq, std::map<int32_t, OldBlock>* blocks) {
    if (!story.has_events) return Status::Ok();
    const bool per_day = story.ev_max - story.ev_min <= 62;
    DYAD_ASSIGN_OR_RETURN(Stmt * st, S(per_day ? "SELECT date, n, data FROM event_blocks WHERE date=?2 AND story=?1"
                                               : "SELECT date, n, data FROM event_blocks "
                                                 "WHERE date BETWEEN ?2 AND ?3 AND story=?1"));
    DYAD_ASSIGN_OR_RETURN(Stmt * del, S(per_day ? "DELETE FROM event_blocks WHERE date=?2 AND story=?1"
                                                : "DELETE FROM event_blocks WHERE date BETWEEN ?2 AND ?3 AND story=?1"));
    std::vector<store::BlockEvent> events;
    for (int32_t day = story.ev_min; day <= (per_day ? story.ev_max : story.ev_min); ++day) {
      st->Int(1, story.id).Int(2, day);
      if (!per_day) st->Int(3, story.ev_max);
      int rc;
      while ((rc = st->Step()) == SQLITE_ROW) {
        const auto date = static_cast<int32_t>(st->ColInt(0));
        const std::string_view data = st->ColBlob(2);
        if (!store::DecodeBlock(data, &events)) {
          st->Reset();
          return Status::Corruption("stored story " + std::to_string(story.id) + ": malformed event block");
        }
        for (const store::BlockEvent& e : events) {
          GroupKey k{date, e.src, e.tgt, e.code};
          const bool first = AddGroup(*keys, k);
          if (remove) {
            const ActorRow* a = ActorById(e.src);
            const ActorRow* b = ActorById(e.tgt);
            const CodeInfo* c = CodeById(e.code);
            if (!a || !b || !c) {
              st->Reset();
              return Status::Corruption("stored story " + std::to_string(story.id) +
                                        ": an event refers to an unknown actor or code id");
            }
            AddMention(k, a->party, b->party, c->quad, c->goldstein, story.publisher, -1, first);
          }
          *max_seq = std::max(*max_seq, e.seq);
        }
        if (blocks) (*blocks)[date] = OldBlock{st->ColInt(1), std::string(data)};
      }
      st->Reset();
      if (rc != SQLITE_DONE) return SqlError(db_, "reading a story's events");
      if (remove) {
        del->Int(1, story.id).Int(2, day);
        if (!per_day) del->Int(3, story.ev_max);
        DYAD_RETURN_IF_ERROR(Run(db_, *del, "deleting events"));
      }
    }
    return Status::Ok();
  }

  // A block of the batch being written, waiting to be inserted; its bytes
  // are [begin, end) of pending_data_ (one buffer for the batch, no
  // allocation per block).
  struct PendingBlock {
    int32_t date;
    int64_t story;
    int64_t n;
    size_t begin, end;
    bool replaces = false;  // a stored block of the same key (a story appended to) is replaced
  };

  // Inserts the blocks held back so far, in key order (date, story): an
  // input that is not sorted by date then touches the table's pages in
  // sequence, not at random. A block of a story appended to replaces the
  // stored one of its day (OR REPLACE, after the new ones).
  Status InsertPending(std::vector<PendingBlock>& pending) {
    DYAD_RETURN_IF_ERROR(InsertPendingStories());
    if (pending.empty()) return Status::Ok();
    std::sort(pending.begin(), pending.end(), [](const PendingBlock& x, const PendingBlock& y) {
      return std::tie(x.replaces, x.date, x.story) < std::tie(y.replaces, y.date, y.story);
    });
    const size_t fresh = static_cast<size_t>(
        std::find_if(pending.begin(), pending.end(), [](const PendingBlock& b) { return b.replaces; }) -
        pending.begin());
    auto bind_from = [&](size_t first) {
      return [&, first](Stmt& st, int p, size_t i) {
        const PendingBlock& b = pending[first + i];
        st.Int(p, b.date).Int(p + 1, b.story).Int(p + 2, b.n);
        st.StaticBlob(p + 3, std::string_view(pending_data_).substr(b.begin, b.end - b.begin));
      };
    };
    DYAD_RETURN_IF_ERROR(
        InsertRows("INSERT OR FAIL INTO event_blocks VALUES", 4, fresh, bind_from(0), "inserting event blocks"));
    DYAD_RETURN_IF_ERROR(InsertRows("INSERT OR REPLACE INTO event_blocks VALUES", 4, pending.size() - fresh,
                                    bind_from(fresh), "replacing event blocks"));
    pending.clear();
    pending_data_.clear();
    return Status::Ok();
  }

  // A new story of a bulk load, waiting to be inserted (with the id it was
  // given); its packed sentences are [begin, end) of pending_sentences_.
  struct PendingStory {
    int64_t id;
    const StoryRecord* story;
    int64_t publisher;
    bool has_events;
    int32_t ev_min, ev_max;
    size_t begin, end;
  };

  Status InsertPendingStories() {
    if (pending_stories_.empty()) return Status::Ok();
    DYAD_RETURN_IF_ERROR(InsertRows(
        "INSERT OR FAIL INTO stories(id, key, date, url, publisher, origin, ev_min, ev_max, sentences) VALUES", 9,
        pending_stories_.size(),
        [&](Stmt& st, int p, size_t i) {
          const PendingStory& x = pending_stories_[i];
          st.Int(p, x.id).StaticText(p + 1, x.story->id).Int(p + 2, x.story->date.days);
          st.StaticTextOrNull(p + 3, x.story->url).Int(p + 4, x.publisher).StaticTextOrNull(p + 5, x.story->origin);
          if (x.has_events) st.Int(p + 6, x.ev_min).Int(p + 7, x.ev_max); else st.Null(p + 6).Null(p + 7);
          st.StaticBlob(p + 8, std::string_view(pending_sentences_).substr(x.begin, x.end - x.begin));
        },
        "inserting stories"));
    pending_stories_.clear();
    pending_sentences_.clear();
    return Status::Ok();
  }

  // Inserts n rows of `cols` values each with multi-row INSERTs (kRows rows
  // per statement, then one per row): one statement step for many rows.
  // Use INSERT OR FAIL (or OR IGNORE) where no conflict is expected: a
  // statement that writes many rows and may abort half-way keeps a
  // statement journal, a copy of every page it changes (16 KB each); OR
  // FAIL keeps none, and the caller rolls back the whole transaction on an
  // error anyway. That journal was 12% of the writer's instructions.
  // (OR REPLACE keeps it too: NOT NULL columns without defaults abort.)
  // bind(statement, first parameter, row) binds row i from parameter p on.
  template <typename Bind>
  Status InsertRows(const char* insert_values, int cols, size_t n, Bind&& bind, const char* what) {
    constexpr size_t kRows = 32;
    auto statement = [&](size_t rows) -> Result<Stmt*> {
      std::string sql = insert_values;
      std::string row = "(";
      for (int c = 0; c < cols; ++c) row += c ? ",?" : "?";
      row += ")";
      for (size_t r = 0; r < rows; ++r) sql += (r ? "," : "") + row;
      auto it = multi_stmts_.find(sql);
      if (it != multi_stmts_.end()) return &it->second;
      DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, sql, true));
      return &multi_stmts_.emplace(sql, std::move(st)).first->second;
    };
    size_t i = 0;
    if (n >= kRows) {
      DYAD_ASSIGN_OR_RETURN(Stmt * many, statement(kRows));
      for (; i + kRows <= n; i += kRows) {
        for (size_t r = 0; r < kRows; ++r) bind(*many, static_cast<int>(r) * cols + 1, i + r);
        DYAD_RETURN_IF_ERROR(Run(db_, *many, what));
      }
    }
    if (i < n) {
      DYAD_ASSIGN_OR_RETURN(Stmt * one, statement(1));
      for (; i < n; ++i) {
        bind(*one, 1, i);
        DYAD_RETURN_IF_ERROR(Run(db_, *one, what));
      }
    }
    return Status::Ok();
  }

  Status WriteInTransaction(const std::vector<StoryRecord>& batch, WriteStats* stats) {
    groups_.clear();
    months_.clear();
    std::vector<PendingBlock> pending;
    StoryGroups keys;
    std::vector<std::pair<int32_t, uint32_t>> by_date;  // (date, index) of a story's events
    std::map<int32_t, OldBlock> old_blocks;
    std::string packed;  // the story's sentences
    for (const StoryRecord& story : batch) {
      keys.clear();
      old_blocks.clear();
      int64_t max_seq = -1;
      DYAD_ASSIGN_OR_RETURN(int64_t publisher, Publisher(story.source));
      StoredStory old;
      std::string old_sentences;  // packed, of a story appended to
      if (fresh_bulk_) {
        // The stories of this load are all in memory (the key index is
        // built at EndBulk).
        if (const StoredStory* found = bulk_stories_.Find(story.id)) {
          old = *found;
          if (story.append) {
            DYAD_ASSIGN_OR_RETURN(Stmt * get, S("SELECT sentences FROM stories WHERE id=?"));
            get->Int(1, old.id);
            const int rc = get->Step();
            if (rc == SQLITE_ROW) old_sentences.assign(get->ColBlob(0));
            get->Reset();
            if (rc != SQLITE_ROW) return SqlError(db_, "reading a story's sentences");
          } else if (!bulk_overflow_) {
            // Replaced within the load: its mentions are in the kept list,
            // which is dropped; EndBulk rebuilds from the stored events.
            bulk_overflow_ = true;
            bulk_.clear();
            bulk_.shrink_to_fit();
          }
        }
      } else {
        DYAD_ASSIGN_OR_RETURN(Stmt * find, S("SELECT s.id, s.publisher, s.ev_min, s.ev_max, s.sentences FROM story_keys k "
                                             "JOIN stories s ON s.id = k.id WHERE k.key=?"));
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
      store::PackSentences(std::move(sentences), &packed);
      stats->sentences += story.sentences.size();
      int64_t id = old.id;
      // A story stored earlier in this batch: its blocks must be in the
      // table before they are read back.
      if (id >= 0) DYAD_RETURN_IF_ERROR(InsertPending(pending));
      if (id >= 0 && story.append) {
        publisher = old.publisher;  // one story, one publisher
        DYAD_RETURN_IF_ERROR(LoadStoryEvents(old, false, &keys, &max_seq, &old_blocks));
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
        DYAD_RETURN_IF_ERROR(LoadStoryEvents(old, true, &keys, &max_seq, nullptr));
        keys.clear();
        max_seq = -1;
        DYAD_ASSIGN_OR_RETURN(Stmt * up, S("UPDATE stories SET date=?, url=?, publisher=?, origin=?, ev_min=?, ev_max=?, "
                                           "sentences=? WHERE id=?"));
        up->Int(1, story.date.days).TextOrNull(2, story.url).Int(3, publisher).TextOrNull(4, story.origin);
        if (has_events) up->Int(5, ev_min).Int(6, ev_max); else up->Null(5).Null(6);
        up->StaticBlob(7, packed).Int(8, id);
        DYAD_RETURN_IF_ERROR(Run(db_, *up, "updating a story"));
        ++stats->stories_replaced;
      } else if (fresh_bulk_) {
        // Inserted with the batch's other new stories (multi-row INSERTs).
        id = next_story_id_++;
        const size_t begin = pending_sentences_.size();
        pending_sentences_.append(packed);
        pending_stories_.push_back(
            PendingStory{id, &story, publisher, has_events, ev_min, ev_max, begin, pending_sentences_.size()});
        ++stats->stories_new;
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
        DYAD_ASSIGN_OR_RETURN(Stmt * key, S("INSERT INTO story_keys VALUES(?, ?)"));
        key->Text(1, story.id).Int(2, id);
        DYAD_RETURN_IF_ERROR(Run(db_, *key, "inserting a story key"));
        ++stats->stories_new;
      }
      if (fresh_bulk_) {
        const StoredStory now{id, publisher, has_events, ev_min, ev_max};
        if (auto [stored, added] = bulk_stories_.Insert(story.id, now); !added) *stored = now;
      }
      // The events, one block per day (seq in input order within it).
      by_date.clear();
      for (uint32_t i = 0; i < story.events.size(); ++i) by_date.emplace_back(story.events[i].date.days, i);
      std::stable_sort(by_date.begin(), by_date.end(),
                       [](const auto& x, const auto& y) { return x.first < y.first; });
      const int64_t seq0 = max_seq + 1;
      for (size_t r = 0; r < by_date.size();) {
        const int32_t date = by_date[r].first;
        PendingBlock block{date, id, 0, pending_data_.size(), 0};
        if (auto ob = old_blocks.find(date); ob != old_blocks.end()) {
          block.replaces = true;
          block.n = ob->second.n;
          pending_data_.append(ob->second.data);
        }
        for (; r < by_date.size() && by_date[r].first == date; ++r) {
          const EventRecord& e = story.events[by_date[r].second];
          DYAD_ASSIGN_OR_RETURN(ActorInfo src, Actor(e.source, e.source_country));
          DYAD_ASSIGN_OR_RETURN(ActorInfo tgt, Actor(e.target, e.target_country));
          DYAD_ASSIGN_OR_RETURN(const CodeInfo* code, Code(e));
          store::AppendBlockEvent(pending_data_, store::BlockEvent{.seq = seq0 + by_date[r].second,
                                                               .sentence = e.sentence,
                                                               .src = src.id,
                                                               .tgt = tgt.id,
                                                               .code = code->id,
                                                               .verb_start = e.verb_start,
                                                               .verb_end = e.verb_end,
                                                               .src_text = e.source_text,
                                                               .tgt_text = e.target_text,
                                                               .verb_text = e.verb_text});
          ++block.n;
          GroupKey k{date, src.id, tgt.id, code->id};
          if (!fresh_bulk_) {
            AddMention(k, src.party, tgt.party, code->quad, code->goldstein, publisher, +1, AddGroup(keys, k));
          } else if (!bulk_overflow_) {
            if (bulk_.size() >= kMaxBulkMentions) {
              bulk_overflow_ = true;
              bulk_.clear();
              bulk_.shrink_to_fit();
            } else {
              bulk_.push_back(BulkMention{static_cast<int32_t>(src.party), static_cast<int32_t>(tgt.party), k.date,
                                          static_cast<int32_t>(k.src), static_cast<int32_t>(k.tgt),
                                          static_cast<int32_t>(k.code), static_cast<int32_t>(publisher),
                                          AddGroup(keys, k)});
            }
          }
          ++stats->events;
        }
        block.end = pending_data_.size();
        pending.push_back(block);
      }
    }
    DYAD_RETURN_IF_ERROR(InsertPending(pending));
    return fresh_bulk_ ? Status::Ok() : FlushAggregates();
  }

  // Applies the batch's group deltas to group_cells (read, merge, write
  // back one cell per touched dyad-month) and dyad_month.
  Status FlushAggregates() {
    DYAD_ASSIGN_OR_RETURN(Stmt * get, S("SELECT data FROM group_cells WHERE src_party=? AND tgt_party=? AND month=?"));
    DYAD_ASSIGN_OR_RETURN(Stmt * put, S("INSERT OR REPLACE INTO group_cells VALUES(?,?,?,?,?)"));
    DYAD_ASSIGN_OR_RETURN(Stmt * del, S("DELETE FROM group_cells WHERE src_party=? AND tgt_party=? AND month=?"));
    struct Touched {
      int64_t sp, tp;
      int32_t month;
      GroupKey key;
      const GroupDelta* d;
    };
    std::vector<Touched> order;
    order.reserve(groups_.size());
    for (const auto& [k, d] : groups_) order.push_back(Touched{d.src_party, d.tgt_party, MonthOf(Date{k.date}), k, &d});
    std::sort(order.begin(), order.end(), [](const Touched& x, const Touched& y) {
      return std::tie(x.sp, x.tp, x.month, x.key.date, x.key.src, x.key.tgt, x.key.code) <
             std::tie(y.sp, y.tp, y.month, y.key.date, y.key.src, y.key.tgt, y.key.code);
    });
    std::vector<store::CellGroup> cell;
    std::string data;
    for (size_t i = 0; i < order.size();) {
      const int64_t sp = order[i].sp, tp = order[i].tp;
      const int32_t month = order[i].month;
      get->Int(1, sp).Int(2, tp).Int(3, month);
      int rc = get->Step();
      bool ok = true;
      if (rc == SQLITE_ROW) ok = store::DecodeCell(get->ColBlob(0), &cell); else cell.clear();
      get->Reset();
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqlError(db_, "reading a group cell");
      if (!ok) return Status::Corruption("group cell (" + PartyCode(sp) + ", " + PartyCode(tp) + ", month " +
                                         std::to_string(month) + ") is malformed");
      for (; i < order.size() && order[i].sp == sp && order[i].tp == tp && order[i].month == month; ++i) {
        const GroupKey& k = order[i].key;
        const GroupDelta& d = *order[i].d;
        const store::GroupKeyV6 key{k.date, k.src, k.tgt, k.code};
        auto g = std::lower_bound(cell.begin(), cell.end(), key,
                                  [](const store::CellGroup& x, const store::GroupKeyV6& y) { return x.key < y; });
        if (g == cell.end() || g->key != key) {
          g = cell.insert(g, store::CellGroup{});
          g->key = key;
        }
        const int64_t old_m = g->mentions;
        g->mentions += d.mentions;
        g->stories += d.stories;
        for (const auto& [pub, delta] : d.publishers) {
          if (delta == 0) continue;
          auto p = std::lower_bound(g->publishers.begin(), g->publishers.end(), pub,
                                    [](const std::pair<int64_t, int64_t>& x, int64_t y) { return x.first < y; });
          if (p == g->publishers.end() || p->first != pub) p = g->publishers.insert(p, {pub, 0});
          p->second += delta;
          if (p->second < 0) return Status::Corruption("group publisher count below zero");
          if (p->second == 0) g->publishers.erase(p);
        }
        const int64_t new_m = g->mentions;
        if (new_m < 0 || g->stories < 0) return Status::Corruption("event group mention count below zero");
        MonthDelta& m = months_[MonthKey{sp, tp, month, d.quad}];
        m.mentions += d.mentions;
        m.gsum_mentions += static_cast<double>(d.mentions) * d.goldstein;
        const int ev = (old_m == 0 && new_m > 0) ? 1 : (old_m > 0 && new_m == 0) ? -1 : 0;
        m.events += ev;
        m.gsum_events += ev * d.goldstein;
      }
      std::erase_if(cell, [](const store::CellGroup& g) { return g.mentions == 0; });
      if (cell.empty()) {
        del->Int(1, sp).Int(2, tp).Int(3, month);
        DYAD_RETURN_IF_ERROR(Run(db_, *del, "deleting a group cell"));
      } else {
        data = store::EncodeCell(cell);
        put->Int(1, sp).Int(2, tp).Int(3, month).Int(4, static_cast<int64_t>(cell.size())).StaticBlob(5, data);
        DYAD_RETURN_IF_ERROR(Run(db_, *put, "writing a group cell"));
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
    actors_.ForEach([&](std::string_view a, const ActorInfo& info) {
      if (a.substr(0, code.size()) == code) {
        r.actors.insert(info.id);
        parties.insert(info.party);
      }
    });
    if (r.actors.empty())
      return Status::NotFound("no country or actor '" + spec.code + "' in the store");
    r.parties.assign(parties.begin(), parties.end());
    return r;
  }

  // Every stored party id, ascending (a key range per party instead of a
  // scan when one side of a query is anyone).
  std::vector<int64_t> AllParties() const {
    std::vector<int64_t> ids;
    ids.reserve(party_codes_.size());
    for (const auto& [id, code] : party_codes_) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::string PartyCode(int64_t id) const {
    auto it = party_codes_.find(id);
    return it == party_codes_.end() ? std::string() : it->second;
  }

  // Reads the group cells of the given parties (any when empty) and months
  // (inclusive), calling fn(src_party, tgt_party, key, mentions, stories,
  // sources) for each group dated within [from, to].
  template <typename Fn>
  Status ForEachGroup(const std::vector<int64_t>& src_parties, const std::vector<int64_t>& tgt_parties,
                      std::optional<Date> from, std::optional<Date> to, Fn&& fn) {
    std::string sql = "SELECT src_party, tgt_party, month, data FROM group_cells WHERE 1";
    if (!src_parties.empty()) sql += " AND src_party IN " + IdList(src_parties);
    if (!tgt_parties.empty()) sql += " AND tgt_party IN " + IdList(tgt_parties);
    if (from) sql += " AND month >= " + std::to_string(MonthOf(*from));
    if (to) sql += " AND month <= " + std::to_string(MonthOf(*to));
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, sql));
    const int32_t lo = from ? from->days : INT32_MIN, hi = to ? to->days : INT32_MAX;
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      const int64_t sp = st.ColInt(0), tp = st.ColInt(1);
      bool stop = false;
      const bool ok = store::WalkCell(st.ColBlob(3), [&](const store::GroupKeyV6& k, int64_t mentions,
                                                          int64_t stories, int64_t sources) {
        if (!stop && k.date >= lo && k.date <= hi) stop = !fn(sp, tp, k, mentions, stories, sources);
      });
      if (!ok)
        return Status::Corruption("group cell (" + PartyCode(sp) + ", " + PartyCode(tp) + ", month " +
                                  std::to_string(st.ColInt(2)) + ") is malformed");
      if (stop) return Status::Ok();
    }
    if (rc != SQLITE_DONE) return SqlError(db_, "reading group cells");
    return Status::Ok();
  }

  sqlite3* db_ = nullptr;
  std::string path_;
  bool read_only_ = false;
  bool fresh_bulk_ = false;
  std::unordered_map<std::string, int64_t> parties_;
  std::unordered_map<int64_t, std::string> party_codes_;
  store::ArenaStringMap<ActorInfo> actors_;  // two look-ups per event: no node map
  std::vector<ActorRow> actor_rows_;  // index = actor id; party -1 = unused slot
  std::unordered_map<std::string, CodeInfo> codes_;
  std::vector<CodeInfo> code_by_id_;  // index = code id; id -1 = unused slot
  std::unordered_map<std::string, int64_t> publishers_;
  std::unordered_map<int64_t, std::string> publisher_names_;
  std::unordered_map<const char*, Stmt> stmts_;
  std::unordered_map<GroupKey, GroupDelta, GroupKeyHash> groups_;
  std::map<MonthKey, MonthDelta> months_;
  std::string pending_data_;       // the bytes of the pending event blocks
  std::vector<PendingStory> pending_stories_;  // fresh bulk load: new stories of the batch
  std::string pending_sentences_;              // their packed sentences
  int64_t next_story_id_ = 1;                  // fresh bulk load: the next new story's id
  std::unordered_map<std::string, Stmt> multi_stmts_;  // InsertRows' statements
  std::unique_ptr<BackgroundCheckpointer> checkpointer_;  // fresh bulk load into a file in WAL mode
  bool rollback_bulk_ = false;  // fresh bulk load with a rollback journal (WAL again at EndBulk)
  std::vector<BulkMention> bulk_;  // fresh bulk load: every stored mention
  store::ArenaStringMap<StoredStory> bulk_stories_;  // fresh bulk load: its stories by key
  bool bulk_overflow_ = false;     // too many: EndBulk rebuilds from the blocks

};

// ------------------------------------------------------------- queries --

namespace {


}  // namespace

Status SqliteStore::ScanEvents(const EventFilter& f, const std::function<bool(const EventRecord&)>& fn) {
  DYAD_ASSIGN_OR_RETURN(Resolved either, Resolve(f.actor));
  DYAD_ASSIGN_OR_RETURN(Resolved src, Resolve(f.source));
  DYAD_ASSIGN_OR_RETURN(Resolved tgt, Resolve(f.target));
  // Codes by id: which pass the code, root and quad filters.
  std::vector<char> code_ok(code_by_id_.size(), 0);
  bool any_code = false;
  for (const CodeInfo& c : code_by_id_) {
    if (c.id < 0) continue;
    const bool ok = (f.code.empty() || c.code.compare(0, f.code.size(), f.code) == 0) && (!f.root || c.root == f.root) &&
                    (!f.quad_class || c.quad == f.quad_class);
    code_ok[static_cast<size_t>(c.id)] = ok;
    any_code |= ok;
  }
  if (!any_code) return Status::Ok();  // no such code stored: nothing matches
  const std::string needle = AsciiLower(f.text);
  // Blocks in key order (date, story), events in seq order within a block:
  // the listing order; a limit stops the walk early.
  DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT date, story, data FROM event_blocks WHERE date BETWEEN ?1 AND ?2 "
                                              "ORDER BY date, story"));
  st.Int(1, f.from ? f.from->days : INT32_MIN).Int(2, f.to ? f.to->days : INT32_MAX);
  DYAD_ASSIGN_OR_RETURN(Stmt story_row, Prepare(db_, "SELECT key, url, publisher, sentences FROM stories WHERE id=?"));
  std::vector<store::BlockEvent> events;
  store::SentenceList sentences;
  std::string sentence_blob;
  EventRecord e;
  uint64_t emitted = 0;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    const auto date = static_cast<int32_t>(st.ColInt(0));
    const int64_t story = st.ColInt(1);
    if (!store::DecodeBlock(st.ColBlob(2), &events))
      return Status::Corruption("event block (date " + Date{date}.ToIso() + ", story " + std::to_string(story) +
                                ") is malformed");
    bool story_loaded = false;
    for (const store::BlockEvent& ev : events) {
      const ActorRow* a = ActorById(ev.src);
      const ActorRow* b = ActorById(ev.tgt);
      const CodeInfo* c = CodeById(ev.code);
      if (!a || !b || !c)
        return Status::Corruption("event block (date " + Date{date}.ToIso() + ", story " + std::to_string(story) +
                                  ") refers to an unknown actor or code id");
      if (!code_ok[static_cast<size_t>(ev.code)]) continue;
      if (!src.Matches(ev.src, a->party) || !tgt.Matches(ev.tgt, b->party)) continue;
      if (!either.any && !either.Matches(ev.src, a->party) && !either.Matches(ev.tgt, b->party)) continue;
      if (!story_loaded) {
        story_row.Int(1, story);
        if (story_row.Step() != SQLITE_ROW) {
          story_row.Reset();
          return Status::Corruption("event block (date " + Date{date}.ToIso() + ") of a missing story " +
                                    std::to_string(story));
        }
        e.story_id = story_row.ColText(0);
        e.url = story_row.ColText(1);
        auto pub = publisher_names_.find(story_row.ColInt(2));
        e.story_source = pub == publisher_names_.end() ? std::string() : pub->second;
        sentence_blob.assign(story_row.ColBlob(3));
        story_row.Reset();
        if (!store::UnpackSentences(sentence_blob, &sentences))
          return Status::Corruption("story '" + e.story_id + "': malformed sentence blob");
        story_loaded = true;
      }
      std::string_view text;
      for (const auto& [idx, t] : sentences)
        if (idx == ev.sentence) text = t;
      if (!needle.empty() && AsciiLower(text).find(needle) == std::string::npos) continue;
      e.sentence = ev.sentence;
      e.date = Date{date};
      e.source = a->code;
      e.target = b->code;
      e.source_country = PartyCode(a->party);
      e.target_country = PartyCode(b->party);
      e.code = c->code;
      e.root = c->root;
      e.quad_class = c->quad;
      e.goldstein = c->goldstein;
      e.plover = c->plover;
      e.text.assign(text);
      e.source_text.assign(ev.src_text);
      e.target_text.assign(ev.tgt_text);
      e.verb_text.assign(ev.verb_text);
      e.verb_start = ev.verb_start;
      e.verb_end = ev.verb_end;
      if (!fn(e)) return Status::Ok();
      if (f.limit && ++emitted >= f.limit) return Status::Ok();
    }
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
    // Group path: the de-duplicated events with their mention counts, from
    // group_cells (keyed by (src_party, tgt_party, month)).
    const std::vector<int64_t> all_parties = AllParties();
    for (int dir = 0; dir < (q.both_directions ? 2 : 1); ++dir) {
      const bool forward = dir == 0;
      const Resolved& src = forward ? a : b;
      const Resolved& tgt = forward ? b : a;
      // Cells keyed in a hash map while reading (groups come by dyad and
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
      Status bad = Status::Ok();
      // group_cells is keyed by (src_party, tgt_party, month): both
      // directions are key-range reads (the reverse one lists every source
      // party when B is anyone).
      const std::vector<int64_t>& src_parties = forward ? a.parties : (b.any ? all_parties : b.parties);
      const std::vector<int64_t> tgt_parties = forward ? (b.any ? std::vector<int64_t>() : b.parties) : a.parties;
      DYAD_RETURN_IF_ERROR(ForEachGroup(
          src_parties, tgt_parties, q.from, q.to,
          [&](int64_t sp, int64_t tp, const store::GroupKeyV6& k, int64_t mentions, int64_t, int64_t) {
            if (!src.Matches(k.src, sp) || !tgt.Matches(k.tgt, tp)) return true;
            // Groups already counted in the forward pass (A and B overlap).
            if (!forward && a.Matches(k.src, sp) && b.Matches(k.tgt, tp)) return true;
            const CodeInfo* code = CodeById(k.code);
            if (!code) {
              bad = Status::Corruption("an event group refers to an unknown code id " + std::to_string(k.code));
              return false;
            }
            const uint64_t n = events ? 1 : static_cast<uint64_t>(mentions);
            if (k.date != last_date) {  // groups of a dyad-month come in date order
              start = Bucket(Date{k.date}, q.by);
              last_date = k.date;
            }
            auto& c = found[{start.days, forward, forward ? tp : sp, code->quad}];
            c.first += n;
            c.second += static_cast<double>(n) * code->goldstein;
            return true;
          }));
      DYAD_RETURN_IF_ERROR(bad);
      for (const auto& [k, v] : found) {
        auto& c = cells[k];
        c.first += v.first;
        c.second += v.second;
      }
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
  // Party conditions narrow the key range (src_party, tgt_party, month).
  // With date bounds, an unconstrained side lists every party, so that each
  // (party, party) pair is one seek to its month range instead of a scan
  // of the whole table.
  const std::vector<int64_t> all_parties = AllParties();
  const bool dated = f.from || f.to;
  std::vector<int64_t> sp_list, tp_list;
  if (!src.any || dated) sp_list = src.any ? all_parties : src.parties;
  if (!tgt.any || dated) tp_list = tgt.any ? all_parties : tgt.parties;
  struct Found {
    EventGroup g;
    const ActorRow* a;
    const ActorRow* b;
    const CodeInfo* c;
  };
  std::vector<Found> found;
  Status bad = Status::Ok();
  DYAD_RETURN_IF_ERROR(ForEachGroup(
      sp_list, tp_list, f.from, f.to,
      [&](int64_t sp, int64_t tp, const store::GroupKeyV6& k, int64_t mentions, int64_t stories, int64_t sources) {
        if (!src.Matches(k.src, sp) || !tgt.Matches(k.tgt, tp)) return true;
        if (!any.any && !any.Matches(k.src, sp) && !any.Matches(k.tgt, tp)) return true;
        const ActorRow* a = ActorById(k.src);
        const ActorRow* b = ActorById(k.tgt);
        const CodeInfo* c = CodeById(k.code);
        if (!a || !b || !c) {
          bad = Status::Corruption("an event group refers to an unknown actor or code id");
          return false;
        }
        if (!f.code.empty() && c->code.compare(0, f.code.size(), f.code) != 0) return true;
        if (f.root && c->root != f.root) return true;
        if (f.quad_class && c->quad != f.quad_class) return true;
        found.push_back(Found{EventGroup{Date{k.date}, {}, {}, {}, static_cast<uint64_t>(mentions),
                                         static_cast<uint64_t>(stories), static_cast<uint64_t>(sources)},
                              a, b, c});
        return true;
      }));
  DYAD_RETURN_IF_ERROR(bad);
  std::sort(found.begin(), found.end(), [](const Found& x, const Found& y) {
    return std::tie(x.g.date.days, x.a->code, x.b->code, x.c->code) <
           std::tie(y.g.date.days, y.a->code, y.b->code, y.c->code);
  });
  if (f.limit && found.size() > f.limit) found.resize(f.limit);
  std::vector<EventGroup> out;
  out.reserve(found.size());
  for (Found& x : found) {
    x.g.source = x.a->code;
    x.g.target = x.b->code;
    x.g.code = x.c->code;
    out.push_back(std::move(x.g));
  }
  return out;
}

Result<StoreSummary> SqliteStore::Summary() {
  StoreSummary s;
  s.schema_version = kSchemaVersion;
  DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT (SELECT count(*) FROM stories), "
                                              "(SELECT sum(dyad_sentence_count(sentences)) FROM stories), "
                                              "(SELECT sum(n) FROM event_blocks), (SELECT sum(n) FROM group_cells), "
                                              "(SELECT min(date) FROM event_blocks), (SELECT max(date) FROM event_blocks)"));
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
      {"event blocks without a story", "SELECT count(*) FROM event_blocks b LEFT JOIN stories s ON s.id = b.story "
                                       "WHERE s.id IS NULL"},
      {"stories whose event date range (ev_min, ev_max) is wrong",
       "SELECT count(*) FROM stories s LEFT JOIN (SELECT story, min(date) lo, max(date) hi FROM event_blocks "
       "GROUP BY 1) r ON r.story = s.id WHERE r.lo IS NOT s.ev_min OR r.hi IS NOT s.ev_max"},
      {"actors whose party is not in the parties table",
       "SELECT count(*) FROM actors a LEFT JOIN parties p ON p.id = a.party WHERE p.id IS NULL"},
  };
  for (const Check& c : kChecks) {
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, c.sql));
    if (st.Step() != SQLITE_ROW) return SqlError(db_, c.what);
    if (st.ColInt(0) != 0) return Status::Corruption(std::string(c.what) + " (" + std::to_string(st.ColInt(0)) + " rows)");
  }
  {
    // Each block's event count.
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT date, story, n, data FROM event_blocks"));
    std::vector<store::BlockEvent> events;
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      if (!store::DecodeBlock(st.ColBlob(3), &events) || static_cast<int64_t>(events.size()) != st.ColInt(2))
        return Status::Corruption("event block (date " + Date{static_cast<int32_t>(st.ColInt(0))}.ToIso() +
                                  ", story " + std::to_string(st.ColInt(1)) + ") is malformed or miscounted");
    }
    if (rc != SQLITE_DONE) return SqlError(db_, "reading event blocks");
  }
  // The summaries recomputed from the events (as a rebuild would write
  // them), compared with the stored ones: each cell's canonical encoding
  // and each dyad_month row.
  struct CellId {
    int64_t sp, tp;
    int32_t month;
    bool operator<(const CellId& o) const { return std::tie(sp, tp, month) < std::tie(o.sp, o.tp, o.month); }
  };
  std::map<CellId, std::pair<int64_t, size_t>> want_cells;  // (groups, hash of the encoding)
  std::map<MonthKey, MonthDelta> want_months;
  DYAD_RETURN_IF_ERROR(ForEachMonthOfMentions([&](std::vector<BulkMention>& m) {
    return ForEachSummaryCell(m, [&](int32_t sp, int32_t tp, int32_t month, std::string_view data, int64_t groups,
                                     const MonthDelta* quads) -> Status {
      want_cells[CellId{sp, tp, month}] = {groups, std::hash<std::string_view>()(data)};
      for (int q = 0; q < 4; ++q)
        if (quads[q].mentions != 0) want_months[MonthKey{sp, tp, month, q + 1}] = quads[q];
      return Status::Ok();
    });
  }));
  {
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT src_party, tgt_party, month, n, data FROM group_cells"));
    uint64_t differ = 0, stored = 0;
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      ++stored;
      auto it = want_cells.find(CellId{st.ColInt(0), st.ColInt(1), static_cast<int32_t>(st.ColInt(2))});
      if (it == want_cells.end() || it->second.first != st.ColInt(3) ||
          it->second.second != std::hash<std::string_view>()(st.ColBlob(4)))
        ++differ;
    }
    if (rc != SQLITE_DONE) return SqlError(db_, "reading group cells");
    differ += want_cells.size() > stored ? want_cells.size() - stored : 0;
    if (differ) return Status::Corruption("group_cells differ from the events (" + std::to_string(differ) + " cells)");
  }
  {
    DYAD_ASSIGN_OR_RETURN(Stmt st, Prepare(db_, "SELECT src_party, tgt_party, month, quad, mentions, gsum_mentions, "
                                                "events, gsum_events FROM dyad_month"));
    uint64_t differ = 0, stored = 0;
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      ++stored;
      auto it = want_months.find(
          MonthKey{st.ColInt(0), st.ColInt(1), static_cast<int32_t>(st.ColInt(2)), static_cast<int>(st.ColInt(3))});
      if (it == want_months.end() || it->second.mentions != st.ColInt(4) || it->second.events != st.ColInt(6) ||
          std::abs(it->second.gsum_mentions - st.ColReal(5)) > 1e-6 ||
          std::abs(it->second.gsum_events - st.ColReal(7)) > 1e-6)
        ++differ;
    }
    if (rc != SQLITE_DONE) return SqlError(db_, "reading dyad_month");
    differ += want_months.size() > stored ? want_months.size() - stored : 0;
    if (differ) return Status::Corruption("dyad_month differs from the events (" + std::to_string(differ) + " rows)");
  }
  return Status::Ok();
}

}  // namespace

int SqliteSchemaVersion() { return kSchemaVersion; }

Result<std::unique_ptr<EventStore>> OpenSqliteStore(const std::string& path, StoreOptions options) {
  // No memory statistics: with them every SQLite allocation takes a global
  // mutex (−1.7% of a bulk load's writer instructions). Before the first
  // connection, once; later calls to sqlite3_config are refused, harmlessly.
  static const int kNoMemStatus = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)kNoMemStatus;
  auto store = std::make_unique<SqliteStore>();
  DYAD_RETURN_IF_ERROR(store->Open(path, options));
  return std::unique_ptr<EventStore>(std::move(store));
}

}  // namespace dyad
