// LoadDictionaries, ParseDictArgument and the small DictionarySet helpers.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/ascii.h"
#include "dict/readers.h"

namespace dyad {

std::string DictionarySet::Where(const DictLoc& loc) const {
  std::string f = loc.file < files.size() ? files[loc.file] : std::string("?");
  return f + ":" + std::to_string(loc.line);
}

DictStats CountEntries(const DictionarySet& set) {
  DictStats s;
  s.actor_entries = set.actors.size();
  for (const auto& a : set.actors) s.actor_phrases += a.phrases.size();
  s.agents = set.agents.size();
  s.verbs = set.verbs.size();
  for (const auto& v : set.verbs) s.verb_patterns += v.patterns.size();
  s.synsets = set.synsets.size();
  s.discards = set.discards.size();
  s.issues = set.issues.size();
  s.p2_verbs = set.p2_verbs.size();
  for (const auto& v : set.p2_verbs) s.p2_patterns += v.patterns.size();
  return s;
}

namespace dict_internal {

Status ReadDictionaryText(Role role, const std::string& name, std::string_view text, Dialect dialect,
                          DictionarySet* set, std::vector<DictWarning>* w) {
  Source src;
  src.name = name;
  src.index = static_cast<uint32_t>(set->files.size());
  src.text = text;
  src.dialect = role == Role::kVerbs ? DetectVerbDialect(text) : dialect;
  set->files.push_back(name);
  set->file_dialect.push_back(src.dialect);
  switch (role) {
    case Role::kActors: return ReadActors(src, set, w);
    case Role::kAgents: return ReadAgents(src, set, w);
    case Role::kVerbs:
      return src.dialect == Dialect::kPetrarch2 ? ReadP2Verbs(src, set, w) : ReadVerbs(src, set, w);
    case Role::kDiscards: return ReadDiscards(src, set, w);
    case Role::kIssues: return ReadIssues(src, set, w);
    case Role::kOptions: return ReadTabariOptions(src, &set->options, w);
  }
  return Status::Internal("bad dictionary role");
}

}  // namespace dict_internal

namespace {

using dict_internal::Role;

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open dictionary file " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IoError("error reading dictionary file " + path);
  return ss.str();
}

// Actors/agents: TABARI files are named *.actors / *.agents; PETRARCH ones *.txt.
Dialect NounDialect(const std::string& path, std::string_view text, int project_dialect) {
  if (project_dialect >= 0) return static_cast<Dialect>(project_dialect);
  std::string l = AsciiLower(path);
  if (text.find("<!--") != std::string_view::npos) return Dialect::kPetrarch1;
  if (l.ends_with(".actors") || l.ends_with(".agents")) return Dialect::kTabari;
  return Dialect::kPetrarch1;
}

}  // namespace

Result<DictSpec> ReadProjectSpec(const std::string& path) {
  DictSpec spec;
  DYAD_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  if (AsciiLower(path).ends_with(".ini")) {
    CodingOptions ignored;
    DYAD_RETURN_IF_ERROR(dict_internal::ReadPetrarchConfig(path, text, &spec, &ignored, nullptr));
  } else {
    DYAD_RETURN_IF_ERROR(dict_internal::ReadTabariProject(path, text, &spec));
  }
  return spec;
}

Result<std::shared_ptr<const DictionarySet>> LoadDictionaries(const DictSpec& spec_in,
                                                              std::vector<DictWarning>* warnings) {
  DictSpec spec = spec_in;
  auto set = std::make_shared<DictionarySet>();
  int project_dialect = -1;
  if (!spec.project_file.empty()) {
    DYAD_ASSIGN_OR_RETURN(std::string text, ReadFile(spec.project_file));
    if (AsciiLower(spec.project_file).ends_with(".ini")) {
      DYAD_RETURN_IF_ERROR(dict_internal::ReadPetrarchConfig(spec.project_file, text, &spec, &set->options, warnings));
      project_dialect = static_cast<int>(Dialect::kPetrarch1);
    } else {
      DYAD_RETURN_IF_ERROR(dict_internal::ReadTabariProject(spec.project_file, text, &spec));
      project_dialect = static_cast<int>(Dialect::kTabari);
    }
  }
  struct Job { Role role; const std::vector<std::string>* files; };
  // Options first (they do not depend on anything), verbs before the rest so
  // synsets exist; ResolveSynsets runs at the end anyway.
  const Job jobs[] = {{Role::kOptions, &spec.options_files}, {Role::kVerbs, &spec.verb_files},
                      {Role::kVerbs, &spec.p2_verb_files},   {Role::kActors, &spec.actor_files},
                      {Role::kAgents, &spec.agent_files},    {Role::kDiscards, &spec.discard_files},
                      {Role::kIssues, &spec.issue_files}};
  for (const Job& job : jobs) {
    for (const std::string& path : *job.files) {
      DYAD_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
      Dialect d = Dialect::kPetrarch1;
      if (job.role == Role::kActors || job.role == Role::kAgents) d = NounDialect(path, text, project_dialect);
      if (job.role == Role::kOptions) d = Dialect::kTabari;
      if (job.files == &spec.p2_verb_files) {
        dict_internal::Source src{path, static_cast<uint32_t>(set->files.size()), Dialect::kPetrarch2, text};
        set->files.push_back(path);
        set->file_dialect.push_back(Dialect::kPetrarch2);
        DYAD_RETURN_IF_ERROR(dict_internal::ReadP2Verbs(src, set.get(), warnings));
        continue;
      }
      DYAD_RETURN_IF_ERROR(dict_internal::ReadDictionaryText(job.role, path, text, d, set.get(), warnings));
    }
  }
  dict_internal::ResolveSynsets(set.get(), warnings);
  return std::shared_ptr<const DictionarySet>(std::move(set));
}

Result<DictSpec> ParseDictArgument(const std::string& arg) {
  DictSpec spec;
  std::string_view rest(arg);
  bool any = false;
  while (true) {
    size_t comma = rest.find(',');
    std::string item(dict_internal::Trim(rest.substr(0, comma)));
    if (!item.empty()) {
      any = true;
      std::string base = AsciiLower(std::filesystem::path(item).filename().string());
      if (base.ends_with(".project") || base.ends_with(".ini")) {
        if (!spec.project_file.empty())
          return Status::InvalidArgument("--dict names two project files: " + spec.project_file + " and " + item);
        spec.project_file = item;
      } else if (base.ends_with(".options")) {
        spec.options_files.push_back(item);
      } else if (base.find("verb") != std::string::npos || base.find("cameo") != std::string::npos) {
        spec.verb_files.push_back(item);
      } else if (base.find("agent") != std::string::npos) {
        spec.agent_files.push_back(item);
      } else if (base.find("actor") != std::string::npos) {
        spec.actor_files.push_back(item);
      } else if (base.find("discard") != std::string::npos) {
        spec.discard_files.push_back(item);
      } else if (base.find("issue") != std::string::npos) {
        spec.issue_files.push_back(item);
      } else {
        return Status::InvalidArgument("--dict: cannot tell what '" + item +
                                       "' is from its name (expected *.actors, *actors*.txt, *.verbs, *verb*, "
                                       "*agents*, *discard*, *issue*, *.options, *.project or *.ini)");
      }
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (!any) return Status::InvalidArgument("--dict: no dictionary files given");
  return spec;
}

}  // namespace dyad
