// `dyad ingest --events`: JSONL events -> stories -> batched transactions.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string_view>
#include <vector>

#include "dyad/store.h"
#include "store/event_json.h"

namespace dyad {
namespace {

using Clock = std::chrono::steady_clock;

std::string Hms(double seconds) {
  if (seconds < 0 || seconds > 1e7) return "?";
  int s = static_cast<int>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return buf;
}


// The story ids seen so far in a run (a story seen again is appended to):
// open addressing over one character arena, no allocation per id (a
// node-based set of strings was 15% of the parsing thread).
class StoryIdSet {
 public:
  // Adds `id`; false when it was there already.
  bool Insert(std::string_view id) {
    if ((used_ + 1) * 2 > slots_.size()) Grow();
    const uint64_t h = Hash(id);
    for (size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      Slot& s = slots_[i];
      if (s.len == 0) {
        s = Slot{h, arena_.size(), static_cast<uint32_t>(id.size()) + 1};
        arena_.append(id);
        ++used_;
        return true;
      }
      if (s.hash == h && s.len == id.size() + 1 && std::string_view(arena_).substr(s.offset, id.size()) == id)
        return false;
    }
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint64_t offset = 0;
    uint32_t len = 0;  // id length + 1; 0 = empty
  };
  static uint64_t Hash(std::string_view s) {
    uint64_t h = 1469598103934665603ULL;  // FNV-1a, then a final mix
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
  }
  void Grow() {
    std::vector<Slot> old(std::max<size_t>(1024, slots_.size() * 2));
    old.swap(slots_);
    for (const Slot& s : old) {
      if (s.len == 0) continue;
      size_t i = s.hash & (slots_.size() - 1);
      while (slots_[i].len != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::string arena_;
  size_t used_ = 0;
};

// A batch of parsed stories handed from the parsing thread to the writer,
// with the problems found while reading it (reported by the writer, in
// order) and, last, how the read ended.
struct ParsedBatch {
  std::vector<StoryRecord> stories;
  std::vector<InputProblem> problems;
  uint64_t bytes = 0;       // read so far
  uint64_t lines = 0;
  bool last = false;
  Status end_status;        // last batch: read error or --strict stop
};

// Bounded hand-off (two batches in flight) between one producer and one
// consumer. Written batches travel back to the producer to be freed there:
// their memory came from its malloc arena, and a batch of 100k events is
// ~10% of the writer's time to free.
class BatchQueue {
 public:
  void Recycle(ParsedBatch&& b) {
    std::lock_guard<std::mutex> l(mu_);
    done_.push_back(std::move(b));
  }
  // Called by the producer: frees the batches the consumer is done with.
  void FreeRecycled() {
    std::deque<ParsedBatch> done;
    {
      std::lock_guard<std::mutex> l(mu_);
      done.swap(done_);
    }
  }
  void Push(ParsedBatch&& b) {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return q_.size() < 2 || cancelled_; });
    if (cancelled_) return;
    q_.push_back(std::move(b));
    cv_.notify_all();
  }
  ParsedBatch Pop() {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return !q_.empty(); });
    ParsedBatch b = std::move(q_.front());
    q_.pop_front();
    cv_.notify_all();
    return b;
  }
  void Cancel() {
    std::lock_guard<std::mutex> l(mu_);
    cancelled_ = true;
    cv_.notify_all();
  }
  bool cancelled() {
    std::lock_guard<std::mutex> l(mu_);
    return cancelled_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ParsedBatch> q_;
  std::deque<ParsedBatch> done_;
  bool cancelled_ = false;
};

// The parsing side: lines -> events -> stories -> batches of about
// `batch_events` events, cut at story boundaries.
void ParseBatches(std::istream& in, const std::string& name, const IngestOptions& options, BatchQueue& queue) {
  ParsedBatch cur;
  size_t batch_events = 0;
  StoryIdSet seen_in_run;
  store::EventJsonParser parser;
  EventRecord e;
  std::string line;
  uint64_t lines = 0, bytes = 0;
  auto send = [&](bool last, Status end) {
    cur.bytes = bytes;
    cur.lines = lines;
    cur.last = last;
    cur.end_status = std::move(end);
    queue.Push(std::move(cur));
    queue.FreeRecycled();
    cur = ParsedBatch();
    batch_events = 0;
  };
  while (std::getline(in, line)) {
    if (queue.cancelled()) return;
    ++lines;
    bytes += line.size() + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string err = parser.Parse(line, &e);
    if (!err.empty()) {
      cur.problems.push_back(InputProblem{name, lines, err});
      if (options.strict) {
        send(true, Status::ParseError(cur.problems.back().ToString() + " (stopped: --strict)"));
        return;
      }
      continue;
    }
    if (cur.stories.empty() || cur.stories.back().id != e.story_id) {
      if (batch_events >= options.batch_events) send(false, Status::Ok());
      StoryRecord& s = cur.stories.emplace_back();
      s.id = e.story_id;
      s.date = e.date;
      s.url = e.url;
      s.source = e.story_source;
      s.origin = name + ":" + std::to_string(lines);
      s.append = !seen_in_run.Insert(e.story_id);
      s.events.reserve(4);  // most stories have 1-4 events: one allocation
    }
    StoryRecord& s = cur.stories.back();
    if (!e.text.empty() && (s.sentences.empty() || s.sentences.back().first != e.sentence)) {
      bool known = false;
      for (const auto& sn : s.sentences) known |= sn.first == e.sentence;
      if (!known) s.sentences.emplace_back(e.sentence, std::move(e.text));
    }
    e.text.clear();  // stored once per sentence (moved there, or a repeat)
    s.events.push_back(std::move(e));
    ++batch_events;
  }
  send(true, in.bad() ? Status::IoError(name + ": read error after line " + std::to_string(lines)) : Status::Ok());
}

}  // namespace

Result<IngestStats> IngestEventsJsonl(EventStore& store, const std::string& path, const IngestOptions& options) {
  std::ifstream file;
  std::istream* in = &std::cin;
  uint64_t total_bytes = 0;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return Status::IoError(path + ": cannot open for reading");
    in = &file;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) total_bytes = static_cast<uint64_t>(st.st_size);
  }
  const std::string name = path == "-" ? "<stdin>" : path;
  IngestStats stats;
  const auto start = Clock::now();
  auto last_progress = start;
  uint64_t bytes = 0;

  auto progress = [&](bool final) {
    if (!options.progress) return;
    auto now = Clock::now();
    if (!final && now - last_progress < std::chrono::milliseconds(500)) return;
    last_progress = now;
    double secs = std::chrono::duration<double>(now - start).count();
    double rate = secs > 0 ? static_cast<double>(stats.written.events) / secs : 0;
    double eta = (total_bytes && bytes && secs > 0) ? secs * (static_cast<double>(total_bytes) / bytes - 1) : -1;
    std::fprintf(stderr, "\rdyad ingest: %llu stories, %llu events, %.0f events/s, ETA %s   ",
                 static_cast<unsigned long long>(stats.written.stories_new + stats.written.stories_replaced),
                 static_cast<unsigned long long>(stats.written.events), rate, Hms(eta).c_str());
    if (final) std::fputc('\n', stderr);
  };

  // Parsing runs on its own thread, one batch ahead of the writer (SQLite
  // work and JSON parsing overlap on two cores). Problems are reported and
  // batches written here, in file order.
  BatchQueue queue;
  std::thread parser([&] { ParseBatches(*in, name, options, queue); });
  Status result = Status::Ok();
  for (;;) {
    ParsedBatch b = queue.Pop();
    for (const InputProblem& p : b.problems) {
      ++stats.bad_records;
      if (options.on_problem) options.on_problem(p);
    }
    stats.lines = b.lines;
    bytes = b.bytes;
    if (!b.stories.empty()) {
      Status s = store.Write(b.stories, &stats.written);
      if (!s.ok()) {
        result = s;
        queue.Cancel();
        break;
      }
      progress(false);
    }
    if (b.last) {
      result = b.end_status;
      break;
    }
    queue.Recycle(std::move(b));
  }
  parser.join();
  DYAD_RETURN_IF_ERROR(result);
  progress(true);
  stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return stats;
}

}  // namespace dyad
