// dyad validate FILE: run a PETRARCH unit-test XML file or a TABARI project
// whose text carries expected events; print failures and "N passed, M failed".
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <tuple>

#include "cli/commands.h"
#include "cli/common.h"
#include "dyad/coder.h"
#include "dyad/output.h"
#include "dyad/reader.h"

namespace dyad::cli {
namespace {

namespace fs = std::filesystem;
using Triple = std::tuple<std::string, std::string, std::string>;

struct ValidateArgs {
  std::string file;
  std::string dict;
  bool verbose = false;
  bool quiet = false;
  bool keep_null_actors = false;
};

std::string Upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// PETRARCH-2's own expectations include events whose source or target has no
// actor code ("---", "---GOV", "", "###"): it writes them even with
// require_dyad = True. dyad never emits an event without both actors.
bool NullActor(const std::string& code) {
  return code.empty() || code.rfind("---", 0) == 0 || code.rfind("###", 0) == 0 || code.rfind("+++", 0) == 0;
}

std::string Show(const std::set<Triple>& s) {
  if (s.empty()) return "(none)";
  std::string out;
  for (const auto& [a, b, c] : s) out += (out.empty() ? "" : ", ") + a + ">" + b + " " + c;
  return out;
}

void ApplyConfig(CodingOptions& o, const std::string& key, const std::string& value) {
  const bool truthy = value == "True" || value == "true" || value == "TRUE" || value == "1";
  auto num = [&](int* slot) {
    try {
      *slot = std::stoi(value);
    } catch (...) {
    }
  };
  if (key == "require_dyad") o.require_dyad = truthy;
  else if (key == "comma_min") num(&o.comma_min);
  else if (key == "comma_max") num(&o.comma_max);
  else if (key == "comma_bmin") num(&o.comma_bmin);
  else if (key == "comma_bmax") num(&o.comma_bmax);
  else if (key == "comma_emin") num(&o.comma_emin);
  else if (key == "comma_emax") num(&o.comma_emax);
}

struct Tally {
  size_t passed = 0, failed = 0, dropped_expectations = 0;
};

void Report(const ValidateArgs& a, const std::string& id, const std::string& text, const std::string& expected,
            const std::set<Triple>& got, const CodedStory& cs, bool pass, Tally& tally) {
  if (pass) {
    ++tally.passed;
    if (a.verbose) std::printf("ok   %s\n", id.c_str());
    return;
  }
  ++tally.failed;
  if (a.quiet) return;
  std::printf("FAIL %s\n  sentence: %s\n  expected: %s\n  got:      %s\n", id.c_str(), text.c_str(),
              expected.c_str(), Show(got).c_str());
  if (a.verbose) {
    for (const auto& s : cs.sentences) {
      for (const auto& t : s.trace) std::printf("    . %s\n", t.c_str());
      if (!s.note.empty()) std::printf("    ! %s\n", s.note.c_str());
    }
    if (!cs.note.empty()) std::printf("    ! %s\n", cs.note.c_str());
  }
}

std::set<Triple> Produced(const CodedStory& cs) {
  std::set<Triple> got;
  for (const Event& e : cs.events) got.emplace(Upper(e.source), Upper(e.target), Upper(e.code));
  return got;
}

void RunPetrarch(const ValidateArgs& a, Tally& tally) {
  const std::string cmd = "validate";
  auto v = ReadPetrarchValidation(a.file);
  if (!v.ok()) Fail(cmd, v.status());
  const fs::path dir = fs::path(a.file).parent_path();
  std::string dict = a.dict;
  if (dict.empty()) {
    // The dictionaries named in <Environment>, beside the XML file.
    DictSpec spec;
    auto add = [&](const char* key, std::vector<std::string>& files) {
      const std::string f = v->environment.Get(key);
      if (!f.empty()) files.push_back((dir / f).string());
    };
    add("Verbfile", spec.verb_files);
    add("Actorfile", spec.actor_files);
    add("Agentfile", spec.agent_files);
    add("Discardfile", spec.discard_files);
    add("Issuefile", spec.issue_files);
    std::vector<DictWarning> warnings;
    auto set = LoadDictionaries(spec, &warnings);
    if (!set.ok()) Fail(cmd, set.status());
    if (a.verbose)
      for (const auto& w : warnings) std::fprintf(stderr, "warning: %s\n", w.message.c_str());
    CoderOptions copt;
    copt.trace = a.verbose;
    // <Config option= value=> elements change the configuration from their
    // record on: comma_* limits and require_dyad.
    CodingOptions current = (*set)->options;
    for (const auto& [k, val] : v->environment.config) ApplyConfig(current, k, val);
    std::unique_ptr<Coder> coder;
    auto rebuild = [&] {
      auto copy = std::make_shared<DictionarySet>(**set);
      copy->options = current;
      auto c = Coder::Create(copy, copt);
      if (!c.ok()) Fail(cmd, c.status());
      coder = std::move(c).value();
    };
    rebuild();
    for (const PetrarchRecord& r : v->records) {
      if (!r.config.empty()) {
        for (const auto& [k, val] : r.config) ApplyConfig(current, k, val);
        rebuild();
      }
      const CodedStory cs = coder->Code(r.story);
      const std::set<Triple> got = Produced(cs);
      std::set<Triple> want;
      for (const ExpectedEvent& e : r.events) {
        if (!a.keep_null_actors && current.require_dyad && (NullActor(e.source) || NullActor(e.target))) {
          ++tally.dropped_expectations;
          continue;
        }
        want.emplace(Upper(e.source), Upper(e.target), Upper(e.code));
      }
      std::string expected = Show(want);
      if (r.expect_no_events) expected = "no events";
      if (!r.expect_error.empty()) expected = "no events (" + r.expect_error + ")";
      const bool pass = got == want;
      Report(a, r.story.id, r.story.text, expected, got, cs, pass, tally);
    }
    return;
  }
  Fail(cmd, "--dict is not used with PETRARCH validation files: they name their dictionaries", 2);
}

void RunTabari(const ValidateArgs& a, const std::string& text_file, const std::string& dict_arg, Tally& tally) {
  const std::string cmd = "validate";
  auto records = ReadTabariValidation(text_file);
  if (!records.ok()) Fail(cmd, records.status());
  auto dicts = LoadDictsOrFail(cmd, dict_arg, a.verbose);
  CoderOptions copt;
  copt.trace = a.verbose;
  auto coder = Coder::Create(dicts, copt);
  if (!coder.ok()) Fail(cmd, coder.status());
  for (const TabariRecord& r : *records) {
    if (r.expect.empty()) continue;  // records without expectations are documentation
    const CodedStory cs = (*coder)->Code(r.story);
    const std::set<Triple> got = Produced(cs);
    std::set<Triple> want, unchecked;
    for (const ExpectedEvent& e : r.expect.events) want.emplace(Upper(e.source), Upper(e.target), Upper(e.code));
    for (const ExpectedEvent& e : r.expect.unchecked)
      unchecked.emplace(Upper(e.source), Upper(e.target), Upper(e.code));
    bool pass;
    std::string expected = Show(want);
    if (r.expect.no_events || r.expect.discard || r.expect.complex) {
      pass = got.empty();
      expected = r.expect.discard ? "discard" : r.expect.complex ? "complex" : "no events";
    } else if (r.expect.partial) {
      // "-{": the listed events must be there; others may be too.
      pass = std::includes(got.begin(), got.end(), want.begin(), want.end());
      expected += " (and possibly more)";
    } else {
      pass = got == want;
    }
    Report(a, r.story.id, r.story.text, expected, got, cs, pass, tally);
  }
}

void Run(const ValidateArgs& a) {
  const std::string cmd = "validate";
  std::error_code ec;
  if (!fs::exists(a.file, ec)) Fail(cmd, a.file + ": no such file");
  Tally tally;
  const std::string ext = fs::path(a.file).extension().string();
  if (ext == ".xml") {
    RunPetrarch(a, tally);
  } else if (ext == ".project") {
    auto spec = ReadProjectSpec(a.file);
    if (!spec.ok()) Fail(cmd, spec.status());
    if (spec->text_files.empty()) Fail(cmd, a.file + ": the project names no <textfile>");
    for (const std::string& t : spec->text_files) RunTabari(a, t, a.dict.empty() ? a.file : a.dict, tally);
  } else {
    // A TABARI text file with expectations, coded with --dict.
    RunTabari(a, a.file, a.dict, tally);
  }
  if (tally.dropped_expectations > 0)
    std::printf("note: %zu expected events without a coded source or target were left out "
                "(dyad requires both actors; --keep-null-actors counts them)\n",
                tally.dropped_expectations);
  std::printf("%zu passed, %zu failed\n", tally.passed, tally.failed);
  if (tally.failed > 0) throw CLI::RuntimeError(1);
}

}  // namespace

void RegisterValidateCommand(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* sub = app.add_subcommand(
      "validate", "Run a PETRARCH unit-test XML file or a TABARI .project/.text with expected events");
  sub->add_option("file", args->file, "PETRARCH validation XML, TABARI .project, or TABARI text file")->required();
  sub->add_option("--dict", args->dict, "Dictionaries for a TABARI text file (a .project names its own)");
  sub->add_flag("--verbose,-v", args->verbose, "Show passing records and coding traces");
  sub->add_flag("--quiet,-q", args->quiet, "Only the final count");
  sub->add_flag("--keep-null-actors", args->keep_null_actors,
                "Count PETRARCH expectations that have no source or target actor");
  sub->callback([args] { Run(*args); });
}

}  // namespace dyad::cli
