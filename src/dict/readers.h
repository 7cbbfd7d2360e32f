// The per-format readers behind LoadDictionaries. Each appends what it
// reads to a DictionarySet under construction. Tests call them directly on
// inline text through ReadDictionaryText.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dict/lex.h"
#include "dyad/dict.h"

namespace dyad::dict_internal {

enum class Role : uint8_t { kActors, kAgents, kVerbs, kDiscards, kIssues, kOptions };

Status ReadActors(const Source& src, DictionarySet* set, std::vector<DictWarning>* w);
Status ReadAgents(const Source& src, DictionarySet* set, std::vector<DictWarning>* w);
// TABARI and PETRARCH-1 verbs (by src.dialect).
Status ReadVerbs(const Source& src, DictionarySet* set, std::vector<DictWarning>* w);
Status ReadP2Verbs(const Source& src, DictionarySet* set, std::vector<DictWarning>* w);
Status ReadDiscards(const Source& src, DictionarySet* set, std::vector<DictWarning>* w);
Status ReadIssues(const Source& src, DictionarySet* set, std::vector<DictWarning>* w);
Status ReadTabariOptions(const Source& src, CodingOptions* opt, std::vector<DictWarning>* w);

// After all verb files are read: splits "&A_B" references into &A + B when
// only &A is defined, and warns about undefined synsets.
void ResolveSynsets(DictionarySet* set, std::vector<DictWarning>* w);

// PETRARCH-1 vs PETRARCH-2 vs TABARI, from the content of a verbs file.
Dialect DetectVerbDialect(std::string_view text);

// Project files: fill `spec` (paths resolved) and, for the .ini, options.
Status ReadTabariProject(const std::string& path, std::string_view text, DictSpec* spec);
Status ReadPetrarchConfig(const std::string& path, std::string_view text, DictSpec* spec,
                          CodingOptions* opt, std::vector<DictWarning>* w);

// Reads one dictionary given as text (for tests and tools): registers
// `name` in set->files and dispatches on `role` (verbs: dialect detected
// from content; others: `dialect`).
Status ReadDictionaryText(Role role, const std::string& name, std::string_view text, Dialect dialect,
                          DictionarySet* set, std::vector<DictWarning>* w);

}  // namespace dyad::dict_internal
