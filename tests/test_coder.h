// A coder over small dictionaries a test writes itself (tests/coder,
// tests/eval): the texts go to a temporary folder, are loaded, and the
// folder is removed again.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "dyad/coder.h"
#include "dyad/dict.h"

namespace dyad::test {

// Dictionary texts for a test coder; empty discards/options are not given.
struct TestDicts {
  std::string actors, agents, verbs, discards, options;
};

// Loads `d` and builds a coder (nullptr, with a test failure, when that
// fails). `tag` names the temporary folder.
inline Coder* MakeTestCoder(const std::string& tag, const TestDicts& d) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / (tag + "_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const char* name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return std::vector<std::string>{(dir / name).string()};
  };
  DictSpec spec;
  spec.actor_files = write("test.actors.txt", d.actors);
  spec.agent_files = write("test.agents.txt", d.agents);
  spec.verb_files = write("test.verbs.txt", d.verbs);
  if (!d.discards.empty()) spec.discard_files = write("test.discards.txt", d.discards);
  if (!d.options.empty()) spec.options_files = write("test.options", d.options);
  auto set = LoadDictionaries(spec);
  std::error_code ec;
  fs::remove_all(dir, ec);
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  if (!set.ok()) return nullptr;
  auto coder = Coder::Create(*set);
  EXPECT_TRUE(coder.ok()) << coder.status().ToString();
  return coder.ok() ? coder->release() : nullptr;
}

}  // namespace dyad::test
