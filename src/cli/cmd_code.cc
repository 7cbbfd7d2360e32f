// dyad code [FILES] --dict ... --format jsonl|tsv|gdelt -o OUT
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "dyad/coder.h"
#include "dyad/output.h"
#include "dyad/pipeline.h"
#include "dyad/reader.h"

namespace dyad::cli {
namespace {

struct CodeArgs {
  std::vector<std::string> files;
  std::string dict;
  std::string format = "jsonl";
  std::string output = "-";
  std::string date;
  std::string input_format = "auto";
  bool strict = false;
  bool verbose = false;
  bool summary = false;
  bool explain = false;
  int threads = 1;
};

void Run(const CodeArgs& a) {
  const std::string cmd = "code";
  if (!IsOutputFormat(a.format)) Fail(cmd, "unknown --format '" + a.format + "' (use jsonl, tsv or gdelt)", 2);
  ReaderOptions ropt = ReaderOptionsOrFail(cmd, a.strict, a.input_format, a.date);
  size_t problems = 0;
  ropt.on_problem = [&](const ReadProblem& p) {
    ++problems;
    std::fprintf(stderr, "%s: %s\n", a.strict ? "error" : "skipped", p.ToString().c_str());
  };

  auto dicts = LoadDictsOrFail(cmd, a.dict, a.verbose);
  CoderOptions copt;
  copt.trace = a.explain;
  auto coder = Coder::Create(dicts, copt);
  if (!coder.ok()) Fail(cmd, coder.status());

  std::ofstream file;
  std::ostream* out = &std::cout;
  if (a.output != "-") {
    file.open(a.output, std::ios::binary);
    if (!file) Fail(cmd, "cannot write " + a.output);
    out = &file;
  }
  auto writer = MakeWriter(a.format, *out);
  if (!writer.ok()) Fail(cmd, writer.status());

  std::vector<std::string> files = a.files.empty() ? std::vector<std::string>{"-"} : a.files;
  uint64_t total_bytes = 0;
  for (const auto& f : files) {
    std::error_code ec;
    if (f != "-") total_bytes += std::filesystem::file_size(f, ec);
  }
  const bool progress = StderrIsTerminal() && a.output != "-";
  const auto t0 = std::chrono::steady_clock::now();
  auto last = t0;
  PipelineStats stats;
  for (const auto& f : files) {
    auto reader = StoryReader::Open(f, ropt);
    if (!reader.ok()) Fail(cmd, reader.status());
    Status st = CodeStream(**coder, **reader, a.threads, [&](const Story& story, const CodedStory& cs) -> Status {
      for (const Event& e : cs.events) DYAD_RETURN_IF_ERROR((*writer)->Write(e));
      if (a.explain) {
        std::fprintf(stderr, "== story %s (%s)%s%s\n", story.id.c_str(), story.date.ToIso().c_str(),
                     cs.note.empty() ? "" : ": ", cs.note.c_str());
        for (const CodedSentence& s : cs.sentences) {
          std::fprintf(stderr, "[%u] %s\n", s.index, s.text.c_str());
          for (const auto& t : s.trace) std::fprintf(stderr, "    . %s\n", t.c_str());
          if (!s.note.empty()) std::fprintf(stderr, "    ! %s\n", s.note.c_str());
          for (const Event& e : s.events) std::fprintf(stderr, "    > %s\n", CanonicalDump(e).c_str());
        }
      }
      if (progress) {
        const auto now = std::chrono::steady_clock::now();
        if (now - last > std::chrono::milliseconds(500)) {
          last = now;
          const double secs = std::chrono::duration<double>(now - t0).count();
          std::fprintf(stderr, "\r%zu stories, %zu sentences (%.0f/s), %zu events", stats.stories, stats.sentences,
                       stats.sentences / std::max(secs, 1e-9), stats.events);
          if (total_bytes > 0 && stats.bytes > 0) {
            const double eta = secs * (static_cast<double>(total_bytes) / static_cast<double>(stats.bytes) - 1.0);
            std::fprintf(stderr, ", ETA %.0f s   ", std::max(0.0, eta));
          }
        }
      }
      return Status::Ok();
    }, &stats);
    if (!st.ok()) Fail(cmd, st);
  }
  Status st = (*writer)->Flush();
  if (!st.ok()) Fail(cmd, st);
  if (progress) std::fprintf(stderr, "\n");
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (a.summary || a.verbose)
    std::fprintf(stderr, "coded %zu stories, %zu sentences, %zu events in %.2f s; %zu bad records skipped\n",
                 stats.stories, stats.sentences, stats.events, secs, problems);
}

}  // namespace

void RegisterCodeCommand(CLI::App& app) {
  auto args = std::make_shared<CodeArgs>();
  CLI::App* sub = app.add_subcommand("code", "Code news stories into CAMEO events");
  sub->add_option("files", args->files, "Story files (JSONL, text, PETRARCH XML, TABARI records; .gz/.zst ok); - = stdin");
  sub->add_option("--dict", args->dict,
                  "Dictionaries: comma-separated files, a folder, a TABARI .project or PETRARCH .ini "
                  "(default: dyad's own)");
  sub->add_option("--format,-f", args->format, "Output format: jsonl, tsv (PETRARCH/Phoenix) or gdelt")
      ->capture_default_str();
  sub->add_option("-o,--output", args->output, "Output file (- = stdout)")->capture_default_str();
  sub->add_option("--date", args->date, "Date of plain-text stories (YYYY-MM-DD)");
  sub->add_option("--input-format", args->input_format, "auto, jsonl, text, petrarch-xml or tabari")
      ->capture_default_str();
  sub->add_flag("--strict", args->strict, "Stop at the first malformed story instead of skipping it");
  sub->add_option("--threads,-j", args->threads, "Coding threads (output order is the input order)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  sub->add_flag("--verbose,-v", args->verbose, "Print what the dictionaries hold and a summary");
  sub->add_flag("--summary", args->summary, "Print a one-line summary to stderr");
  sub->add_flag("--explain", args->explain, "Print each sentence, how it was coded and its events to stderr");
  sub->callback([args] { Run(*args); });
}

}  // namespace dyad::cli
