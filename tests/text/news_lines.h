// The first lines of each news corpus in ../shared/data/news, for tests that
// compare two code paths on real text.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace dyad::test {

// Up to `per_file` lines of each corpus; `missing` names the first file
// that could not be read (the caller skips, saying so).
inline std::vector<std::string> NewsLines(size_t per_file, std::string* missing) {
  const char* shared = std::getenv("DYAD_SHARED_DIR");
  const std::string dir = std::string(shared ? shared : "") + "/data/news/";
  std::vector<std::string> lines;
  for (const char* name : {"ag_news_test.csv", "bbc_news_dev.tsv", "abcnews-date-text_first20k.csv"}) {
    std::ifstream in(dir + name);
    if (!shared || !in) {
      *missing = dir + name;
      return {};
    }
    std::string line;
    for (size_t k = 0; k < per_file && std::getline(in, line); ++k) lines.push_back(line);
  }
  return lines;
}

}  // namespace dyad::test
