// Putting the stages together: where the default dictionaries live, loading
// a --dict argument, and coding a stream of stories on several threads with
// output in input order.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dyad/coder.h"
#include "dyad/dict.h"
#include "dyad/reader.h"
#include "dyad/status.h"

namespace dyad {

// The folder of dyad's default dictionaries: $DYAD_DICT_DIR, else
// <folder of the running executable>/share/dyad/dict, else the build's
// output folder compiled in. NotFound when none exists.
Result<std::string> DefaultDictDir();

// The files of a dictionary folder (*.actors.txt, *.agents.txt, *.verbs.txt,
// *.discards.txt, *.issues.txt) as a DictSpec.
Result<DictSpec> DictSpecForDir(const std::string& dir);

// `--dict` as given (empty: the default dictionaries) -> loaded set.
// Warnings go to `warnings`.
Result<std::shared_ptr<const DictionarySet>> LoadDictArgument(const std::string& arg,
                                                              std::vector<DictWarning>* warnings);

struct PipelineStats {
  size_t stories = 0, sentences = 0, events = 0, bytes = 0;
};

// Reads every story of `reader`, codes it with `coder` on `threads` threads
// (batches of `batch` stories, two in flight, read and handed to the sink
// by the calling thread while the others code) and calls `sink` for each
// story in input order: the same calls, in the same order, for any number
// of threads. Stops at the first error from the sink; an error from the
// reader is returned after every story before it went to the sink.
Status CodeStream(const Coder& coder, StoryReader& reader, int threads,
                  const std::function<Status(const Story&, const CodedStory&)>& sink,
                  PipelineStats* stats = nullptr, size_t batch = 256);

}  // namespace dyad
