#include "cli/common.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "dyad/pipeline.h"

namespace dyad::cli {

void Fail(const std::string& cmd, const std::string& message, int code) {
  std::fprintf(stderr, "dyad %s: %s\n", cmd.c_str(), message.c_str());
  throw CLI::RuntimeError(code);
}

void Fail(const std::string& cmd, const Status& status, int code) { Fail(cmd, status.message(), code); }

std::shared_ptr<const DictionarySet> LoadDictsOrFail(const std::string& cmd, const std::string& arg, bool verbose) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<DictWarning> warnings;
  auto set = LoadDictArgument(arg, &warnings);
  if (!set.ok()) Fail(cmd, set.status());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (verbose) {
    for (const auto& w : warnings) std::fprintf(stderr, "warning: %s\n", w.message.c_str());
    const DictStats s = CountEntries(**set);
    std::fprintf(stderr,
                 "dictionaries (%s, %.3f s): %zu actor entries (%zu phrases), %zu agents, %zu verbs, "
                 "%zu verb patterns, %zu synsets, %zu discards, %zu issues, %zu PETRARCH-2 verbs (%zu patterns)\n",
                 arg.empty() ? "default" : arg.c_str(), secs, s.actor_entries, s.actor_phrases, s.agents, s.verbs,
                 s.verb_patterns, s.synsets, s.discards, s.issues, s.p2_verbs, s.p2_patterns);
    for (const auto& f : (*set)->files) std::fprintf(stderr, "  %s\n", f.c_str());
  } else if (!warnings.empty()) {
    std::fprintf(stderr, "dyad %s: %zu dictionary warnings (see --verbose)\n", cmd.c_str(), warnings.size());
  }
  return std::move(set).value();
}

ReaderOptions ReaderOptionsOrFail(const std::string& cmd, bool strict, const std::string& input_format,
                                  const std::string& date) {
  ReaderOptions ropt;
  ropt.strict = strict;
  auto fmt = ParseStoryFormat(input_format);
  if (!fmt) Fail(cmd, "unknown --input-format '" + input_format + "' (auto, jsonl, text, petrarch-xml, tabari)", 2);
  ropt.format = *fmt;
  if (!date.empty()) {
    ropt.text_date = Date::Parse(date);
    if (!ropt.text_date) Fail(cmd, "--date '" + date + "' is not a date (YYYY-MM-DD)", 2);
  }
  return ropt;
}

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

}  // namespace dyad::cli
