// dyad: political event data from news text. Subcommands live in cmd_*.cc.
#include <cstdio>
#include <exception>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"dyad: code news into CAMEO events, store them, and watch how country dyads relate"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "dyad 0.1.0");
  dyad::cli::RegisterCodeCommand(app);
  dyad::cli::RegisterValidateCommand(app);
  dyad::cli::RegisterStoreCommands(app);
  dyad::cli::RegisterAnalysisCommands(app);
  dyad::cli::RegisterEvalCommand(app);
  dyad::cli::RegisterBenchCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dyad: %s\n", e.what());
    return 1;
  }
  return 0;
}
