// Scoring dyad against human-coded gold sentences (PLOVER GSR JSONL).
//
// Each gold record is one sentence with its source and target actors and a
// PLOVER 0.5 event name. Evaluate() codes every sentence with a Coder and
// compares dyad's events with the gold event: a sentence is a hit when one
// of dyad's events has matching actor countries and a CAMEO code that maps to
// the gold event. docs/quality/eval.md states every scoring decision.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dyad/coder.h"
#include "dyad/date.h"
#include "dyad/status.h"

namespace dyad {

struct GoldActor {
  std::string text;    // actorText
  std::string code;    // "USA", "IGO", "PSE"
  std::string sector;  // "GOV", "" when absent
};

struct GoldRecord {
  std::string id;
  Date date;
  std::string text;
  std::vector<GoldActor> sources;   // may be empty (a victim-only sentence)
  std::vector<GoldActor> targets;   // empty when the gold target is absent, "" or a non-actor string
  bool both_sides = false;          // markup uses "(SRC/TAR: ...)": the actors act on each other
  std::string event;                // PLOVER 0.5 name as written ("DEMAND")
  std::string event2021;            // the same in PLOVER 2021 ("REQUEST")
  std::string markup;               // textInfo.markup
  uint32_t line = 0;                // 1-based line in the gold file
};

// PLOVER names: 0.5 -> 2021 (data/cameo/plover_versions.tsv), and the PLOVER
// 2021 events a CAMEO code counts as (dyad's CAMEO table plus the documented
// extras: 02x appeals are REQUEST, 1712 is also COERCE as in PLOVER 0.5).
std::string Plover05To2021(std::string_view event05);
std::vector<std::string> PloverEventsOfCameo(std::string_view cameo_code);

// The country key an actor code is compared by: its first three letters,
// with the aliases of docs/quality/eval.md (JAP -> JPN, SCG/YUG -> SRB, ...).
// "" for "---" and empty codes.
std::string ActorKey(std::string_view actor_code);

// Parses gold JSONL. `name` is used in messages ("file:line: ..."). Blank
// lines are skipped; a malformed record is an error naming its line.
Result<std::vector<GoldRecord>> ParseGold(std::string_view jsonl, const std::string& name);
Result<std::vector<GoldRecord>> ReadGoldFile(const std::string& path);

// True when the event's actors and code match the gold record.
bool ActorsMatch(const GoldRecord& gold, std::string_view source, std::string_view target);
bool EventMatches(const GoldRecord& gold, std::string_view cameo_code);

struct EvalEvent {
  std::string source, target, code;
  std::string plover;        // first PLOVER 2021 event of the code ("" for statements)
  bool actors_ok = false;
  bool event_ok = false;
  bool matched() const { return actors_ok && event_ok; }
};

struct SentenceEval {
  size_t gold_index = 0;
  std::vector<EvalEvent> events;
  bool hit = false;
  // "hit", "no event", "actors wrong", "event wrong", "both wrong"
  std::string outcome;
  std::string dyad_event;    // the PLOVER event shown in the confusion table ("(none)")
  std::vector<std::string> trace;  // coder trace (only when tracing was asked for)
};

struct EvalReport {
  size_t sentences = 0, hits = 0;
  size_t events = 0, matched_events = 0;
  // gold PLOVER 2021 event -> dyad PLOVER 2021 event -> sentences
  std::map<std::string, std::map<std::string, size_t>> confusion;
  std::map<std::string, size_t> outcomes;
  std::vector<SentenceEval> results;
  double recall() const { return sentences ? double(hits) / double(sentences) : 0.0; }
  double precision() const { return events ? double(matched_events) / double(events) : 0.0; }
};

// Codes every gold sentence (one story per record, dated with the gold date)
// and scores it.
EvalReport Evaluate(const Coder& coder, const std::vector<GoldRecord>& gold);

// Plain-text report: the two figures, outcomes, the confusion table and, with
// `verbose`, every missed sentence with dyad's events.
std::string FormatEvalReport(const EvalReport& report, const std::vector<GoldRecord>& gold, bool verbose);

}  // namespace dyad
