// Coding-pipeline microbenchmarks (docs/PERFORMANCE.md, "Coding speed").
//
//   BM_ReadJsonl      JSONL bytes in memory -> Story objects (simdjson)
//   BM_Segment        story text -> sentence spans (ICU + suppressions)
//   BM_Tokenize       sentence -> tokens
//   BM_VocabFind      token -> interned dictionary id
//   BM_ActorLookup    token -> candidate actor phrases (first-word index) + matching
//   BM_ParseSentence  tokens -> shallow parse (lookups, actors, agents, clauses)
//   BM_CodeSentence   the whole coder on one-sentence stories (segment,
//                     tokenize, parse, pattern matching, events); pattern
//                     matching is roughly CodeSentence - Segment - Tokenize - Parse
//
// Arg(0) = dyad's default dictionaries, Arg(1) = the full Phoenix set.
// The corpus is DYAD_BENCH_CORPUS, else <build>/bench/news.jsonl (make it
// with `dyad bench --make-corpus build/bench/news.jsonl`); the first
// DYAD_BENCH_STORIES stories (default 3000), evenly spaced, are used.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "coder/compiled.h"
#include "coder/sentence.h"
#include "dyad/coder.h"
#include "dyad/pipeline.h"
#include "dyad/reader.h"
#include "dyad/text.h"

namespace dyad {
namespace {

std::string Env(const char* name, const std::string& def) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : def;
}

struct Corpus {
  std::string jsonl;                 // the first N lines of the corpus file
  std::vector<Story> stories;
  std::vector<std::string> sentences;  // titles and segmented text
  size_t sentence_bytes = 0;
  std::string error;
};

const Corpus& GetCorpus() {
  static const Corpus* corpus = [] {
    auto* c = new Corpus;
    const std::string path = Env("DYAD_BENCH_CORPUS", DYAD_BENCH_BINARY_DIR "/bench/news.jsonl");
    const size_t limit = std::stoul(Env("DYAD_BENCH_STORIES", "3000"));
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      c->error = "no corpus at " + path + " (run `dyad bench --make-corpus " + path + "` or set DYAD_BENCH_CORPUS)";
      return c;
    }
    // An even sample across the file (it holds BBC, then AG News, then ABC).
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));
    const size_t step = std::max<size_t>(1, lines.size() / std::max<size_t>(1, limit));
    for (size_t n = 0; n < lines.size() && n / step < limit; n += step) c->jsonl += lines[n] + "\n";
    auto reader = StoryReader::FromBuffer("bench", c->jsonl);
    if (!reader.ok()) {
      c->error = reader.status().ToString();
      return c;
    }
    Story s;
    while (true) {
      auto more = (*reader)->Next(s);
      if (!more.ok() || !*more) break;
      c->stories.push_back(s);
    }
    auto seg = Segmenter::Create();
    for (const Story& st : c->stories) {
      if (!st.title.empty()) c->sentences.push_back(st.title);
      for (const SentenceSpan& sp : seg->Split(st.text))
        c->sentences.push_back(st.text.substr(sp.begin, sp.end - sp.begin));
    }
    for (const auto& x : c->sentences) c->sentence_bytes += x.size();
    return c;
  }();
  return *corpus;
}

struct Dicts {
  std::shared_ptr<const DictionarySet> set;
  std::shared_ptr<const coder::CompiledDict> compiled;
  std::unique_ptr<Coder> coder;
  std::string error;
};

const Dicts& GetDicts(int64_t which) {
  static std::map<int64_t, Dicts> cache;
  auto it = cache.find(which);
  if (it != cache.end()) return it->second;
  Dicts& d = cache[which];
  std::string arg;
  if (which == 1) {
    const std::string p = Env("DYAD_SHARED_DIR", DYAD_BENCH_SHARED_DIR) + "/data/petrarch/";
    arg = p + "Phoenix.Countries.actors.txt," + p + "Phoenix.International.actors.txt," + p +
          "Phoenix.MilNonState.actors.txt," + p + "Phoenix.agents.txt," + p + "Phoenix.discards.txt," + p +
          "CAMEO.verbpatterns.150430.txt";
  } else {
    arg = Env("DYAD_DICT_DIR", DYAD_BENCH_BINARY_DIR "/share/dyad/dict");
  }
  auto set = LoadDictArgument(arg, nullptr);
  if (!set.ok()) {
    d.error = set.status().ToString();
    return d;
  }
  d.set = *set;
  auto compiled = coder::CompiledDict::Build(*d.set);
  auto coder = Coder::Create(d.set);
  if (!compiled.ok() || !coder.ok()) {
    d.error = "cannot compile the dictionaries";
    return d;
  }
  d.compiled = *compiled;
  d.coder = std::move(coder).value();
  return d;
}

#define DYAD_NEED_CORPUS(c)                  \
  if (!(c).error.empty()) {                  \
    state.SkipWithError((c).error.c_str()); \
    return;                                  \
  }

void BM_ReadJsonl(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  DYAD_NEED_CORPUS(c);
  size_t stories = 0;
  for (auto _ : state) {
    auto reader = StoryReader::FromBuffer("bench.jsonl", c.jsonl);
    Story s;
    while (true) {
      auto more = (*reader)->Next(s);
      if (!more.ok() || !*more) break;
      ++stories;
      benchmark::DoNotOptimize(s.text.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(stories));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.jsonl.size()));
}
BENCHMARK(BM_ReadJsonl)->Unit(benchmark::kMillisecond);

void BM_Segment(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  DYAD_NEED_CORPUS(c);
  auto seg = Segmenter::Create();
  size_t bytes = 0, spans = 0;
  for (auto _ : state)
    for (const Story& s : c.stories) {
      auto v = seg->Split(s.text);
      spans += v.size();
      bytes += s.text.size();
    }
  state.SetItemsProcessed(static_cast<int64_t>(spans));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Segment)->Unit(benchmark::kMillisecond);

void BM_Tokenize(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  DYAD_NEED_CORPUS(c);
  auto tok = Tokenizer::Create();
  std::vector<Token> tokens;
  size_t n = 0;
  for (auto _ : state)
    for (const auto& s : c.sentences) {
      tok->Tokenize(s, tokens);
      n += tokens.size();
    }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.sentences.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.sentence_bytes));
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

// Tokens of every sentence, for the lookup benchmarks.
const std::vector<std::vector<Token>>& CorpusTokens() {
  static const auto* all = [] {
    auto* v = new std::vector<std::vector<Token>>;
    auto tok = Tokenizer::Create();
    for (const auto& s : GetCorpus().sentences) {
      v->emplace_back();
      tok->Tokenize(s, v->back());
    }
    return v;
  }();
  return *all;
}

void BM_VocabFind(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  DYAD_NEED_CORPUS(c);
  const Dicts& d = GetDicts(state.range(0));
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  const auto& toks = CorpusTokens();
  size_t n = 0, found = 0;
  for (auto _ : state)
    for (const auto& sent : toks)
      for (const Token& t : sent) {
        found += d.compiled->vocab.Find(t.norm) != coder::kNoWord;
        ++n;
      }
  benchmark::DoNotOptimize(found);
  state.SetItemsProcessed(static_cast<int64_t>(n));
}
BENCHMARK(BM_VocabFind)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_ActorLookup(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  DYAD_NEED_CORPUS(c);
  const Dicts& d = GetDicts(state.range(0));
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  const auto& toks = CorpusTokens();
  const coder::PhraseIndex& actors = d.compiled->actors;
  size_t n = 0, cands = 0;
  for (auto _ : state)
    for (const auto& sent : toks)
      for (const Token& t : sent) {
        const uint32_t id = d.compiled->vocab.Find(t.norm);
        if (id != coder::kNoWord)
          if (const auto* v = actors.ByWord(id)) cands += v->size();
        if (actors.has_stems())
          for (size_t len = 1; len <= std::min(t.norm.size(), actors.max_stem_len()); ++len)
            if (const auto* v = actors.ByStem(std::string_view(t.norm).substr(0, len))) cands += v->size();
        ++n;
      }
  benchmark::DoNotOptimize(cands);
  state.SetItemsProcessed(static_cast<int64_t>(n));
}
BENCHMARK(BM_ActorLookup)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_ParseSentence(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  DYAD_NEED_CORPUS(c);
  const Dicts& d = GetDicts(state.range(0));
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  const auto& toks = CorpusTokens();
  coder::ParseOptions popt;
  coder::SentenceParser parser(*d.compiled, *d.set, popt);
  const Date date = Date::FromYmd(2005, 1, 1);
  size_t n = 0;
  for (auto _ : state)
    for (size_t i = 0; i < toks.size(); ++i) {
      if (c.sentences[i].size() > 4096) continue;  // the coder skips these too
      coder::ParsedSentence ps;
      ps.text = c.sentences[i];
      ps.tokens = toks[i];
      coder::StoryContext ctx;
      parser.Parse(ps, date, ctx);
      benchmark::DoNotOptimize(ps.mentions.data());
      ++n;
    }
  state.SetItemsProcessed(static_cast<int64_t>(n));
}
BENCHMARK(BM_ParseSentence)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_CodeSentence(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  DYAD_NEED_CORPUS(c);
  const Dicts& d = GetDicts(state.range(0));
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  Story story;
  story.id = "bench";
  story.date = Date::FromYmd(2005, 1, 1);
  size_t n = 0, events = 0, bytes = 0;
  for (auto _ : state)
    for (const auto& s : c.sentences) {
      story.text = s;
      CodedStory cs = d.coder->Code(story);
      events += cs.events.size();
      bytes += s.size();
      ++n;
    }
  state.SetItemsProcessed(static_cast<int64_t>(n));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["events"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_CodeSentence)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dyad

BENCHMARK_MAIN();
