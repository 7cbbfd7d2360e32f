// The coder: stories in, CAMEO events out.
//
// A Coder is built once from a DictionarySet (it compiles the dictionaries
// into its matchers) and is then immutable: Code() is const and may be
// called from many threads at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dyad/dict.h"
#include "dyad/event.h"
#include "dyad/status.h"
#include "dyad/story.h"

namespace dyad {

struct CoderOptions {
  // Limits that turn pathological input into a reported problem, not a crash.
  size_t max_sentence_bytes = 4096;     // longer sentences are skipped and reported
  size_t max_sentences_per_story = 2000;
  // Keep per-sentence traces (matched phrases, why nothing was coded).
  bool trace = false;
  // Statements (CAMEO 01x: "said", "announced") are coded only when nothing
  // else in the sentence is: "X said Y attacked Z" codes the attack.
  bool statements_subordinate = true;
};

struct CodedSentence {
  uint32_t index = 0;          // 0-based; title is 0 when present
  std::string text;
  std::vector<Event> events;
  bool discarded = false;      // a discard or complex code stopped coding
  std::string note;            // why (discard phrase, "too long", ...) when empty events
  std::vector<std::string> trace;
};

struct CodedStory {
  std::string story_id;
  std::vector<CodedSentence> sentences;
  bool discarded = false;      // a story-level discard matched
  std::string note;
  // All events of the story in sentence order, de-duplicated per
  // (date, source, target, code).
  std::vector<Event> events;
};

class Coder {
 public:
  static Result<std::unique_ptr<Coder>> Create(std::shared_ptr<const DictionarySet> dicts,
                                              CoderOptions options = {});
  virtual ~Coder() = default;
  virtual CodedStory Code(const Story& story) const = 0;
  virtual const DictionarySet& dictionaries() const = 0;
};

}  // namespace dyad
