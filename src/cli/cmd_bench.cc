// dyad bench [FILES] --dict ... --threads N --repeat N --dict-fraction F --json
// dyad bench --make-corpus OUT.jsonl [--news DIR]
//
// End-to-end throughput: reads stories, codes them and writes JSONL events
// (to a hashing sink unless -o is given), then reports sentences/s, MB/s,
// events/s, dictionary load and compile times and peak RSS. The output hash
// lets runs with different --threads be compared for identical output.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <streambuf>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "dyad/coder.h"
#include "dyad/output.h"
#include "dyad/pipeline.h"
#include "dyad/reader.h"

#ifdef DYAD_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace dyad::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The allocator the binary runs on: it moves the threaded rate by ~10%
// (docs/PERFORMANCE.md), so a reported figure names it.
std::string AllocatorName() {
#ifdef DYAD_JEMALLOC
  const char* version = nullptr;
  size_t size = sizeof version;
  if (mallctl("version", &version, &size, nullptr, 0) == 0 && version) return std::string("jemalloc ") + version;
  return "jemalloc";
#else
  return "system malloc";
#endif
}

struct BenchArgs {
  std::vector<std::string> files;
  std::string dict;
  std::string output;
  std::string make_corpus;
  std::string news_dir;
  int threads = 1;
  int repeat = 1;
  double dict_fraction = 1.0;
  int dict_pad = 0;
  bool json = false;
};

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// User + system CPU seconds of the whole process (all threads).
double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return secs(ru.ru_utime) + secs(ru.ru_stime);
}

double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // KiB on Linux
}

// An output sink that keeps only a byte count and an FNV-1a hash.
class HashBuf : public std::streambuf {
 public:
  uint64_t hash() const { return hash_; }
  uint64_t bytes() const { return bytes_; }

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    for (std::streamsize i = 0; i < n; ++i) Mix(static_cast<unsigned char>(s[i]));
    return n;
  }
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) Mix(static_cast<unsigned char>(c));
    return traits_type::not_eof(c);
  }

 private:
  void Mix(unsigned char c) {
    hash_ = (hash_ ^ c) * 0x100000001b3ull;
    ++bytes_;
  }
  uint64_t hash_ = 0xcbf29ce484222325ull;
  uint64_t bytes_ = 0;
};

// ------------------------------------------------------------ corpus --

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

// Splits one CSV record (RFC 4180 quoting) starting at `pos`; advances `pos`
// past the record's line end. Quoted fields may span lines.
std::vector<std::string> NextCsvRecord(std::string_view data, size_t& pos) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  while (pos < data.size()) {
    const char c = data[pos++];
    if (quoted) {
      if (c == '"') {
        if (pos < data.size() && data[pos] == '"') {
          fields.back() += '"';
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

Result<std::string> ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + p.string());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct CorpusWriter {
  std::string out;
  size_t stories = 0;
  void Add(const std::string& id, const std::string& date, std::string_view title, std::string_view text) {
    out += "{\"id\":";
    AppendJsonString(out, id);
    out += ",\"date\":";
    AppendJsonString(out, date);
    if (!title.empty()) {
      out += ",\"title\":";
      AppendJsonString(out, title);
    }
    out += ",\"text\":";
    AppendJsonString(out, text);
    out += "}\n";
    ++stories;
  }
};

// BBC tsv (text \t label), AG News csv (label,title,description) and ABC
// headlines csv (YYYYMMDD,headline) -> one JSONL file.
void MakeCorpus(const std::string& news_dir, const std::string& out_path) {
  const std::string cmd = "bench";
  CorpusWriter w;
  const std::string fixed_date = "2005-01-01";  // BBC and AG News carry no dates
  for (const char* name : {"bbc_news_train.tsv", "bbc_news_dev.tsv", "bbc_news_test.tsv"}) {
    auto data = ReadAll(fs::path(news_dir) / name);
    if (!data.ok()) Fail(cmd, data.status());
    std::string_view d = *data;
    size_t line_no = 0;
    while (!d.empty()) {
      const size_t nl = d.find('\n');
      std::string_view line = d.substr(0, nl);
      d = nl == std::string_view::npos ? std::string_view{} : d.substr(nl + 1);
      ++line_no;
      const size_t tab = line.find('\t');
      std::string_view text = line.substr(0, tab);
      if (text.empty()) continue;
      w.Add(std::string("bbc-") + name + "-" + std::to_string(line_no), fixed_date, {}, text);
    }
  }
  {
    auto data = ReadAll(fs::path(news_dir) / "ag_news_test.csv");
    if (!data.ok()) Fail(cmd, data.status());
    size_t pos = 0, rec = 0;
    NextCsvRecord(*data, pos);  // header
    while (pos < data->size()) {
      auto f = NextCsvRecord(*data, pos);
      ++rec;
      if (f.size() < 3) continue;
      std::string text = f[2];
      std::replace(text.begin(), text.end(), '\\', ' ');  // AG News writes line breaks as '\'
      w.Add("ag-" + std::to_string(rec), fixed_date, f[1], text);
    }
  }
  {
    auto data = ReadAll(fs::path(news_dir) / "abcnews-date-text_first20k.csv");
    if (!data.ok()) Fail(cmd, data.status());
    size_t pos = 0, rec = 0;
    NextCsvRecord(*data, pos);
    while (pos < data->size()) {
      auto f = NextCsvRecord(*data, pos);
      ++rec;
      if (f.size() < 2 || f[0].size() != 8 || f[1].empty()) continue;
      const std::string date = f[0].substr(0, 4) + "-" + f[0].substr(4, 2) + "-" + f[0].substr(6, 2);
      w.Add("abc-" + std::to_string(rec), date, {}, f[1]);
    }
  }
  std::error_code ec;
  if (fs::path(out_path).has_parent_path()) fs::create_directories(fs::path(out_path).parent_path(), ec);
  std::ofstream out(out_path, std::ios::binary);
  if (!out || !out.write(w.out.data(), static_cast<std::streamsize>(w.out.size())))
    Fail(cmd, "cannot write " + out_path);
  std::fprintf(stderr, "wrote %zu stories (%.1f MB) to %s\n", w.stories, static_cast<double>(w.out.size()) / 1e6,
               out_path.c_str());
}

// ------------------------------------------------------- dict fraction --

// Keeps entry i of n when the running count floor(i * f) steps: an even,
// deterministic spread of round(n * f) entries.
bool KeepEntry(size_t i, double f) {
  if (f >= 1.0) return true;
  const auto a = static_cast<uint64_t>(static_cast<double>(i) * f);
  const auto b = static_cast<uint64_t>(static_cast<double>(i + 1) * f);
  return b > a;
}

// Verb lists share patterns through `patterns_of` (the block's first verb):
// a verb is kept when its block's first verb is, and indexes are remapped.
template <typename V>
std::vector<V> KeepVerbs(const std::vector<V>& in, double f) {
  std::vector<uint32_t> new_index(in.size(), UINT32_MAX);
  std::vector<V> out;
  for (size_t i = 0; i < in.size(); ++i) {
    const uint32_t head = in[i].patterns_of < in.size() ? in[i].patterns_of : static_cast<uint32_t>(i);
    if (!KeepEntry(head, f)) continue;
    new_index[i] = static_cast<uint32_t>(out.size());
    out.push_back(in[i]);
  }
  for (auto& v : out) {
    const uint32_t head = v.patterns_of < in.size() ? new_index[v.patterns_of] : UINT32_MAX;
    v.patterns_of = head == UINT32_MAX ? static_cast<uint32_t>(&v - out.data()) : head;
  }
  return out;
}

std::shared_ptr<const DictionarySet> Fraction(const DictionarySet& set, double f) {
  auto sub = std::make_shared<DictionarySet>(set);
  sub->actors.clear();
  for (size_t i = 0; i < set.actors.size(); ++i)
    if (KeepEntry(i, f)) sub->actors.push_back(set.actors[i]);
  sub->agents.clear();
  for (size_t i = 0; i < set.agents.size(); ++i)
    if (KeepEntry(i, f)) sub->agents.push_back(set.agents[i]);
  sub->verbs = KeepVerbs(set.verbs, f);
  sub->p2_verbs = KeepVerbs(set.p2_verbs, f);
  return sub;
}

// ------------------------------------------------------------ dict pad --

// The words of a phrase with a suffix that no text contains ("IRAQ" ->
// "IRAQQZX2"): the same shape, length and structure, no match.
void Unmatchable(std::vector<PatternElement>& phrase, const std::string& suffix) {
  for (PatternElement& e : phrase) {
    if (e.kind == PatternElement::Kind::kWord && !e.text.empty()) e.text += suffix;
    for (auto& alt : e.alternatives) Unmatchable(alt, suffix);
  }
}

// The set with `k` more copies of every actor, agent and verb entry whose
// words never occur in text: a dictionary (k + 1) times as large that finds
// exactly the same events (the output hash is the same), so that sentences/s
// against k shows what the size of the dictionary alone costs.
std::shared_ptr<const DictionarySet> Pad(const DictionarySet& set, int k) {
  auto big = std::make_shared<DictionarySet>(set);
  const auto n_verbs = static_cast<uint32_t>(set.verbs.size());
  for (int c = 1; c <= k; ++c) {
    const std::string suffix = "QZX" + std::to_string(c);
    for (ActorEntry a : set.actors) {
      for (Phrase& p : a.phrases) Unmatchable(p, suffix);
      big->actors.push_back(std::move(a));
    }
    for (AgentEntry a : set.agents) {
      Unmatchable(a.phrase, suffix);
      for (Phrase& p : a.plurals) Unmatchable(p, suffix);
      big->agents.push_back(std::move(a));
    }
    for (VerbEntry v : set.verbs) {
      Unmatchable(v.verb, suffix);
      for (Phrase& p : v.irregular_forms) Unmatchable(p, suffix);
      for (VerbPattern& p : v.patterns) Unmatchable(p.elements, suffix);
      v.patterns_of += static_cast<uint32_t>(c) * n_verbs;  // its own block's copy
      big->verbs.push_back(std::move(v));
    }
  }
  return big;
}

// ---------------------------------------------------------------- run --

void Run(const BenchArgs& a) {
  const std::string cmd = "bench";
  if (!a.make_corpus.empty()) {
    MakeCorpus(a.news_dir, a.make_corpus);
    if (a.files.empty()) return;
  }
  if (a.files.empty()) Fail(cmd, "no corpus given (make one with --make-corpus build/bench/news.jsonl)", 2);

  const double rss_start = PeakRssMb();
  const auto t_load0 = Clock::now();
  std::vector<DictWarning> warnings;
  auto loaded = LoadDictArgument(a.dict, &warnings);
  if (!loaded.ok()) Fail(cmd, loaded.status());
  const auto t_load1 = Clock::now();
  std::shared_ptr<const DictionarySet> dicts = *loaded;
  if (a.dict_fraction < 1.0) dicts = Fraction(*dicts, a.dict_fraction);
  if (a.dict_pad > 0) dicts = Pad(*dicts, a.dict_pad);
  const DictStats ds = CountEntries(*dicts);

  const auto t_comp0 = Clock::now();
  auto coder = Coder::Create(dicts, CoderOptions{});
  if (!coder.ok()) Fail(cmd, coder.status());
  const auto t_comp1 = Clock::now();
  const double rss_loaded = PeakRssMb();

  HashBuf hash;
  std::ostream hash_stream(&hash);
  std::ofstream file;
  std::ostream* out = &hash_stream;
  if (!a.output.empty()) {
    file.open(a.output, std::ios::binary);
    if (!file) Fail(cmd, "cannot write " + a.output);
    out = &file;
  }
  auto writer = MakeWriter("jsonl", *out);
  if (!writer.ok()) Fail(cmd, writer.status());

  ReaderOptions ropt;
  size_t problems = 0;
  ropt.on_problem = [&](const ReadProblem&) { ++problems; };
  PipelineStats stats;
  // Sentences per second of each pass: on a shared machine the rate of
  // the same binary moves from minute to minute, and the best and median
  // passes of a long run say more than its mean alone.
  std::vector<double> pass_sps;
  const bool progress = StderrIsTerminal();
  const double cpu0 = CpuSeconds();
  const auto t0 = Clock::now();
  for (int r = 0; r < a.repeat; ++r) {
    const auto tp = Clock::now();
    const size_t sentences0 = stats.sentences;
    for (const auto& f : a.files) {
      auto reader = StoryReader::Open(f, ropt);
      if (!reader.ok()) Fail(cmd, reader.status());
      Status st = CodeStream(**coder, **reader, a.threads, [&](const Story&, const CodedStory& cs) -> Status {
        for (const Event& e : cs.events) DYAD_RETURN_IF_ERROR((*writer)->Write(e));
        return Status::Ok();
      }, &stats);
      if (!st.ok()) Fail(cmd, st);
    }
    const auto now = Clock::now();
    pass_sps.push_back(static_cast<double>(stats.sentences - sentences0) / std::max(Seconds(tp, now), 1e-9));
    if (progress && a.repeat > 1) {
      const double elapsed = Seconds(t0, now);
      std::fprintf(stderr, "\rpass %d/%d: %zu stories, %zu sentences (%.0f/s), %zu events, ETA %.0f s   ", r + 1,
                   a.repeat, stats.stories, stats.sentences, pass_sps.back(), stats.events,
                   elapsed / (r + 1) * (a.repeat - r - 1));
    }
  }
  if (progress && a.repeat > 1) std::fprintf(stderr, "\n");
  std::vector<double> sorted_sps = pass_sps;
  std::sort(sorted_sps.begin(), sorted_sps.end());
  const double pass_best = sorted_sps.back(), pass_slowest = sorted_sps.front();
  const size_t mid = sorted_sps.size() / 2;
  const double pass_median =
      sorted_sps.size() % 2 ? sorted_sps[mid] : (sorted_sps[mid - 1] + sorted_sps[mid]) / 2;
  Status st = (*writer)->Flush();
  if (!st.ok()) Fail(cmd, st);
  const double secs = std::max(Seconds(t0, Clock::now()), 1e-9);
  const double cpu = std::max(CpuSeconds() - cpu0, 1e-9);
  const double rss_peak = PeakRssMb();
  const double load_s = Seconds(t_load0, t_load1), comp_s = Seconds(t_comp0, t_comp1);
  const double sps = static_cast<double>(stats.sentences) / secs;
  const double mbps = static_cast<double>(stats.bytes) / 1e6 / secs;
  const double eps = static_cast<double>(stats.events) / secs;

  if (a.json) {
    std::printf(
        "{\"dict\":\"%s\",\"dict_fraction\":%.3f,\"dict_pad\":%d,\"actor_entries\":%zu,\"verbs\":%zu,\"p2_verbs\":%zu,"
        "\"dict_warnings\":%zu,\"load_s\":%.4f,\"compile_s\":%.4f,\"threads\":%d,\"repeat\":%d,"
        "\"stories\":%zu,\"sentences\":%zu,\"events\":%zu,\"bytes\":%zu,\"bad_records\":%zu,\"seconds\":%.3f,"
        "\"cpu_seconds\":%.3f,\"sentences_per_cpu_s\":%.0f,"
        "\"sentences_per_s\":%.0f,\"mb_per_s\":%.2f,\"events_per_s\":%.0f,\"rss_start_mb\":%.1f,"
        "\"pass_sentences_per_s_best\":%.0f,\"pass_sentences_per_s_median\":%.0f,"
        "\"pass_sentences_per_s_slowest\":%.0f,"
        "\"rss_loaded_mb\":%.1f,\"rss_peak_mb\":%.1f,\"allocator\":\"%s\",\"output_bytes\":%llu,"
        "\"output_hash\":\"%016llx\"}\n",
        a.dict.empty() ? "default" : a.dict.c_str(), a.dict_fraction, a.dict_pad, ds.actor_entries, ds.verbs, ds.p2_verbs,
        warnings.size(), load_s, comp_s, a.threads, a.repeat, stats.stories, stats.sentences, stats.events,
        stats.bytes, problems, secs, cpu, static_cast<double>(stats.sentences) / cpu, sps, mbps, eps, rss_start,
        pass_best, pass_median, pass_slowest, rss_loaded, rss_peak, AllocatorName().c_str(),
        static_cast<unsigned long long>(hash.bytes()), static_cast<unsigned long long>(hash.hash()));
  } else {
    std::printf("dictionaries   %s%s: %zu actor entries, %zu verbs, %zu PETRARCH-2 verbs, %zu warnings\n",
                a.dict.empty() ? "default" : a.dict.c_str(),
                (std::string(a.dict_fraction < 1.0 ? " (fraction " + std::to_string(a.dict_fraction) + ")" : "") +
                 (a.dict_pad > 0 ? " (padded " + std::to_string(a.dict_pad) + "x with unmatchable copies)" : ""))
                    .c_str(),
                ds.actor_entries, ds.verbs, ds.p2_verbs, warnings.size());
    std::printf("load           %.3f s (read)  %.3f s (compile)\n", load_s, comp_s);
    std::printf("coded          %zu stories, %zu sentences, %zu events, %.1f MB in %.3f s (%d thread%s, %d pass%s)\n",
                stats.stories, stats.sentences, stats.events, static_cast<double>(stats.bytes) / 1e6, secs,
                a.threads, a.threads == 1 ? "" : "s", a.repeat, a.repeat == 1 ? "" : "es");
    std::printf("throughput     %.0f sentences/s  %.2f MB/s  %.0f events/s\n", sps, mbps, eps);
    if (a.repeat > 1)
      std::printf("passes         best %.0f, median %.0f, slowest %.0f sentences/s\n", pass_best, pass_median,
                  pass_slowest);
    std::printf("cpu            %.3f s (%.0f sentences per CPU second)\n", cpu,
                static_cast<double>(stats.sentences) / cpu);
    std::printf("peak RSS       %.1f MB (%.1f MB after loading)\n", rss_peak, rss_loaded);
    std::printf("allocator      %s\n", AllocatorName().c_str());
    if (a.output.empty())
      std::printf("output         %llu bytes of JSONL, FNV-1a %016llx\n", static_cast<unsigned long long>(hash.bytes()),
                  static_cast<unsigned long long>(hash.hash()));
    if (problems) std::printf("bad records    %zu skipped\n", problems);
  }
}

}  // namespace

void RegisterBenchCommand(CLI::App& app) {
  auto args = std::make_shared<BenchArgs>();
  CLI::App* sub = app.add_subcommand("bench", "Measure end-to-end coding throughput, load time and memory");
  sub->add_option("files", args->files, "JSONL (or any readable) story files to code");
  sub->add_option("--dict", args->dict, "Dictionaries as for `dyad code` (default: dyad's own)");
  sub->add_option("--threads,-j", args->threads, "Coding threads")->capture_default_str()->check(CLI::Range(1, 256));
  sub->add_option("--repeat", args->repeat, "Code the files this many times")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  sub->add_option("--dict-fraction", args->dict_fraction,
                  "Keep this deterministic fraction of actor, agent and verb entries (scaling runs)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--dict-pad", args->dict_pad,
                  "Add this many copies of every actor, agent and verb entry whose words never occur in text "
                  "(a larger dictionary that finds the same events)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  sub->add_option("-o,--output", args->output, "Write the JSONL events here (default: hash them only)");
  sub->add_flag("--json", args->json, "Print one JSON object instead of a table");
  sub->add_option("--make-corpus", args->make_corpus,
                  "Write a JSONL corpus made from the news in --news (BBC, AG News, ABC headlines) to this file");
  args->news_dir = "../shared/data/news";
  if (const char* env = std::getenv("DYAD_SHARED_DIR"); env && *env) args->news_dir = std::string(env) + "/data/news";
  sub->add_option("--news", args->news_dir, "Folder of the news corpora for --make-corpus")->capture_default_str();
  sub->callback([args] { Run(*args); });
}

}  // namespace dyad::cli
