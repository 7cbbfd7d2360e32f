// Helpers shared by the subcommands.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "dyad/dict.h"
#include "dyad/reader.h"
#include "dyad/status.h"

namespace dyad::cli {

// Prints "dyad <cmd>: <message>" to stderr and makes CLI11 exit with `code`.
[[noreturn]] void Fail(const std::string& cmd, const Status& status, int code = 1);
[[noreturn]] void Fail(const std::string& cmd, const std::string& message, int code = 1);

// Loads `--dict` (empty: the default dictionaries), printing warnings (all
// with --verbose, else a count) and, with --verbose, what was loaded.
std::shared_ptr<const DictionarySet> LoadDictsOrFail(const std::string& cmd, const std::string& arg, bool verbose);

// Reader options from the common story options (--strict, --input-format,
// --date), failing with a usage error (exit 2) on bad values.
ReaderOptions ReaderOptionsOrFail(const std::string& cmd, bool strict, const std::string& input_format,
                                  const std::string& date);

// True when stderr is a terminal (progress lines are shown only then).
bool StderrIsTerminal();

}  // namespace dyad::cli
