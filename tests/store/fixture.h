// Test helpers: write event JSONL files and build small fixture stores.
#pragma once

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "dyad/store.h"

namespace dyad::testing {

// A fresh temporary folder, removed at destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "dyad-store-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Ev {
  std::string story, date, source, target, code;
  double goldstein;
  std::string publisher = "wire";
  int sentence = 0;
  std::string text = "";
};

inline std::string EventLine(const Ev& e) {
  nlohmann::json j;
  j["story_id"] = e.story;
  j["sentence"] = e.sentence;
  j["date"] = e.date;
  j["source"] = e.source;
  j["target"] = e.target;
  j["source_country"] = e.source.substr(0, 3);
  j["target_country"] = e.target.substr(0, 3);
  j["code"] = e.code;
  j["root"] = e.code.substr(0, 2);
  j["goldstein"] = e.goldstein;
  j["text"] = e.text.empty() ? e.source + " and " + e.target + " did " + e.code + "." : e.text;
  j["evidence"] = {{"source", {{"text", e.source}, {"start", 0}, {"end", 3}}},
                   {"target", nullptr},
                   {"verb", {{"text", "did"}, {"start", 8}, {"end", 11}}}};
  j["story_source"] = e.publisher;
  j["url"] = "https://example.org/" + e.story;
  return j.dump();
}

inline void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const auto& l : lines) out << l << "\n";
}

// Writes `n` synthetic events as JSONL (the `dyad code --format jsonl` shape).
inline uint64_t WriteSyntheticJsonl(const std::string& path, uint64_t n, uint64_t seed) {
  std::ofstream out(path);
  uint64_t stories = 0;
  GenerateSyntheticStories(n, seed, Date::FromYmd(2015, 1, 1), 365 * 3, [&](StoryRecord&& s) {
    ++stories;
    for (const EventRecord& e : s.events) {
      nlohmann::json j;
      j["story_id"] = e.story_id;
      j["sentence"] = e.sentence;
      j["date"] = e.date.ToIso();
      j["source"] = e.source;
      j["target"] = e.target;
      j["source_country"] = e.source_country;
      j["target_country"] = e.target_country;
      j["code"] = e.code;
      j["goldstein"] = e.goldstein;
      j["text"] = s.sentences[e.sentence].second;
      j["story_source"] = s.source;
      out << j.dump() << "\n";
    }
  });
  return stories;
}

}  // namespace dyad::testing
