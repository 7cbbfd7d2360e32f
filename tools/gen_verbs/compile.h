// Compiles dyad's curated dictionary sources (data/dict/src) into
// PETRARCH-1 syntax: verbs, agents, discards. See docs/default-dictionaries.md
// for the source formats.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "dyad/status.h"
#include "inflect.h"

namespace dyad::gen {

struct SourceFile {
  std::string name;   // shown in messages: "data/dict/src/04_consult.txt"
  std::string text;
};

struct VerbStats {
  size_t blocks = 0, verbs = 0, patterns = 0, synsets = 0;
  std::set<std::string> codes;  // every event code used by a verb or pattern
};

// Verb sources -> PETRARCH-1 .verbs text. `valid_codes` (may be empty: no
// check) are the CAMEO codes a block, verb or pattern may carry besides '---'.
// Errors name file:line and the offending text.
Result<std::string> CompileVerbs(const Inflector& inf, const std::vector<SourceFile>& files,
                                 const std::set<std::string>& valid_codes, VerbStats* stats);

// Agent source -> PETRARCH-1 .agents text; every entry gets an explicit plural.
Result<std::string> CompileAgents(const Inflector& inf, const SourceFile& file, size_t* count);

// Discard source -> PETRARCH-1 discard list (normalised, checked for duplicates).
Result<std::string> CompileDiscards(const SourceFile& file, size_t* count);

// Reads the code column of data/cameo/cameo_codes.tsv (or the "code" column
// of the codebook CSV).
Result<std::set<std::string>> ReadCameoCodes(const std::string& path);

}  // namespace dyad::gen
