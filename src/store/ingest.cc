// `dyad ingest --events`: JSONL events -> stories -> batched transactions.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <new>
#include <thread>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "base/prefetch.h"
#include "dyad/store.h"
#include "store/event_json.h"
#include "store/string_map.h"
#include "store/ingest_parse.h"

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
  StoryIdSet() = default;
  StoryIdSet(const StoryIdSet&) = delete;
  StoryIdSet& operator=(const StoryIdSet&) = delete;
  ~StoryIdSet() { Free(slots_, mapped_, mapped_bytes_); }

  // Adds `id` (of hash `h` = Hash(id)); false when it was there already.
  bool Insert(std::string_view id, uint64_t h) {
    if ((used_ + 1) * 2 > size_) Grow();
    const uint32_t h32 = static_cast<uint32_t>(h);
    for (size_t i = h32 & (size_ - 1);; i = (i + 1) & (size_ - 1)) {
      Slot& s = slots_[i];
      if (s.len == 0) {
        s = Slot{h32, static_cast<uint32_t>(id.size()) + 1, arena_.size()};
        arena_.append(id);
        ++used_;
        return true;
      }
      if (s.hash == h32 && s.len == id.size() + 1 && std::string_view(arena_).substr(s.offset, id.size()) == id)
        return false;
    }
  }
  // Starts fetching the slot where Insert(.., h) looks first.
  void Prefetch(uint64_t h) const {
    if (size_) dyad::Prefetch(&slots_[static_cast<uint32_t>(h) & (size_ - 1)]);
  }
  static uint64_t Hash(std::string_view s) { return store::HashString(s); }

 private:
  struct Slot {
    uint32_t hash = 0;  // low bits of Hash(id)
    uint32_t len = 0;   // id length + 1; 0 = empty
    uint64_t offset = 0;
  };
  // The table is big (16 bytes a slot, half full) and read at random:
  // transparent huge pages when the system allows them (a TLB miss per
  // story otherwise). Zeroed memory = empty slots.
  static Slot* Allocate(size_t n, void** mapped, size_t* mapped_bytes) {
    constexpr size_t kHuge = size_t{2} << 20;
    const size_t bytes = n * sizeof(Slot);
    if (bytes >= kHuge) {
      const size_t total = bytes + kHuge;
      void* p = ::mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p != MAP_FAILED) {
        const uintptr_t aligned = (reinterpret_cast<uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
        ::madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);
        *mapped = p;
        *mapped_bytes = total;
        return reinterpret_cast<Slot*>(aligned);
      }
    }
    *mapped = nullptr;
    *mapped_bytes = 0;
    return static_cast<Slot*>(std::calloc(n, sizeof(Slot)));
  }
  static void Free(Slot* slots, void* mapped, size_t mapped_bytes) {
    if (mapped)
      ::munmap(mapped, mapped_bytes);
    else
      std::free(slots);
  }
  void Grow() {
    const size_t n = std::max<size_t>(1024, size_ * 2);
    void* mapped;
    size_t mapped_bytes;
    Slot* slots = Allocate(n, &mapped, &mapped_bytes);
    if (!slots) throw std::bad_alloc();  // as the std::vector it replaces
    for (size_t j = 0; j < size_; ++j) {
      const Slot& s = slots_[j];
      if (s.len == 0) continue;
      size_t i = s.hash & (n - 1);
      while (slots[i].len != 0) i = (i + 1) & (n - 1);
      slots[i] = s;
    }
    Free(slots_, mapped_, mapped_bytes_);
    slots_ = slots;
    size_ = n;
    mapped_ = mapped;
    mapped_bytes_ = mapped_bytes;
  }
  Slot* slots_ = nullptr;
  size_t size_ = 0;  // a power of two (or 0)
  void* mapped_ = nullptr;
  size_t mapped_bytes_ = 0;
  std::string arena_;
  size_t used_ = 0;
};

// Bounded hand-off between one producer and one consumer: one batch
// waiting while the consumer writes another (the parser is the faster
// side; a second waiting batch only added 1/4 more memory in flight, all
// of it first touched, page faults included). Written batches travel back
// to the producer, which reuses their memory for new ones (freeing a batch
// of 100k events was ~10% of the writer's time, and allocating it again
// half of the parser's).
class BatchQueue {
 public:
  using ParsedBatch = store::ParsedBatch;
  void Recycle(ParsedBatch&& b) {
    std::lock_guard<std::mutex> l(mu_);
    done_.push_back(std::move(b));
  }
  // Called by the producer: a batch the consumer is done with (its memory
  // is reused for a new one), or an empty one.
  ParsedBatch TakeRecycled() {
    std::lock_guard<std::mutex> l(mu_);
    if (done_.empty()) return ParsedBatch();
    ParsedBatch b = std::move(done_.front());
    done_.pop_front();
    return b;
  }
  void Push(ParsedBatch&& b) {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return q_.empty() || cancelled_; });
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
  // Read by the producer without the lock (once per line it was 7% of it).
  const std::atomic<bool>* cancelled() const { return &cancelled_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ParsedBatch> q_;
  std::deque<ParsedBatch> done_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace

namespace store {

LineReader::LineReader(int fd, size_t block_bytes) : fd_(fd), block_(block_bytes), buf_(block_bytes) {}

bool LineReader::Next(std::string_view* line) {
  for (;;) {
    if (scanned_ < end_) {
      const void* nl = std::memchr(buf_.data() + scanned_, '\n', end_ - scanned_);
      if (nl) {
        const size_t at = static_cast<size_t>(static_cast<const char*>(nl) - buf_.data());
        *line = std::string_view(buf_.data() + begin_, at - begin_);
        begin_ = scanned_ = at + 1;
        return true;
      }
      scanned_ = end_;
    }
    if (eof_) {
      if (begin_ == end_ || error_) return false;
      *line = std::string_view(buf_.data() + begin_, end_ - begin_);
      begin_ = scanned_ = end_;
      return true;
    }
    Fill();
  }
}

void LineReader::Fill() {
  if (begin_ > 0) {  // keep the partial line, at the front
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    scanned_ -= begin_;
    begin_ = 0;
  }
  if (buf_.size() - end_ < block_ / 2) buf_.resize(std::max(buf_.size() * 2, end_ + block_));  // a long line
  ssize_t n;
  do {
    n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    error_ = eof_ = true;
  } else if (n == 0) {
    eof_ = true;
  } else {
    end_ += static_cast<size_t>(n);
  }
}

namespace {

// a == b, without a call to memcmp for the usual short ids.
inline bool SameId(const std::string& a, const std::string& b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n < 8 || n > 16) return a == b;
  uint64_t x[2], y[2];
  std::memcpy(&x[0], a.data(), 8);
  std::memcpy(&y[0], b.data(), 8);
  std::memcpy(&x[1], a.data() + n - 8, 8);
  std::memcpy(&y[1], b.data() + n - 8, 8);
  return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
}

// Recycled memory for the batches: stories, events and sentences of
// batches the writer is done with, their strings and vectors keeping their
// buffers. In the steady state a batch is built without allocating (freeing
// and allocating ~4 blocks per event was half of the parsing thread), and
// lines are parsed straight into the event records of the batch.
class BatchBuilder {
 public:
  // `batch_events`: the batches' size, for their first reservation.
  BatchBuilder(const std::string& name, size_t batch_events) : name_(name), batch_events_(batch_events) {}

  // Takes the stories of `b` (a batch handed back) as spare parts and
  // empties it.
  void Reuse(ParsedBatch& b) {
    if (story_head_ > 0) {
      spare_stories_.erase(spare_stories_.begin(), spare_stories_.begin() + static_cast<ptrdiff_t>(story_head_));
      story_head_ = 0;
    }
    for (StoryRecord& s : b.stories) spare_stories_.push_back(std::move(s));
    b.stories.clear();
    if (b.stories.capacity() == 0)
      b.stories.reserve(std::min<size_t>(batch_events_, size_t{1} << 20) / 2 + 16);
    b.problems.clear();
    b.bytes = b.lines = 0;
    b.last = false;
    b.end_status = Status::Ok();
  }

  StoryRecord TakeStory() {
    if (story_head_ == spare_stories_.size()) {
      spare_stories_.clear();
      story_head_ = 0;
      return StoryRecord();
    }
    // In the order the batch handed back had them: about the order of
    // their memory, which the hardware prefetchers follow.
    // The records of the next one are cold (last touched by the writer,
    // a batch ago): fetch them while this story is parsed.
    if (story_head_ + 1 < spare_stories_.size()) {
      const auto& ahead = spare_stories_[story_head_ + 1].events;
      const char* p = reinterpret_cast<const char*>(ahead.data());
      const size_t bytes = std::min<size_t>(ahead.size(), 4) * sizeof(EventRecord);
      for (size_t off = 0; off < bytes; off += 64) PrefetchForWrite(p + off);
    }
    return std::move(spare_stories_[story_head_++]);
  }

  // Sets the story's own fields from its first event, read at `line`.
  void StartStory(ParsedBatch& b, StoryRecord& s, uint64_t line) {
    const EventRecord& first = s.events[0];
    s.id.assign(first.story_id);
    s.date = first.date;
    s.url.assign(first.url);
    s.source.assign(first.story_source);
    char num[24];
    const auto r = std::to_chars(num, num + sizeof num, line);
    s.origin.assign(name_).append(1, ':').append(num, r.ptr);
    // Whether the id was seen before is looked up a few stories later (the
    // set is big and its slots cold: the slot is fetched meanwhile).
    const uint64_t h = StoryIdSet::Hash(s.id);
    seen_in_run_.Prefetch(h);
    unresolved_.push_back({&s - b.stories.data(), h});
    if (unresolved_.size() - resolved_ > 8) ResolveOne(b);
  }

  // Sets `append` of the stories of `b` still waiting for it (before `b`
  // is handed over).
  void Resolve(ParsedBatch& b) {
    while (resolved_ < unresolved_.size()) ResolveOne(b);
    unresolved_.clear();
    resolved_ = 0;
  }

  // At least `n` records in `v` (their contents are overwritten by the caller).
  void EnsureEvents(std::vector<EventRecord>& v, size_t n) { Grow(v, n, spare_events_); }
  void EnsureSentences(std::vector<std::pair<uint32_t, std::string>>& v, size_t n) {
    Grow(v, n, spare_sentences_);
  }
  // Exactly `events` events and `sentences` sentences in `s`.
  void FinishStory(StoryRecord& s, size_t events, size_t sentences) {
    Shrink(s.events, events, spare_events_);
    Shrink(s.sentences, sentences, spare_sentences_);
  }

 private:
  // `v` grown to `n` records, taken from `spare` (with their buffers) while
  // it has some; records beyond `n` go back to `spare`.
  template <typename T>
  static void Grow(std::vector<T>& v, size_t n, std::vector<T>& spare) {
    while (v.size() < n) {
      if (spare.empty()) {
        v.emplace_back();
      } else {
        v.push_back(std::move(spare.back()));
        spare.pop_back();
      }
    }
  }
  template <typename T>
  static void Shrink(std::vector<T>& v, size_t n, std::vector<T>& spare) {
    while (v.size() > n) {
      spare.push_back(std::move(v.back()));
      v.pop_back();
    }
  }

  void ResolveOne(ParsedBatch& b) {
    const Unresolved& u = unresolved_[resolved_++];
    StoryRecord& s = b.stories[static_cast<size_t>(u.story)];
    s.append = !seen_in_run_.Insert(s.id, u.hash);
  }

  struct Unresolved {
    ptrdiff_t story;  // index in the batch
    uint64_t hash;
  };
  const std::string& name_;
  const size_t batch_events_;
  StoryIdSet seen_in_run_;
  std::vector<Unresolved> unresolved_;  // in story order; [resolved_, end) to do
  size_t resolved_ = 0;
  std::vector<StoryRecord> spare_stories_;
  size_t story_head_ = 0;  // spare_stories_[story_head_, end) are spare
  std::vector<EventRecord> spare_events_;
  std::vector<std::pair<uint32_t, std::string>> spare_sentences_;
};

}  // namespace

void ParseEventBatches(int fd, const std::string& name, const IngestOptions& options,
                       const std::function<bool(ParsedBatch&)>& emit, const std::atomic<bool>* cancelled,
                       size_t large_batch_events) {
  size_t batch_size = options.batch_events ? options.batch_events : kDefaultBatchEvents;
  BatchBuilder builder(name, batch_size);
  ParsedBatch cur;
  builder.Reuse(cur);
  size_t batch_events = 0;
  // The first batches are small and grow to batch_size (x4 each): the
  // writer starts after a few thousand events instead of a whole batch.
  size_t batch_limit = std::min<size_t>(batch_size, 4096);
  EventJsonParser parser;
  LineReader reader(fd);
  std::string_view line;
  uint64_t lines = 0, bytes = 0;
  // The story being read (the last of `cur`), its events and sentences so
  // far. Each line is parsed into the story's next event record; a line of
  // another story moves to the first record of a new one. Batches are cut
  // when a story starts and the batch holds `batch_events` events.
  StoryRecord* story = nullptr;
  size_t n = 0, sentences = 0;
  EventRecord first_line;  // the parse target of the first line
  auto finish = [&] {
    if (story) builder.FinishStory(*story, n, sentences);
    story = nullptr;
  };
  // Stories of this batch older than the story before them (see
  // large_batch_events).
  size_t stories_back = 0;
  Date prev_date;
  auto send = [&](bool last, Status end) {
    if (large_batch_events > batch_size && stories_back * 20 > cur.stories.size()) batch_size = large_batch_events;
    stories_back = 0;
    cur.bytes = bytes;
    cur.lines = lines;
    cur.last = last;
    cur.end_status = std::move(end);
    builder.Resolve(cur);
    const bool more = emit(cur);
    if (!last) builder.Reuse(cur);
    batch_events = 0;
    batch_limit = std::min(batch_size, batch_limit * 4);
    return more;
  };
  while (reader.Next(&line)) {
    if (cancelled && cancelled->load(std::memory_order_relaxed)) return;
    ++lines;
    bytes += line.size() + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    EventRecord* e = &first_line;
    if (story) {
      builder.EnsureEvents(story->events, n + 1);
      e = &story->events[n];
    }
    std::string err = parser.Parse(line, e);
    if (!err.empty()) {
      cur.problems.push_back(InputProblem{name, lines, err});
      if (options.strict) {
        finish();
        send(true, Status::ParseError(cur.problems.back().ToString() + " (stopped: --strict)"));
        return;
      }
      continue;
    }
    if (!story || !SameId(e->story_id, story->events[0].story_id)) {  // a new story starts
      StoryRecord next = builder.TakeStory();
      builder.EnsureEvents(next.events, 1);
      next.events[0] = std::move(*e);  // *e gets older buffers back: it is not counted
      finish();
      if (batch_events >= batch_limit && !send(false, Status::Ok())) return;
      story = &cur.stories.emplace_back(std::move(next));
      stories_back += story->events[0].date < prev_date;
      prev_date = story->events[0].date;
      builder.StartStory(cur, *story, lines);
      n = sentences = 0;
      e = &story->events[0];
    }
    auto& sn = story->sentences;
    if (!e->text.empty() && (sentences == 0 || sn[sentences - 1].first != e->sentence)) {
      bool known = false;
      for (size_t j = 0; j < sentences; ++j) known |= sn[j].first == e->sentence;
      if (!known) {
        builder.EnsureSentences(sn, sentences + 1);
        sn[sentences].first = e->sentence;
        sn[sentences].second.swap(e->text);
        ++sentences;
      }
    }
    e->text.clear();  // stored once per sentence (moved there, or a repeat)
    ++n;
    ++batch_events;
  }
  finish();
  send(true, reader.read_error() ? Status::IoError(name + ": read error after line " + std::to_string(lines))
                                 : Status::Ok());
}

}  // namespace store

Result<IngestStats> IngestEventsJsonl(EventStore& store, const std::string& path, const IngestOptions& options) {
  int fd = 0;  // standard input
  uint64_t total_bytes = 0;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::IoError(path + ": cannot open for reading");
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      total_bytes = static_cast<uint64_t>(st.st_size);
      ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
  }
  struct Closer {
    int fd;
    ~Closer() {
      if (fd > 0) ::close(fd);
    }
  } closer{fd};
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
  IngestOptions parse_options = options;
  if (parse_options.batch_events == 0) parse_options.batch_events = store.PreferredBatchEvents();
  std::thread parser([&] {
    store::ParseEventBatches(
        fd, name, parse_options,
        [&](store::ParsedBatch& b) {
          queue.Push(std::move(b));
          b = queue.TakeRecycled();
          return !queue.cancelled()->load();
        },
        queue.cancelled(), options.batch_events == 0 ? kDefaultBatchEvents : 0);
  });
  Status result = Status::Ok();
  for (;;) {
    store::ParsedBatch b = queue.Pop();
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
