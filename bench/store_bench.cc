// Store and analysis benchmarks (docs/PERFORMANCE.md, "Store and analysis").
//
//   BM_ParseJsonl: the JSONL lines parsed into EventRecords, no store.
//   BM_ParseBatches: the whole parsing side of `dyad ingest --events` (block
//     reads, parsing, stories and batches, their freeing), no store; reads
//     the file named by DYAD_BENCH_JSONL when set (e.g. 1M events of `dyad
//     code --format jsonl`), else the synthetic 200k-event file.
//   BM_IngestJsonl: `dyad ingest --events` end to end into a fresh store.
//   BM_IngestStories: StoryRecords already in memory -> a fresh SQLite store
//     (bulk mode, batches of 100k events); items/s = events/s.
//   BM_Trend / BM_Partners / BM_Alignment / BM_Shifts: queries on the store
//     named by DYAD_BENCH_DB (build one with
//     `dyad gen-synthetic --db big.db -n 10000000`); without it a 1M-event
//     store is generated once in the temp folder.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>

#include "dyad/analysis.h"
#include "dyad/store.h"
#include "store/event_json.h"
#include "store/ingest_parse.h"

namespace dyad {
namespace {

const std::vector<StoryRecord>& Stories(uint64_t n) {
  static std::map<uint64_t, std::vector<StoryRecord>> cache;
  auto& v = cache[n];
  if (v.empty())
    GenerateSyntheticStories(n, 3, Date::FromYmd(2010, 1, 1), 3650, [&](StoryRecord&& s) { v.push_back(std::move(s)); });
  return v;
}

void BM_IngestStories(benchmark::State& state) {
  const uint64_t n = static_cast<uint64_t>(state.range(0));
  const auto& stories = Stories(n);
  const auto path = std::filesystem::temp_directory_path() / "dyad_bench_ingest.db";
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + ext);
    auto store = OpenSqliteStore(path.string());
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    state.ResumeTiming();
    (*store)->BeginBulk();
    std::vector<StoryRecord> batch;
    size_t events = 0;
    for (const auto& s : stories) {
      batch.push_back(s);
      events += s.events.size();
      if (events >= 100000) {
        (*store)->Write(batch, nullptr);
        batch.clear();
        events = 0;
      }
    }
    (*store)->Write(batch, nullptr);
    (*store)->EndBulk();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_IngestStories)->Arg(200000)->Unit(benchmark::kMillisecond)->Iterations(2);

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The JSONL file of n synthetic events the ingest benchmarks read (written
// once into the temp folder; the shape `dyad code --format jsonl` writes,
// with evidence).
std::string BenchJsonl(uint64_t n) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string jsonl = (dir / ("dyad_bench_" + std::to_string(n) + ".jsonl")).string();
  if (!std::filesystem::exists(jsonl)) {
    // Written by the store itself (ScanEvents -> JSONL is what `dyad events
    // --format jsonl` does) would need the CLI; write the keys directly.
    std::FILE* f = std::fopen((jsonl + ".tmp").c_str(), "w");
    for (const auto& s : Stories(n))
      for (const auto& e : s.events)
        std::fprintf(f,
                     "{\"code\":\"%s\",\"date\":\"%s\",\"evidence\":{\"source\":{\"text\":\"%s\"},"
                     "\"target\":{\"text\":\"%s\"},\"verb\":{\"end\":%d,\"start\":%d,\"text\":\"%s\"}},"
                     "\"goldstein\":%.1f,\"plover\":\"\",\"quad_class\":%d,\"root\":\"%02d\",\"sentence\":%u,"
                     "\"source\":\"%s\",\"source_country\":\"%s\",\"story_id\":\"%s\",\"story_source\":\"%s\","
                     "\"target\":\"%s\",\"target_country\":\"%s\",\"text\":\"%s\",\"url\":\"%s\"}\n",
                     e.code.c_str(), e.date.ToIso().c_str(), e.source_text.c_str(), e.target_text.c_str(), e.verb_end,
                     e.verb_start, e.verb_text.c_str(), e.goldstein, e.quad_class, e.root, e.sentence,
                     e.source.c_str(), e.source_country.c_str(), s.id.c_str(), s.source.c_str(), e.target.c_str(),
                     e.target_country.c_str(), s.sentences[e.sentence].second.c_str(), s.url.c_str());
    std::fclose(f);
    std::filesystem::rename(jsonl + ".tmp", jsonl);
  }
  return jsonl;
}

// The JSON side of the ingest alone: read the lines of the same file
// (std::getline, as `dyad ingest` does) and parse each into one reused
// EventRecord (simdjson DOM + the field copies), no grouping, no store.
// items/s = events per CPU second of this one thread.
void BM_ParseJsonl(benchmark::State& state) {
  const uint64_t n = static_cast<uint64_t>(state.range(0));
  const std::string jsonl = BenchJsonl(n);
  store::EventJsonParser parser;
  EventRecord e;
  std::string line;
  for (auto _ : state) {
    std::ifstream in(jsonl, std::ios::binary);
    uint64_t good = 0;
    while (std::getline(in, line)) good += parser.Parse(line, &e).empty();
    if (good != n) {
      state.SkipWithError("parse failed");
      return;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  // Share of the lines the one-pass parser took (the rest: simdjson DOM).
  state.counters["fast_share"] =
      static_cast<double>(parser.fast_lines()) / static_cast<double>(parser.fast_lines() + parser.slow_lines());
}
BENCHMARK(BM_ParseJsonl)->Arg(200000)->Unit(benchmark::kMillisecond)->Iterations(3);

// The parsing thread of `dyad ingest --events`, alone: ParseEventBatches
// as the ingest runs it, with a consumer that only counts. Counters:
// cpu_s_per_1M = CPU seconds of this thread per million events (the
// target of issue 4 is <= 0.9), fast_path = share of lines the one-pass
// parser took.
void BM_ParseBatches(benchmark::State& state) {
  const char* env = std::getenv("DYAD_BENCH_JSONL");
  const std::string jsonl = env ? std::string(env) : BenchJsonl(static_cast<uint64_t>(state.range(0)));
  uint64_t events = 0, bad = 0;
  double cpu = 0;
  IngestOptions options;
  if (const char* b = std::getenv("DYAD_BENCH_BATCH")) options.batch_events = std::strtoull(b, nullptr, 10);
  for (auto _ : state) {
    timespec t0{}, t1{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    const int fd = ::open(jsonl.c_str(), O_RDONLY);
    if (fd < 0) {
      state.SkipWithError("cannot open the JSONL file");
      return;
    }
    store::ParseEventBatches(
        fd, jsonl, options,
        [&](store::ParsedBatch& b) {
          for (const auto& st : b.stories) events += st.events.size();
          bad += b.problems.size();
          return true;
        },
        nullptr);
    ::close(fd);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
    cpu += static_cast<double>(t1.tv_sec - t0.tv_sec) + static_cast<double>(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  }
  if (bad) state.SkipWithError("bad records in the benchmark file");
  state.SetItemsProcessed(static_cast<int64_t>(events));
  state.counters["events"] = static_cast<double>(events) / static_cast<double>(state.iterations());
  state.counters["cpu_s_per_1M"] = cpu * 1e6 / static_cast<double>(std::max<uint64_t>(events, 1));
}
BENCHMARK(BM_ParseBatches)->Arg(200000)->Unit(benchmark::kMillisecond)->Iterations(3);

// `dyad ingest --events FILE.jsonl` end to end: a JSONL file of n synthetic
// events (written once, outside the timing; the shape `dyad code --format
// jsonl` writes, with evidence) read, parsed and stored in a fresh store in
// bulk mode. Counters: process CPU seconds (all threads) of the
// read+parse+write phase and of EndBulk (summary tables), events per
// process CPU second and per wall-clock second of the whole ingest.
void BM_IngestJsonl(benchmark::State& state) {
  const uint64_t n = static_cast<uint64_t>(state.range(0));
  const auto dir = std::filesystem::temp_directory_path();
  const std::string jsonl = BenchJsonl(n);
  const auto path = dir / "dyad_bench_ingest_jsonl.db";
  double load = 0, end = 0, wall = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* ext : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path.string() + ext);
    auto store = OpenSqliteStore(path.string());
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    state.ResumeTiming();
    const auto w0 = std::chrono::steady_clock::now();
    double t0 = CpuSeconds();
    (*store)->BeginBulk();
    auto r = IngestEventsJsonl(**store, jsonl, IngestOptions{});
    double t1 = CpuSeconds();
    (*store)->EndBulk();
    double t2 = CpuSeconds();
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    if (!r.ok() || r->written.events != n) {
      state.SkipWithError("ingest failed or stored a different number of events");
      return;
    }
    load += t1 - t0;
    end += t2 - t1;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.counters["load_cpu_s"] = load / static_cast<double>(state.iterations());
  state.counters["endbulk_cpu_s"] = end / static_cast<double>(state.iterations());
  // items_per_second divides by the benchmark thread's CPU time only; the
  // parsing thread and EndBulk's cell builder are not in it. These divide
  // by the process CPU time and by the wall-clock time of the whole ingest.
  state.counters["events_per_cpu_s"] =
      static_cast<double>(n) * static_cast<double>(state.iterations()) / std::max(load + end, 1e-9);
  state.counters["events_per_wall_s"] =
      static_cast<double>(n) * static_cast<double>(state.iterations()) / std::max(wall, 1e-9);
}
BENCHMARK(BM_IngestJsonl)->Arg(200000)->Unit(benchmark::kMillisecond)->Iterations(2);

EventStore* BenchStore() {
  static std::unique_ptr<EventStore> store = [] {
    std::string path;
    if (const char* env = std::getenv("DYAD_BENCH_DB")) {
      path = env;
    } else {
      path = (std::filesystem::temp_directory_path() / "dyad_bench_1m.db").string();
      if (!std::filesystem::exists(path)) {
        auto s = OpenSqliteStore(path);
        (*s)->BeginBulk();
        std::vector<StoryRecord> batch;
        GenerateSyntheticStories(1000000, 1, Date::FromYmd(2010, 1, 1), 3650, [&](StoryRecord&& r) {
          batch.push_back(std::move(r));
          if (batch.size() >= 50000) (*s)->Write(batch, nullptr), batch.clear();
        });
        (*s)->Write(batch, nullptr);
        (*s)->EndBulk();
      }
    }
    auto s = OpenSqliteStore(path, StoreOptions{.read_only = true, .create = false});
    return s.ok() ? std::move(s).value() : nullptr;
  }();
  return store.get();
}

void BM_Trend(benchmark::State& state) {
  EventStore* s = BenchStore();
  TrendOptions o;
  o.a.code = "IRQ";
  o.b.code = "USA";
  o.both = true;
  o.by = static_cast<Granularity>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(Trend(*s, o));
}
BENCHMARK(BM_Trend)->Arg(static_cast<int>(Granularity::kMonth))->Arg(static_cast<int>(Granularity::kWeek))
    ->Unit(benchmark::kMillisecond);

void BM_TrendActorPrefix(benchmark::State& state) {
  EventStore* s = BenchStore();
  TrendOptions o;
  o.a.code = "IRQGOV";
  o.b.code = "USA";
  o.both = true;
  for (auto _ : state) benchmark::DoNotOptimize(Trend(*s, o));
}
BENCHMARK(BM_TrendActorPrefix)->Unit(benchmark::kMillisecond);

void BM_Partners(benchmark::State& state) {
  EventStore* s = BenchStore();
  PartnersOptions o;
  o.a.code = "IRQ";
  for (auto _ : state) benchmark::DoNotOptimize(Partners(*s, o));
}
BENCHMARK(BM_Partners)->Unit(benchmark::kMillisecond);

void BM_Alignment(benchmark::State& state) {
  EventStore* s = BenchStore();
  AlignmentOptions o;
  o.a.code = "IRQ";
  o.b.code = "IRN";
  o.c.code = "USA";
  for (auto _ : state) benchmark::DoNotOptimize(Alignment(*s, o));
}
BENCHMARK(BM_Alignment)->Unit(benchmark::kMillisecond);

void BM_Shifts(benchmark::State& state) {
  EventStore* s = BenchStore();
  ShiftsOptions o;
  for (auto _ : state) benchmark::DoNotOptimize(Shifts(*s, o));
}
BENCHMARK(BM_Shifts)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dyad

BENCHMARK_MAIN();
