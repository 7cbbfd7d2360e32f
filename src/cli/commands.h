// Each subcommand registers itself on the CLI11 app from its own file.
#pragma once

#include <CLI/CLI.hpp>

namespace dyad::cli {

// Code stories and print events (cmd_code.cc).
void RegisterCodeCommand(CLI::App& app);
// Run PETRARCH / TABARI validation suites (cmd_validate.cc).
void RegisterValidateCommand(CLI::App& app);
// ingest, and the analysis commands over the store (cmd_store.cc, cmd_analysis.cc).
void RegisterStoreCommands(CLI::App& app);
void RegisterAnalysisCommands(CLI::App& app);
// Score against human-coded gold sentences (cmd_eval.cc).
void RegisterEvalCommand(CLI::App& app);
// End-to-end throughput (cmd_bench.cc).
void RegisterBenchCommand(CLI::App& app);

}  // namespace dyad::cli
