// dyad eval GOLD.jsonl [--dict ...] [--verbose] [--explain]: score the coder
// against human-coded gold sentences (docs/quality/eval.md).
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/common.h"
#include "dyad/coder.h"
#include "dyad/eval.h"

namespace dyad::cli {
namespace {

struct EvalArgs {
  std::string gold;
  std::string dict;
  bool verbose = false;
  bool explain = false;
  double min_recall = -1, min_precision = -1;
};

void Run(const EvalArgs& a) {
  const std::string cmd = "eval";
  auto gold = ReadGoldFile(a.gold);
  if (!gold.ok()) Fail(cmd, gold.status());
  auto dicts = LoadDictsOrFail(cmd, a.dict, false);
  CoderOptions copt;
  copt.trace = a.explain;
  auto coder = Coder::Create(dicts, copt);
  if (!coder.ok()) Fail(cmd, coder.status());
  const EvalReport rep = Evaluate(**coder, *gold);
  const std::string text = FormatEvalReport(rep, *gold, a.verbose || a.explain);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  if (a.min_recall >= 0 && 100.0 * rep.recall() < a.min_recall)
    Fail(cmd, "recall-like " + std::to_string(100.0 * rep.recall()) + "% is below --min-recall", 3);
  if (a.min_precision >= 0 && 100.0 * rep.precision() < a.min_precision)
    Fail(cmd, "precision " + std::to_string(100.0 * rep.precision()) + "% is below --min-precision", 3);
}

}  // namespace

void RegisterEvalCommand(CLI::App& app) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* sub = app.add_subcommand("eval", "Score coding against human-coded gold sentences (PLOVER GSR JSONL)");
  sub->add_option("gold", args->gold, "Gold JSONL (text, date, source, target, event, textInfo.markup)")->required();
  sub->add_option("--dict", args->dict,
                  "Dictionaries: comma-separated files, a folder, a TABARI .project or PETRARCH .ini "
                  "(default: dyad's own)");
  sub->add_flag("--verbose,-v", args->verbose, "List every missed sentence with dyad's events");
  sub->add_flag("--explain", args->explain, "Like --verbose, with the coder's trace for each miss");
  sub->add_option("--min-recall", args->min_recall, "Exit 3 when recall-like (percent) is below this");
  sub->add_option("--min-precision", args->min_precision, "Exit 3 when event precision (percent) is below this");
  sub->callback([args] { Run(*args); });
}

}  // namespace dyad::cli
