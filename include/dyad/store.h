// The event store: stories, sentences and coded events on disk, plus the
// aggregates the analysis commands read.
//
// EventStore is the small interface analysis code depends on; the SQLite
// backend (OpenSqliteStore) is the default. A PostgreSQL backend would
// implement the same operations. Schema and migrations: docs/store.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dyad/date.h"
#include "dyad/status.h"

namespace dyad {

struct Story;
struct CodedStory;

// One coded event as stored: the event plus its derived CAMEO fields.
struct EventRecord {
  std::string story_id;
  uint32_t sentence = 0;
  Date date;
  std::string source;          // full actor codes ("IRQGOV")
  std::string target;
  std::string source_country;  // "party" of each side: country code, or for
  std::string target_country;  // actors without one the 3-letter sector prefix
  std::string code;            // CAMEO event code ("042")
  int root = 0;                // 1..20
  int quad_class = 0;          // 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
  double goldstein = 0;        // -10..10
  std::string plover;          // optional PLOVER category
  std::string text;            // the sentence
  std::string source_text;     // evidence phrases
  std::string target_text;
  std::string verb_text;
  int32_t verb_start = -1;     // character offsets of the verb in `text`, -1 unknown
  int32_t verb_end = -1;
  std::string url;
  std::string story_source;    // publisher / feed
};

// A story with its events, the unit the store writes and replaces.
struct StoryRecord {
  std::string id;
  Date date;
  std::string url;
  std::string source;                         // publisher
  std::string origin;                         // "file:line" it was read from
  std::vector<std::pair<uint32_t, std::string>> sentences;  // (index, text)
  std::vector<EventRecord> events;
  // false: replace any stored story with this id (idempotent re-ingest).
  // true: add to the story stored earlier in the same run (a story whose
  // events are split across a file).
  bool append = false;
};

struct WriteStats {
  uint64_t stories_new = 0;
  uint64_t stories_replaced = 0;
  uint64_t stories_appended = 0;
  uint64_t events = 0;
  uint64_t sentences = 0;
};

// Which events count: raw mentions (every coded sentence) or de-duplicated
// events (one per (date, source, target, code), GDELT-style).
enum class Counting { kMentions, kEvents };

// One side of a dyad: a country / party code ("IRQ") or an actor code prefix
// ("IRQGOV" matches IRQGOV, IRQGOVMIL, ...). Empty = anyone.
struct ActorSpec {
  std::string code;
  bool empty() const { return code.empty(); }
};

// Filters for listing events. Every set field must match.
struct EventFilter {
  ActorSpec actor;        // either side (country or actor prefix)
  ActorSpec source;
  ActorSpec target;
  std::string code;       // CAMEO code prefix ("04" matches 040..046)
  int root = 0;           // 0 = any
  int quad_class = 0;     // 0 = any
  std::optional<Date> from, to;   // inclusive
  std::string text;       // case-insensitive substring of the sentence
  uint64_t limit = 0;     // 0 = no limit
};

enum class Granularity { kDay, kWeek, kMonth, kYear };

// Aggregation request: events between A and B (or A and anyone), bucketed.
struct AggregateQuery {
  ActorSpec a;
  ActorSpec b;            // empty = any partner
  bool both_directions = true;   // false: only A -> B
  Granularity by = Granularity::kMonth;
  std::optional<Date> from, to;  // inclusive
  Counting counting = Counting::kMentions;
};

// One aggregate cell. period_start is the first day of the bucket (Monday
// for weeks). a_is_source tells the direction. partner is the other side's
// party code.
struct AggregateCell {
  Date period_start;
  bool a_is_source = true;
  std::string partner;
  int quad_class = 0;
  uint64_t count = 0;
  double goldstein_sum = 0;
};

// Monthly totals per directed party pair, for change detection.
struct DyadMonthCell {
  int32_t month = 0;      // year * 12 + (month - 1)
  std::string source;
  std::string target;
  uint64_t count = 0;
  double goldstein_sum = 0;
};

struct StoreSummary {
  uint64_t stories = 0;
  uint64_t sentences = 0;
  uint64_t events = 0;        // mentions
  uint64_t event_groups = 0;  // de-duplicated events
  std::optional<Date> first, last;
  int schema_version = 0;
};

// A de-duplicated event group (GDELT-style): counts of mentions, stories
// and distinct publishers.
struct EventGroup {
  Date date;
  std::string source, target, code;
  uint64_t mentions = 0, stories = 0, sources = 0;
};

// Events per transaction of an ingest unless the store or the caller says
// otherwise (EventStore::PreferredBatchEvents, IngestOptions::batch_events).
inline constexpr size_t kDefaultBatchEvents = 100000;

// A store object is used by one thread at a time (its SQLite connection is
// opened without a mutex); open one per thread for concurrent readers.
class EventStore {
 public:
  virtual ~EventStore() = default;

  // Writes a batch of stories in ONE transaction: either all of it is stored
  // or none. Stories with a known id are replaced (unless append is set).
  virtual Status Write(const std::vector<StoryRecord>& batch, WriteStats* stats) = 0;
  // Hints for a long bulk load: the store may defer work (the SQLite store:
  // the summary tables, when it is empty) from Begin to End. A store left
  // between the two (crash) stays correct: the next writable Open finishes
  // the deferred work.
  virtual Status BeginBulk() = 0;
  virtual Status EndBulk() = 0;
  // Events per Write this store handles best now (IngestOptions with
  // batch_events 0 use it). The SQLite store: 10,000 inside a deferred
  // bulk load (less memory in flight, batches still in cache when written),
  // kDefaultBatchEvents otherwise (each batch rewrites the summary cells it
  // touches, so fewer, larger ones).
  virtual size_t PreferredBatchEvents() const { return kDefaultBatchEvents; }

  // Calls `fn` for each matching event, ordered by date, then by the order
  // stories were first stored, then by position in the story.
  // Return false from fn to stop.
  virtual Status ScanEvents(const EventFilter& filter,
                            const std::function<bool(const EventRecord&)>& fn) = 0;
  virtual Result<std::vector<AggregateCell>> Aggregate(const AggregateQuery& q) = 0;
  // Monthly totals for every directed party pair, months in [from, to].
  virtual Result<std::vector<DyadMonthCell>> DyadMonths(int32_t from_month, int32_t to_month,
                                                        Counting counting) = 0;
  virtual Result<std::vector<EventGroup>> Groups(const EventFilter& filter) = 0;
  // Counts of everything (scans the tables: slow on big stores).
  virtual Result<StoreSummary> Summary() = 0;
  // First and last event date (cheap); nullopt when the store is empty.
  virtual Result<std::optional<std::pair<Date, Date>>> DateRange() = 0;
  // Deep self-check: SQLite integrity and aggregates == recomputation from
  // the events. Slow on big stores; for tests and `dyad ingest --check`.
  virtual Status CheckConsistency() = 0;
};

struct StoreOptions {
  bool read_only = false;
  bool create = true;     // create the file and schema when absent
};

// Opens (and creates / migrates) a SQLite store at `path`.
Result<std::unique_ptr<EventStore>> OpenSqliteStore(const std::string& path, StoreOptions options = {});

// Schema version this build writes (PRAGMA user_version).
int SqliteSchemaVersion();

// ---------------------------------------------------------------- ingest --

// CAMEO facts the store derives for a code: nullopt when unknown.
struct CodeFacts {
  int root = 0;
  int quad_class = 0;
  double goldstein = 0;
  bool goldstein_known = false;
};
std::optional<CodeFacts> LookupCameoCode(const std::string& code);
// Party of an actor code: its country, or the 3-letter sector prefix.
std::string PartyOf(const std::string& actor_code);

// A problem with one input record: reported, then skipped (or fatal with strict).
struct InputProblem {
  std::string file;
  uint64_t line = 0;
  std::string message;
  std::string ToString() const { return file + ":" + std::to_string(line) + ": " + message; }
};

struct IngestOptions {
  bool strict = false;            // stop at the first bad record
  size_t batch_events = 0;  // events per transaction (approximate); 0: the store's PreferredBatchEvents()
  bool progress = false;          // progress line on stderr
  std::function<void(const InputProblem&)> on_problem;  // default: ignore
};

struct IngestStats {
  uint64_t lines = 0;
  uint64_t bad_records = 0;
  WriteStats written;
  double seconds = 0;
};

// Parses one JSONL event line (the `dyad code --format jsonl` output) into
// `out`. Returns an error message (empty when OK).
std::string ParseEventJson(std::string_view line, EventRecord* out);

// Stores the events of a JSONL file ("-" = standard input). Events are
// grouped into stories by story_id; one transaction per batch.
Result<IngestStats> IngestEventsJsonl(EventStore& store, const std::string& path,
                                      const IngestOptions& options);

// A coded story as the store keeps it: every coded sentence, and the
// story's (de-duplicated) events with their CAMEO facts. Events with a code
// the CAMEO table does not know are left out and described in `problems`.
StoryRecord StoryRecordFromCoded(const Story& story, const CodedStory& coded, std::vector<std::string>* problems);

// Synthetic but realistic events for benchmarks: `n` events over
// [from, from + days), skewed country dyads with persistent relations and
// occasional shifts, stories of 1-8 events. Deterministic for a seed.
void GenerateSyntheticStories(uint64_t n_events, uint64_t seed, Date from, int days,
                              const std::function<void(StoryRecord&&)>& fn);

}  // namespace dyad
