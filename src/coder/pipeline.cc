#include "dyad/pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

namespace dyad {

namespace fs = std::filesystem;

Result<std::string> DefaultDictDir() {
  std::vector<std::string> tried;
  auto usable = [](const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec) && !fs::is_empty(p, ec);
  };
  if (const char* env = std::getenv("DYAD_DICT_DIR"); env && *env) {
    if (usable(env)) return std::string(env);
    return Status::NotFound(std::string("DYAD_DICT_DIR=") + env + " is not a folder of dictionaries");
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& cand : {exe.parent_path() / "share/dyad/dict", exe.parent_path() / "../share/dyad/dict"}) {
      if (usable(cand)) return fs::weakly_canonical(cand).string();
      tried.push_back(cand.string());
    }
  }
#ifdef DYAD_DEFAULT_DICT_DIR
  if (usable(DYAD_DEFAULT_DICT_DIR)) return std::string(DYAD_DEFAULT_DICT_DIR);
  tried.push_back(DYAD_DEFAULT_DICT_DIR);
#endif
  std::string msg = "dyad's default dictionaries were not found (looked in";
  for (const auto& t : tried) msg += " " + t;
  msg += "); build the project (they are generated into build/share/dyad/dict) or pass --dict";
  return Status::NotFound(msg);
}

Result<DictSpec> DictSpecForDir(const std::string& dir) {
  DictSpec spec;
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file()) files.push_back(e.path().string());
  if (ec) return Status::IoError(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  auto ends = [](const std::string& s, std::string_view suf) {
    return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
  };
  for (const auto& f : files) {
    if (ends(f, ".actors.txt")) spec.actor_files.push_back(f);
    else if (ends(f, ".agents.txt")) spec.agent_files.push_back(f);
    else if (ends(f, ".verbs.txt")) spec.verb_files.push_back(f);
    else if (ends(f, ".discards.txt")) spec.discard_files.push_back(f);
    else if (ends(f, ".issues.txt")) spec.issue_files.push_back(f);
    else if (ends(f, ".options")) spec.options_files.push_back(f);
  }
  if (spec.actor_files.empty() || spec.verb_files.empty())
    return Status::NotFound(dir + ": no *.actors.txt or *.verbs.txt dictionaries in this folder");
  return spec;
}

Result<std::shared_ptr<const DictionarySet>> LoadDictArgument(const std::string& arg,
                                                              std::vector<DictWarning>* warnings) {
  DictSpec spec;
  std::error_code ec;
  if (arg.empty()) {
    DYAD_ASSIGN_OR_RETURN(std::string dir, DefaultDictDir());
    DYAD_ASSIGN_OR_RETURN(spec, DictSpecForDir(dir));
  } else if (fs::is_directory(arg, ec)) {
    DYAD_ASSIGN_OR_RETURN(spec, DictSpecForDir(arg));
  } else {
    DYAD_ASSIGN_OR_RETURN(spec, ParseDictArgument(arg));
  }
  return LoadDictionaries(spec, warnings);
}

namespace {

void Count(PipelineStats* stats, const Story& s, const CodedStory& cs) {
  if (!stats) return;
  ++stats->stories;
  stats->sentences += cs.sentences.size();
  stats->events += cs.events.size();
  stats->bytes += s.text.size() + s.title.size();
}

}  // namespace

Status CodeStream(const Coder& coder, StoryReader& reader, int threads,
                  const std::function<Status(const Story&, const CodedStory&)>& sink, PipelineStats* stats,
                  size_t batch) {
  threads = std::max(1, threads);
  batch = std::max<size_t>(1, batch);
  if (threads == 1) {
    // One story at a time: the story, its coded form and the coder's
    // buffers stay in cache, and the heap blocks freed by one story are
    // reused, still warm, by the next (a batch of long stories and their
    // coded sentences would push the dictionaries out of the cache).
    while (true) {
      Story s;  // a fresh one, as in a batch: a reader may leave fields unset
      DYAD_ASSIGN_OR_RETURN(bool got, reader.Next(s));
      if (!got) break;
      const CodedStory cs = coder.Code(s);
      Count(stats, s, cs);
      DYAD_RETURN_IF_ERROR(sink(s, cs));
    }
    return Status::Ok();
  }
  // More threads: `threads` coding threads take stories one at a time from
  // the batches in flight, in input order (stories differ a lot in length,
  // so a static split would leave threads idle); each result goes to its
  // story's slot, so the output order is the input order whatever the
  // timing. This thread reads the next batch and hands the oldest finished
  // one to `sink` meanwhile: reading and output overlap the coding instead
  // of running between batches with the coders idle (that capped two
  // threads at 1.4-1.6x one; docs/PERFORMANCE.md).
  //
  // A coder claims `kClaim` stories with one atomic increment; it takes the
  // mutex only to find a batch with stories left and to leave it. (Taking
  // it twice per story put ~1.5% of two coders' CPU into the kernel's
  // scheduler and futex paths.)
  // Claims of several neighbours, and the counters on lines of their own,
  // keep the two coders from writing to the same cache lines.
  static constexpr size_t kClaim = 4;
  struct Batch {
    std::vector<Story> stories;
    std::vector<CodedStory> coded;
    alignas(64) std::atomic<size_t> next{0};  // the first story no coder has taken
    alignas(64) std::atomic<size_t> done{0};  // stories coded
    alignas(64) int coders = 0;               // coders working on this batch (under mu): it stays alive while they are
    bool Finished() const { return coders == 0 && done.load(std::memory_order_acquire) == stories.size(); }
  };
  std::mutex mu;
  std::condition_variable work_cv, done_cv;
  std::deque<std::unique_ptr<Batch>> flight;  // in input order
  bool stop = false;
  auto coder_thread = [&] {
    for (;;) {
      Batch* b = nullptr;
      {
        std::unique_lock<std::mutex> l(mu);
        work_cv.wait(l, [&] {
          for (const auto& f : flight)
            if (f->next.load(std::memory_order_relaxed) < f->stories.size()) {
              b = f.get();
              break;
            }
          return stop || b != nullptr;
        });
        if (stop) return;
        ++b->coders;
      }
      const size_t n = b->stories.size();
      for (size_t i; (i = b->next.fetch_add(kClaim, std::memory_order_relaxed)) < n;) {
        const size_t end = std::min(n, i + kClaim);
        for (size_t k = i; k < end; ++k) b->coded[k] = coder.Code(b->stories[k]);
        b->done.fetch_add(end - i, std::memory_order_release);
      }
      std::lock_guard<std::mutex> l(mu);
      if (--b->coders == 0 && b->Finished()) done_cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (int w = 0; w < threads; ++w) pool.emplace_back(coder_thread);
  auto finish = [&](Status st) {
    {
      std::lock_guard<std::mutex> l(mu);
      stop = true;
    }
    work_cv.notify_all();
    for (auto& t : pool) t.join();
    return st;
  };
  bool more = true;
  Status read_error = Status::Ok();  // returned after the stories before it are delivered, as with one thread
  for (;;) {
    if (more && flight.size() < 2) {  // two batches in flight: read the next one
      auto b = std::make_unique<Batch>();
      while (b->stories.size() < batch) {
        Story s;  // a fresh one: a reader may leave fields unset
        Result<bool> got = reader.Next(s);
        if (!got.ok()) read_error = got.status();
        if (!got.ok() || !*got) {
          more = false;
          break;
        }
        b->stories.push_back(std::move(s));
      }
      if (!b->stories.empty()) {
        b->coded.resize(b->stories.size());
        {
          std::lock_guard<std::mutex> l(mu);
          flight.push_back(std::move(b));
        }
        work_cv.notify_all();
      }
      continue;
    }
    if (flight.empty()) break;
    std::unique_ptr<Batch> oldest;
    {
      std::unique_lock<std::mutex> l(mu);
      done_cv.wait(l, [&] { return flight.front()->Finished(); });
      oldest = std::move(flight.front());
      flight.pop_front();
    }
    for (size_t i = 0; i < oldest->stories.size(); ++i) {
      Count(stats, oldest->stories[i], oldest->coded[i]);
      if (Status st = sink(oldest->stories[i], oldest->coded[i]); !st.ok()) return finish(st);
    }
  }
  return finish(read_error);
}

}  // namespace dyad
