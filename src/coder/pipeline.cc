#include "dyad/pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
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
      if (stats) {
        ++stats->stories;
        stats->sentences += cs.sentences.size();
        stats->events += cs.events.size();
        stats->bytes += s.text.size() + s.title.size();
      }
      DYAD_RETURN_IF_ERROR(sink(s, cs));
    }
    return Status::Ok();
  }
  std::vector<Story> stories;
  std::vector<CodedStory> coded;
  bool more = true;
  while (more) {
    stories.clear();
    while (stories.size() < batch) {
      Story s;
      DYAD_ASSIGN_OR_RETURN(bool got, reader.Next(s));
      if (!got) {
        more = false;
        break;
      }
      stories.push_back(std::move(s));
    }
    if (stories.empty()) break;
    coded.assign(stories.size(), CodedStory{});
    if (stories.size() == 1) {
      for (size_t i = 0; i < stories.size(); ++i) coded[i] = coder.Code(stories[i]);
    } else {
      // Each thread takes the next uncoded story (stories differ a lot in
      // length, so a static split leaves threads idle); results go to their
      // story's slot, so the output order is the input order whatever the
      // timing. The calling thread codes too.
      std::atomic<size_t> next{0};
      auto work = [&] {
        for (size_t i = next.fetch_add(1, std::memory_order_relaxed); i < stories.size();
             i = next.fetch_add(1, std::memory_order_relaxed))
          coded[i] = coder.Code(stories[i]);
      };
      std::vector<std::thread> pool;
      const auto helpers = std::min(static_cast<size_t>(threads) - 1, stories.size() - 1);
      for (size_t w = 0; w < helpers; ++w) pool.emplace_back(work);
      work();
      for (auto& t : pool) t.join();
    }
    for (size_t i = 0; i < stories.size(); ++i) {
      if (stats) {
        ++stats->stories;
        stats->sentences += coded[i].sentences.size();
        stats->events += coded[i].events.size();
        stats->bytes += stories[i].text.size() + stories[i].title.size();
      }
      DYAD_RETURN_IF_ERROR(sink(stories[i], coded[i]));
    }
  }
  return Status::Ok();
}

}  // namespace dyad
