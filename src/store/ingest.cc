// `dyad ingest --events`: JSONL events -> stories -> batched transactions.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <unordered_set>

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
  std::vector<StoryRecord> batch;
  size_t batch_events = 0;
  std::unordered_set<std::string> seen_in_run;
  store::EventJsonParser parser;
  EventRecord e;
  std::string line;

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
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    Status s = store.Write(batch, &stats.written);
    batch.clear();
    batch_events = 0;
    progress(false);
    return s;
  };

  while (std::getline(*in, line)) {
    ++stats.lines;
    bytes += line.size() + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string err = parser.Parse(line, &e);
    if (!err.empty()) {
      ++stats.bad_records;
      InputProblem p{name, stats.lines, err};
      if (options.on_problem) options.on_problem(p);
      if (options.strict) {
        DYAD_RETURN_IF_ERROR(flush());
        return Status::ParseError(p.ToString() + " (stopped: --strict)");
      }
      continue;
    }
    if (batch.empty() || batch.back().id != e.story_id) {
      if (batch_events >= options.batch_events) DYAD_RETURN_IF_ERROR(flush());
      StoryRecord& s = batch.emplace_back();
      s.id = e.story_id;
      s.date = e.date;
      s.url = e.url;
      s.source = e.story_source;
      s.origin = name + ":" + std::to_string(stats.lines);
      s.append = !seen_in_run.insert(e.story_id).second;
    }
    StoryRecord& s = batch.back();
    if (!e.text.empty() && (s.sentences.empty() || s.sentences.back().first != e.sentence)) {
      bool known = false;
      for (const auto& sn : s.sentences) known |= sn.first == e.sentence;
      if (!known) s.sentences.emplace_back(e.sentence, e.text);
    }
    e.text.clear();  // stored once per sentence
    s.events.push_back(std::move(e));
    ++batch_events;
  }
  if (in->bad()) return Status::IoError(name + ": read error after line " + std::to_string(stats.lines));
  DYAD_RETURN_IF_ERROR(flush());
  progress(true);
  stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return stats;
}

}  // namespace dyad
