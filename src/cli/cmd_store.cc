// dyad ingest: code stories (or read coded events) into the event store.
// dyad gen-synthetic (hidden): a synthetic store for benchmarks.
#include <malloc.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <unordered_set>

#include "cli/commands.h"
#include "cli/common.h"
#include "dyad/coder.h"
#include "dyad/pipeline.h"
#include "dyad/reader.h"
#include "dyad/store.h"

namespace dyad::cli {
namespace {

struct IngestArgs {
  std::vector<std::string> stories;
  std::vector<std::string> events;
  std::string db = "dyad.db";
  std::string dict;
  std::string input_format = "auto";
  std::string date;
  bool strict = false;
  bool check = false;
  bool quiet = false;
  int threads = 1;
  size_t batch = 0;  // 0: the store's choice (IngestOptions::batch_events)
};

std::unique_ptr<EventStore> OpenOrFail(const std::string& cmd, const std::string& db, bool read_only) {
  StoreOptions o;
  o.read_only = read_only;
  o.create = !read_only;
  if (read_only) {
    struct stat st {};
    if (::stat(db.c_str(), &st) != 0) Fail(cmd, db + ": no such database (create it with `dyad ingest --db " + db + "`)");
  }
  auto s = OpenSqliteStore(db, o);
  if (!s.ok()) Fail(cmd, s.status());
  return std::move(s).value();
}

void IngestStories(const IngestArgs& a, EventStore& store, WriteStats* written, uint64_t* bad) {
  const std::string cmd = "ingest";
  ReaderOptions ropt = ReaderOptionsOrFail(cmd, a.strict, a.input_format, a.date);
  ropt.on_problem = [&](const ReadProblem& p) {
    ++*bad;
    std::fprintf(stderr, "%s: %s\n", a.strict ? "error" : "skipped", p.ToString().c_str());
  };
  auto dicts = LoadDictsOrFail(cmd, a.dict, false);
  auto coder = Coder::Create(dicts);
  if (!coder.ok()) Fail(cmd, coder.status());
  const bool progress = StderrIsTerminal() && !a.quiet;
  const auto t0 = std::chrono::steady_clock::now();
  auto last = t0;
  std::vector<StoryRecord> batch;
  size_t batch_events = 0;
  std::unordered_set<std::string> seen;
  std::vector<std::string> problems;
  uint64_t total_bytes = 0;
  size_t done_stories = 0, done_events = 0, done_bytes = 0;
  for (const auto& f : a.stories) {
    std::error_code ec;
    if (f != "-") total_bytes += std::filesystem::file_size(f, ec);
  }
  for (const auto& f : a.stories) {
    auto reader = StoryReader::Open(f, ropt);
    if (!reader.ok()) Fail(cmd, reader.status());
    PipelineStats ps;
    Status st = CodeStream(**coder, **reader, a.threads, [&](const Story& story, const CodedStory& cs) -> Status {
      problems.clear();
      StoryRecord r = StoryRecordFromCoded(story, cs, &problems);
      for (const auto& p : problems) {
        ++*bad;
        std::fprintf(stderr, "skipped: %s\n", p.c_str());
        if (a.strict) return Status::ParseError(p + " (stopped: --strict)");
      }
      r.append = !seen.insert(r.id).second;
      batch_events += r.events.size() + 1;
      batch.push_back(std::move(r));
      if (batch_events >= (a.batch ? a.batch : kDefaultBatchEvents)) {
        DYAD_RETURN_IF_ERROR(store.Write(batch, written));
        batch.clear();
        batch_events = 0;
      }
      if (progress) {
        auto now = std::chrono::steady_clock::now();
        if (now - last > std::chrono::milliseconds(500)) {
          last = now;
          double secs = std::chrono::duration<double>(now - t0).count();
          std::fprintf(stderr, "\rdyad ingest: %zu stories, %zu events, %.0f stories/s", done_stories + ps.stories,
                       done_events + ps.events, (done_stories + ps.stories) / std::max(secs, 1e-9));
          const size_t bytes = done_bytes + ps.bytes;
          if (total_bytes > 0 && bytes > 0)
            std::fprintf(stderr, ", ETA %.0f s   ",
                         std::max(0.0, secs * (static_cast<double>(total_bytes) / static_cast<double>(bytes) - 1.0)));
        }
      }
      return Status::Ok();
    }, &ps);
    if (!st.ok()) {
      Status w = store.Write(batch, written);  // keep what was coded before the error
      (void)w;
      Fail(cmd, st);
    }
    done_stories += ps.stories;
    done_events += ps.events;
    done_bytes += ps.bytes;
  }
  Status w = store.Write(batch, written);
  if (!w.ok()) Fail(cmd, w);
  if (progress) std::fprintf(stderr, "\n");
}

void RunIngest(const IngestArgs& a) {
  const std::string cmd = "ingest";
  // Without inputs, --check still opens the store: that migrates it and
  // finishes an interrupted bulk load (rebuilds pending summary tables).
  if (a.stories.empty() && a.events.empty() && !a.check)
    Fail(cmd, "nothing to ingest: give story files or --events FILE.jsonl (or --check alone to verify the store)", 2);
  // The parsing thread builds batches of hundreds of MB in its own malloc
  // arena; grown 128 KB at a time (glibc's default) that arena cost one
  // mprotect call per step, about 0.15 s per 1M events (docs/PERFORMANCE.md).
  // 64 MB steps only reserve address space: pages are touched when used.
  mallopt(M_TOP_PAD, 64 << 20);
  auto store = OpenOrFail(cmd, a.db, false);
  const auto t0 = std::chrono::steady_clock::now();
  WriteStats written;
  uint64_t bad = 0;
  double finish_secs = -1;  // EndBulk of --events: the summary tables
  if (!a.events.empty()) {
    Status s = store->BeginBulk();
    if (!s.ok()) Fail(cmd, s);
    for (const auto& f : a.events) {
      IngestOptions o;
      o.strict = a.strict;
      o.batch_events = a.batch;
      o.progress = StderrIsTerminal() && !a.quiet;
      o.on_problem = [&](const InputProblem& p) {
        std::fprintf(stderr, "%s: %s\n", a.strict ? "error" : "skipped", p.ToString().c_str());
      };
      auto r = IngestEventsJsonl(*store, f, o);
      if (!r.ok()) {
        Status e = store->EndBulk();
        (void)e;
        Fail(cmd, r.status());
      }
      bad += r->bad_records;
      written.stories_new += r->written.stories_new;
      written.stories_replaced += r->written.stories_replaced;
      written.stories_appended += r->written.stories_appended;
      written.events += r->written.events;
      written.sentences += r->written.sentences;
    }
    const auto t1 = std::chrono::steady_clock::now();
    s = store->EndBulk();
    if (!s.ok()) Fail(cmd, s);
    finish_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  }
  if (!a.stories.empty()) IngestStories(a, *store, &written, &bad);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!a.quiet) {
    char finish[64] = "";
    if (finish_secs >= 0) std::snprintf(finish, sizeof finish, ", of which %.2f s summary tables", finish_secs);
    std::fprintf(stderr,
                 "dyad ingest: %llu events from %llu new and %llu replaced stories in %.2f s%s (%.0f events/s) into %s; "
                 "%llu bad records skipped\n",
                 static_cast<unsigned long long>(written.events), static_cast<unsigned long long>(written.stories_new),
                 static_cast<unsigned long long>(written.stories_replaced), secs, finish,
                 static_cast<double>(written.events) / std::max(secs, 1e-9), a.db.c_str(),
                 static_cast<unsigned long long>(bad));
  }
  if (a.check) {
    Status c = store->CheckConsistency();
    if (!c.ok()) Fail(cmd, c);
    if (!a.quiet) std::fprintf(stderr, "dyad ingest: consistency check passed\n");
  }
}

struct GenArgs {
  std::string db = "dyad.db";
  uint64_t events = 1000000;
  uint64_t seed = 1;
  std::string from = "2010-01-01";
  int days = 365 * 10;
  size_t batch = 200000;
};

void RunGen(const GenArgs& a) {
  const std::string cmd = "gen-synthetic";
  auto from = Date::ParseIso(a.from);
  if (!from || a.days <= 0) Fail(cmd, "--from must be YYYY-MM-DD and --days positive", 2);
  auto store = OpenOrFail(cmd, a.db, false);
  Status s = store->BeginBulk();
  if (!s.ok()) Fail(cmd, s);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<StoryRecord> batch;
  size_t n = 0;
  WriteStats written;
  GenerateSyntheticStories(a.events, a.seed, *from, a.days, [&](StoryRecord&& r) {
    n += r.events.size();
    batch.push_back(std::move(r));
    if (n >= a.batch && s.ok()) {
      s = store->Write(batch, &written);
      batch.clear();
      n = 0;
    }
  });
  if (s.ok()) s = store->Write(batch, &written);
  if (!s.ok()) Fail(cmd, s);
  s = store->EndBulk();
  if (!s.ok()) Fail(cmd, s);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "dyad gen-synthetic: %llu events, %llu stories in %.1f s (%.0f events/s) into %s\n",
               static_cast<unsigned long long>(written.events), static_cast<unsigned long long>(written.stories_new),
               secs, static_cast<double>(written.events) / std::max(secs, 1e-9), a.db.c_str());
}

}  // namespace

void RegisterStoreCommands(CLI::App& app) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* sub = app.add_subcommand("ingest", "Store coded events (and code stories) in the event database");
  sub->add_option("stories", args->stories, "Story files to code and store (any input `dyad code` reads)");
  sub->add_option("--events", args->events, "JSONL events as written by `dyad code --format jsonl` (- = stdin)");
  sub->add_option("--db", args->db, "Database file")->capture_default_str();
  sub->add_option("--dict", args->dict, "Dictionaries for coding stories (default: dyad's own)");
  sub->add_option("--input-format", args->input_format, "Story format: auto, jsonl, text, petrarch-xml, tabari")
      ->capture_default_str();
  sub->add_option("--date", args->date, "Date of plain-text stories (YYYY-MM-DD)");
  sub->add_option("--threads,-j", args->threads, "Coding threads")->capture_default_str();
  sub->add_option("--batch", args->batch,
                  "Events per transaction (default: 10,000 for --events into an empty store, 100,000 otherwise)")
      ->check([](const std::string& v) { return v.find_first_not_of('0') == std::string::npos ? "must be positive" : ""; });
  sub->add_flag("--strict", args->strict, "Stop at the first bad record");
  sub->add_flag("--check", args->check, "Verify integrity and aggregates afterwards (slow on big stores)");
  sub->add_flag("--quiet,-q", args->quiet, "No summary or progress on stderr");
  sub->callback([args] { RunIngest(*args); });

  auto gen = std::make_shared<GenArgs>();
  CLI::App* g = app.add_subcommand("gen-synthetic", "");  // hidden: empty description
  g->group("");
  g->add_option("--db", gen->db, "Database file")->capture_default_str();
  g->add_option("--events,-n", gen->events, "Number of events")->capture_default_str();
  g->add_option("--seed", gen->seed, "Random seed")->capture_default_str();
  g->add_option("--from", gen->from, "First day")->capture_default_str();
  g->add_option("--days", gen->days, "Number of days")->capture_default_str();
  g->add_option("--batch", gen->batch, "Events per transaction")->capture_default_str();
  g->callback([gen] { RunGen(*gen); });
}

}  // namespace dyad::cli
