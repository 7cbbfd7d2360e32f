// The event line parser (fast one-pass path + reference simdjson DOM path)
// and the block line reader of `dyad ingest --events`.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "store/event_json.h"
#include "store/ingest_parse.h"
#include "tests/store/fixture.h"

namespace dyad {
namespace {

using store::EventJsonParser;

const char kGood[] =
    R"({"code":"138","date":"2015-01-01","evidence":{"source":{"text":"GBR officials"},)"
    R"("target":{"text":"ISR counterparts"},"verb":{"end":18,"start":14,"text":"said"}},)"
    R"("goldstein":-7.0,"plover":"","quad_class":3,"root":"13","sentence":2,"source":"GBRMED",)"
    R"("source_country":"GBR","story_id":"syn-1-8221","story_source":"publisher11","target":"ISROPP",)"
    R"("target_country":"ISR","text":"GBR officials said on 2015-01-01 that they would act.",)"
    R"("url":"https://news.example/syn-1-8221"})";

// Every field of a record, to compare two parses.
std::string Dump(const EventRecord& e) {
  char num[96];
  std::snprintf(num, sizeof num, "|%u|%d|%d|%d|%.17g|%d|%d|", e.sentence, e.date.days, e.root, e.quad_class,
                e.goldstein, e.verb_start, e.verb_end);
  return e.story_id + "|" + e.source + "|" + e.target + "|" + e.source_country + "|" + e.target_country + "|" +
         e.code + "|" + e.plover + "|" + e.text + "|" + e.source_text + "|" + e.target_text + "|" + e.verb_text +
         "|" + e.url + "|" + e.story_source + num;
}

// Parse() must give what the reference path gives: the same message, and
// on success the same record (a fresh record each, and one reused record
// carrying the previous line's values, as the ingest uses it).
void ExpectSameAsReference(const std::string& line, EventRecord* reused = nullptr) {
  EventJsonParser fast, ref;
  EventRecord a, b;
  const std::string ea = fast.Parse(line, &a);
  const std::string eb = ref.ParseReference(line, &b);
  EXPECT_EQ(ea, eb) << line;
  if (ea.empty() && eb.empty()) {
    EXPECT_EQ(Dump(a), Dump(b)) << line;
  }
  if (reused) {
    const std::string ec = fast.Parse(line, reused);
    EXPECT_EQ(ec, eb) << line;
    if (ec.empty()) {
      EXPECT_EQ(Dump(*reused), Dump(b)) << line;
    }
  }
}

// End of the JSON value starting at line[b] (a simple scanner for the
// well-formed lines of these tests).
size_t ValueEnd(const std::string& line, size_t b) {
  int depth = 0;
  bool in_string = false;
  size_t e = b;
  for (; e < line.size(); ++e) {
    const char c = line[e];
    if (in_string) {
      if (c == '\\') {
        ++e;
      } else if (c == '"') {
        in_string = false;
        if (depth == 0) return e + 1;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) break;
      if (--depth == 0) return e + 1;
    } else if (c == ',' && depth == 0) {
      break;
    }
  }
  return e;
}

// `line` with the value of top-level key `key` replaced by `value`.
std::string WithValue(const std::string& line, const std::string& key, const std::string& value) {
  const std::string k = "\"" + key + "\":";
  size_t at = 1;  // after the '{'
  while (at < line.size()) {
    const size_t colon = line.find(':', at);
    const size_t end = ValueEnd(line, colon + 1);
    if (line.compare(at, k.size(), k) == 0) return line.substr(0, colon + 1) + value + line.substr(end);
    at = end + 1;  // past the ','
  }
  ADD_FAILURE() << "no key " << key;
  return line;
}

TEST(EventJsonTest, GoodLineTakesTheFastPath) {
  EventJsonParser p;
  EventRecord e;
  ASSERT_EQ(p.Parse(kGood, &e), "");
  EXPECT_EQ(p.fast_lines(), 1u);
  EXPECT_EQ(p.slow_lines(), 0u);
  EXPECT_EQ(e.story_id, "syn-1-8221");
  EXPECT_EQ(e.date, Date::FromYmd(2015, 1, 1));
  EXPECT_EQ(e.source, "GBRMED");
  EXPECT_EQ(e.target_country, "ISR");
  EXPECT_EQ(e.code, "138");
  EXPECT_EQ(e.root, 13);
  EXPECT_EQ(e.quad_class, 3);
  EXPECT_EQ(e.goldstein, -7.0);
  EXPECT_EQ(e.sentence, 2u);
  EXPECT_EQ(e.target_text, "ISR counterparts");
  EXPECT_EQ(e.verb_text, "said");
  EXPECT_EQ(e.verb_start, 14);
  EXPECT_EQ(e.verb_end, 18);
  EXPECT_EQ(e.url, "https://news.example/syn-1-8221");
  EXPECT_EQ(e.story_source, "publisher11");
  ExpectSameAsReference(kGood);
}

TEST(EventJsonTest, BrokenJsonAnywhereIsBrokenJson) {
  const std::string good = kGood;
  const std::vector<std::string> broken = {
      good.substr(0, 120),                                     // cut mid-line
      good + " x",                                             // trailing garbage
      good + good,                                             // two objects
      good + "}",                                              // extra brace
      WithValue(good, "quad_class", "tru"),                   // bad literal in an unused field
      WithValue(good, "quad_class", "01"),                    // leading zero
      WithValue(good, "quad_class", "3."),                    // no fraction digits
      WithValue(good, "quad_class", "[1, 2"),                 // unclosed array
      WithValue(good, "quad_class", "{\"a\" 1}"),             // no colon
      WithValue(good, "root", "\"1\\q\""),                    // bad escape
      WithValue(good, "root", "\"1\x01\""),                   // control character
      WithValue(good, "text", "\"caf\xC3\""),                 // invalid UTF-8
      WithValue(good, "plover", "\"\xFF\""),                  // invalid UTF-8
      WithValue(good, "evidence", "{\"verb\":{\"text\":\"x\",}}"),  // trailing comma
      "{\"story_id\": \"x\", broken",
      "{",
      "",
  };
  for (const std::string& line : broken) {
    EventJsonParser p;
    EventRecord e;
    const std::string err = p.Parse(line, &e);
    EXPECT_EQ(err.rfind("broken JSON", 0), 0u) << line << " -> " << err;
    ExpectSameAsReference(line);
  }
  EventRecord e;
  EXPECT_EQ(ParseEventJson("[1, 2]", &e), "broken JSON: an event must be a JSON object");
}

TEST(EventJsonTest, MessagesOfTheReferencePath) {
  const std::string good = kGood;
  struct Case {
    std::string line, message;
  };
  const std::vector<Case> cases = {
      {WithValue(good, "source", "5"), "'source' must be a string"},
      {WithValue(good, "url", "[]"), "'url' must be a string"},
      {WithValue(good, "story_id", "null"), "missing 'story_id'"},
      {WithValue(good, "story_id", "\"\""), "missing 'story_id'"},
      {WithValue(good, "target", "null"), "missing 'source' or 'target' actor code"},
      {WithValue(good, "date", "\"\""), "missing 'date'"},
      {WithValue(good, "date", "\"2020-02-30\""), "impossible date '2020-02-30' (expected YYYY-MM-DD)"},
      {WithValue(good, "sentence", "-1"), "'sentence' must be a non-negative integer"},
      {WithValue(good, "sentence", "1.5"), "'sentence' must be a non-negative integer"},
      {WithValue(good, "sentence", "\"1\""), "'sentence' must be a non-negative integer"},
      {WithValue(good, "sentence", "99999999999999999999"), "broken JSON: Problem while parsing a number"},
      {WithValue(good, "code", "\"999\""), "unknown CAMEO code '999'"},
      {WithValue(good, "code", "null"), "missing 'code'"},
      {WithValue(good, "goldstein", "11"), "'goldstein' must be a number in [-10, 10]"},
      {WithValue(good, "goldstein", "\"1\""), "'goldstein' must be a number in [-10, 10]"},
      {WithValue(good, "goldstein", "-1e3"), "'goldstein' must be a number in [-10, 10]"},
  };
  for (const Case& c : cases) {
    EventJsonParser p;
    EventRecord e;
    EXPECT_EQ(p.Parse(c.line, &e), c.message) << c.line;
    ExpectSameAsReference(c.line);
  }
}

TEST(EventJsonTest, DuplicateKeysFirstOneWins) {
  const std::string good = kGood;
  EventJsonParser p;
  EventRecord e;
  // A later duplicate is ignored, whatever its type (simdjson's obj[key]
  // finds the first).
  std::string line = good.substr(0, good.size() - 1) + ",\"source\":\"USAGOV\",\"sentence\":\"x\"}";
  ASSERT_EQ(p.Parse(line, &e), "");
  EXPECT_EQ(e.source, "GBRMED");
  EXPECT_EQ(e.sentence, 2u);
  ExpectSameAsReference(line);
  line = "{\"source\":5," + good.substr(1);
  EXPECT_EQ(p.Parse(line, &e), "'source' must be a string");
  line = WithValue(good, "evidence",
                   R"({"verb":{"text":"a","text":"b","start":1,"start":2},"verb":"c","source":"s","source":{}})");
  ASSERT_EQ(p.Parse(line, &e), "");
  EXPECT_EQ(e.verb_text, "a");
  EXPECT_EQ(e.verb_start, 1);
  EXPECT_EQ(e.source_text, "s");
  ExpectSameAsReference(line);
  line = good.substr(0, good.size() - 1) + ",\"evidence\":{\"verb\":\"other\"}}";
  ASSERT_EQ(p.Parse(line, &e), "");
  EXPECT_EQ(e.verb_text, "said");
  ExpectSameAsReference(line);
}

TEST(EventJsonTest, UnusualButValidLinesGiveTheReferenceRecord) {
  const std::string good = kGood;
  std::vector<std::string> lines = {
      WithValue(good, "text", R"("He said \"no\" \\ and\/or\n\tleft\b\f\r.")"),
      WithValue(good, "text", R"("caf\u00e9 \ud83d\ude00")"),  // \u: reference path
      WithValue(good, "text", "\"caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D\""),
      WithValue(good, "text", "null"),
      WithValue(good, "url", "null"),
      WithValue(good, "plover", "\"CONSULT\""),
      WithValue(good, "sentence", "null"),
      WithValue(good, "sentence", "0"),
      WithValue(good, "sentence", "4294967297"),  // truncated to uint32, as before
      WithValue(good, "sentence", "1e0"),
      WithValue(good, "goldstein", "null"),
      WithValue(good, "goldstein", "3"),
      WithValue(good, "goldstein", "-0"),
      WithValue(good, "goldstein", "-0.0"),
      WithValue(good, "goldstein", "1e1"),
      WithValue(good, "goldstein", "0.30000000000000004441"),
      WithValue(good, "goldstein", "10.000000000000000001"),
      WithValue(good, "quad_class", "123456789012345678901234567890"),
      WithValue(good, "quad_class", "-1.5E-3"),
      WithValue(good, "quad_class", "[true, false, null, {}, [], \"\", -0, 1.25]"),
      WithValue(good, "quad_class", std::string(40, '[') + std::string(40, ']')),
      WithValue(good, "evidence", "null"),
      WithValue(good, "evidence", "\"x\""),
      WithValue(good, "evidence", "{}"),
      WithValue(good, "evidence", R"({"source":"a","target":"b","verb":"c"})"),
      WithValue(good, "evidence", R"({"verb":{"start":1.0,"end":-3,"text":5}})"),
      WithValue(good, "evidence", R"({"verb":{"start":-0,"end":99999999999,"text":null}})"),
      WithValue(good, "evidence", R"({"verb":{"start":12345678901234567890}})"),
      WithValue(good, "evidence", R"({"verb":[1],"source":7,"target":{"text":"t","start":1}})"),
      WithValue(good, "evidence", R"({"verb":{"text":"v\"q\""}})"),
      WithValue(good, "code", "\"0431\""),   // a 4-digit variant missing from the table
      WithValue(good, "code", "\"04\\/3\""),
      WithValue(good, "date", "\"2015-01-01T12:00:00\""),
      WithValue(good, "date", "\"2016-02-29\""),
      WithValue(good, "story_id", "\"a\\\"b\""),
      " \t" + good + " \r",
      "{\"story_\\u0069d\":\"esc-key\"," + good.substr(1),  // escaped key: reference path
      "{\"story_id\":\"k\",\"source\":\"A\",\"target\":\"B\",\"date\":\"2001-01-01\",\"code\":\"042\"}",
      "{ \"story_id\" : \"k\" , \"source\" : \"A\" , \"target\" : \"B\" , \"date\" : \"2001-01-01\" , "
      "\"code\" : \"042\" , \"sentence\" : 3 , \"evidence\" : { \"verb\" : { \"start\" : 1 } } }",
      "{}",
      "\xEF\xBB\xBF" + good,  // byte order mark
  };
  EventRecord reused;
  for (const std::string& line : lines) ExpectSameAsReference(line, &reused);
  // Every field of the good line in turn given each of these values.
  const std::vector<std::string> values = {"null", "5", "-2", "1.5", "true", "\"\"", "\"x\\\"y\"", "[1]", "{}",
                                           "{\"text\":\"t\"}", "\"042\"", "\"2020-01-01\""};
  for (const char* key : {"code", "date", "evidence", "goldstein", "plover", "sentence", "source", "source_country",
                          "story_id", "story_source", "target", "target_country", "text", "url", "root"})
    for (const std::string& v : values) ExpectSameAsReference(WithValue(good, key, v), &reused);
}

// Differential test: good lines with random small edits (bytes from a
// JSON-ish alphabet replaced, inserted or deleted); the result must always
// be the reference path's (fixed seed: the same lines every run).
TEST(EventJsonTest, RandomEditsGiveTheReferenceResult) {
  const std::string alphabet = "{}[]:,\"\\ 0123456789-.eE+truefalsnul\t\r\x01\x7f\xc3\xa9\xff/bu";
  const std::vector<std::string> seeds = {
      kGood,
      WithValue(kGood, "text", R"("He said \"no\" \\ and\/or\n.")"),
      "{\"story_id\":\"k\",\"source\":\"A\",\"target\":\"B\",\"date\":\"2001-01-01\",\"code\":\"042\","
      "\"goldstein\":1.5,\"sentence\":3,\"evidence\":{\"verb\":{\"start\":1,\"end\":4,\"text\":\"said\"}}}",
  };
  uint64_t state = 42;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(state >> 33);
  };
  EventRecord reused;
  size_t accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string line = seeds[next() % seeds.size()];
    const int edits = 1 + static_cast<int>(next() % 3);
    for (int k = 0; k < edits && !line.empty(); ++k) {
      const size_t at = next() % line.size();
      const char c = alphabet[next() % alphabet.size()];
      switch (next() % 3) {
        case 0: line[at] = c; break;
        case 1: line.insert(line.begin() + static_cast<ptrdiff_t>(at), c); break;
        default: line.erase(at, 1); break;
      }
    }
    EventJsonParser fast, ref;
    EventRecord a, b;
    const std::string ea = fast.Parse(line, &a);
    const std::string eb = ref.ParseReference(line, &b);
    ASSERT_EQ(ea, eb) << line;
    if (ea.empty()) {
      ++accepted;
      ASSERT_EQ(Dump(a), Dump(b)) << line;
      ASSERT_EQ(fast.Parse(line, &reused), "");
      ASSERT_EQ(Dump(reused), Dump(b)) << line;
    }
  }
  EXPECT_GT(accepted, 1000u);  // the edits leave many lines good
}

TEST(EventJsonTest, FastPathSkipsTheReferenceForOrdinaryEscapesAndUtf8) {
  EventJsonParser p;
  EventRecord e;
  ASSERT_EQ(p.Parse(WithValue(kGood, "text", "\"\\\"Non\\\", caf\xC3\xA9.\""), &e), "");
  EXPECT_EQ(e.text, "\"Non\", caf\xC3\xA9.");
  ASSERT_EQ(p.Parse(WithValue(kGood, "text", "\"caf\\u00e9\""), &e), "");
  EXPECT_EQ(e.text, "caf\xC3\xA9");
  EXPECT_EQ(p.fast_lines(), 1u);
  EXPECT_EQ(p.slow_lines(), 1u);
}

// ------------------------------------------------------------ LineReader --

std::vector<std::string> ReadAll(const std::string& data, size_t block) {
  testing::TempDir dir;
  const std::string path = dir.File("in.txt");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(data.data(), 1, data.size(), f);
  std::fclose(f);
  const int fd = ::open(path.c_str(), O_RDONLY);
  store::LineReader r(fd, block);
  std::vector<std::string> out;
  std::string_view line;
  while (r.Next(&line)) out.emplace_back(line);
  EXPECT_FALSE(r.read_error());
  ::close(fd);
  return out;
}

TEST(LineReaderTest, SplitsAsGetlineDoes) {
  using V = std::vector<std::string>;
  for (size_t block : {size_t{4}, size_t{16}, size_t{1} << 20}) {
    EXPECT_EQ(ReadAll("", block), V{});
    EXPECT_EQ(ReadAll("a\nbc\n", block), (V{"a", "bc"}));
    EXPECT_EQ(ReadAll("a\nbc", block), (V{"a", "bc"}));          // last line without newline
    EXPECT_EQ(ReadAll("a\r\nb\r\n", block), (V{"a\r", "b\r"}));  // CRLF: the '\r' stays
    EXPECT_EQ(ReadAll("\n\na\n\n", block), (V{"", "", "a", ""}));
    const std::string long_line(100000, 'x');  // longer than the block
    EXPECT_EQ(ReadAll("s\n" + long_line + "\nt", block), (V{"s", long_line, "t"}));
  }
}

TEST(LineReaderTest, ParseEventBatchesCountsLinesAndGroupsStories) {
  testing::TempDir dir;
  const std::string good = kGood;
  const std::string other = WithValue(good, "story_id", "\"s2\"");
  const std::string long_text = WithValue(good, "text", "\"" + std::string(3 << 20, 'y') + "\"");
  const std::string data = good + "\r\n\n  \t\n" + "{\"story_id\":" + "\n" + WithValue(good, "sentence", "0") +
                           "\n" + other + "\n" + long_text + "\n" + good;  // no final newline
  const std::string path = dir.File("ev.jsonl");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(data.data(), 1, data.size(), f);
  std::fclose(f);
  const int fd = ::open(path.c_str(), O_RDONLY);
  std::vector<store::ParsedBatch> batches;
  IngestOptions o;
  o.batch_events = 2;
  store::ParseEventBatches(
      fd, "ev.jsonl", o, [&](store::ParsedBatch& b) { return batches.push_back(std::move(b)), true; }, nullptr);
  ::close(fd);
  std::vector<std::string> ids, problems;
  std::vector<size_t> sizes;
  for (const auto& b : batches) {
    for (const auto& s : b.stories) ids.push_back(s.id + "@" + s.origin + "/" + std::to_string(s.events.size()));
    for (const auto& p : b.problems) problems.push_back(p.ToString());
    sizes.push_back(b.stories.size());
  }
  ASSERT_FALSE(batches.empty());
  EXPECT_TRUE(batches.back().last);
  EXPECT_TRUE(batches.back().end_status.ok());
  EXPECT_EQ(batches.back().lines, 8u);
  EXPECT_EQ(ids, (std::vector<std::string>{"syn-1-8221@ev.jsonl:1/2", "s2@ev.jsonl:6/1",
                                           "syn-1-8221@ev.jsonl:7/2"}));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].rfind("ev.jsonl:4: broken JSON", 0), 0u) << problems[0];
  // Cut at story boundaries once 2 events are in: [story 1], [s2, story 1 again].
  EXPECT_EQ(sizes, (std::vector<size_t>{1, 2}));
  // Sentences once per index; event texts empty; the story seen again appends.
  const StoryRecord& first = batches[0].stories[0];
  ASSERT_EQ(first.sentences.size(), 2u);
  EXPECT_EQ(first.sentences[0].first, 2u);
  EXPECT_EQ(first.sentences[1].first, 0u);
  for (const auto& e : first.events) EXPECT_EQ(e.text, "");
  EXPECT_FALSE(first.append);
  const StoryRecord& again = batches.back().stories.back();
  EXPECT_TRUE(again.append);
  ASSERT_EQ(again.sentences.size(), 1u);
  EXPECT_EQ(again.sentences[0].second.size(), size_t{3} << 20);
}

// Stories seen again in a run are appended to, however close together
// (the id set is looked up a few stories late) and across batches; the
// batches handed back are reused without changing what the next ones hold.
TEST(LineReaderTest, StoriesSeenAgainAreAppendedTo) {
  testing::TempDir dir;
  std::string data;
  std::vector<std::string> order;
  for (int i = 0; i < 300; ++i) {
    const std::string id = "st" + std::to_string(i % 7 == 3 ? i / 2 : i);
    order.push_back(id);
    data += WithValue(WithValue(kGood, "story_id", "\"" + id + "\""), "sentence", std::to_string(i % 3)) + "\n";
    if (i % 5 == 0) data += WithValue(WithValue(kGood, "story_id", "\"" + id + "\""), "sentence", "7") + "\n";
  }
  const std::string path = dir.File("ev.jsonl");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(data.data(), 1, data.size(), f);
  std::fclose(f);
  for (size_t batch : {size_t{1}, size_t{7}, size_t{100000}}) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    IngestOptions o;
    o.batch_events = batch;
    std::vector<std::string> got;
    std::set<std::string> seen;
    std::string problems;
    size_t events = 0;
    store::ParseEventBatches(
        fd, "ev.jsonl", o,
        [&](store::ParsedBatch& b) {
          for (const auto& s : b.stories) {
            EXPECT_EQ(s.append, seen.count(s.id) == 1) << s.id << " batch " << batch;
            seen.insert(s.id);
            got.push_back(s.id);
            events += s.events.size();
            EXPECT_FALSE(s.events.empty());
            for (const auto& e : s.events) EXPECT_EQ(e.story_id, s.id);
            EXPECT_EQ(s.events.size(), s.sentences.size());
          }
          for (const auto& p : b.problems) problems += p.ToString();
          return true;  // `b` is left as it is: the parser reuses it
        },
        nullptr);
    ::close(fd);
    EXPECT_EQ(problems, "");
    EXPECT_EQ(got, order) << batch;
    EXPECT_EQ(events, 300u + 60u);
  }
}

// `data` written to a file of `dir` and parsed in batches: the events of
// each batch.
std::vector<size_t> BatchEventCounts(testing::TempDir& dir, const std::string& data, size_t batch_events,
                                     size_t large_batch_events = 0) {
  const std::string path = dir.File("batches.jsonl");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(data.data(), 1, data.size(), f);
  std::fclose(f);
  const int fd = ::open(path.c_str(), O_RDONLY);
  IngestOptions o;
  o.batch_events = batch_events;
  std::vector<size_t> sizes;
  store::ParseEventBatches(
      fd, "batches.jsonl", o,
      [&](store::ParsedBatch& b) {
        size_t events = 0;
        for (const auto& st : b.stories) {
          EXPECT_FALSE(st.events.empty());
          events += st.events.size();
        }
        sizes.push_back(events);
        return true;
      },
      nullptr, large_batch_events);
  ::close(fd);
  return sizes;
}

// The first batches are small (4,096 events, then four times more each
// time) up to options.batch_events, so that the writer starts at once.
TEST(LineReaderTest, FirstBatchesGrowToTheBatchSize) {
  testing::TempDir dir;
  std::string data;
  for (int i = 0; i < 120000; ++i) data += WithValue(kGood, "story_id", "\"s" + std::to_string(i) + "\"") + "\n";
  // One event per story: cut exactly at the limit.
  EXPECT_EQ(BatchEventCounts(dir, data, 50000), (std::vector<size_t>{4096, 16384, 50000, 49520}));
}

// Stories in random date order make small transactions rewrite pages all
// over the date-keyed tables: given large_batch_events, the parser switches
// to it when more than one story in 20 is older than the one before. Input
// in date order keeps the size it was given.
TEST(LineReaderTest, BatchesGrowWhenStoryDatesGoBack) {
  testing::TempDir dir;
  auto stories = [](bool shuffled) {
    std::string data;
    for (int i = 0; i < 30000; ++i) {
      Date d = Date::FromYmd(2010, 1, 1);
      d.days += shuffled ? (i * 7919) % 3650 : i / 10;
      data += WithValue(WithValue(kGood, "story_id", "\"s" + std::to_string(i) + "\""), "date",
                        "\"" + d.ToIso() + "\"") + "\n";
    }
    return data;
  };
  EXPECT_EQ(BatchEventCounts(dir, stories(false), 2000, 10000), (std::vector<size_t>(15, 2000)));
  // The first batch (2,000 events) shows the dates going back; the next
  // ones grow x4 up to 10,000.
  EXPECT_EQ(BatchEventCounts(dir, stories(true), 2000, 10000), (std::vector<size_t>{2000, 8000, 10000, 10000}));
  // Without large_batch_events the size stays.
  EXPECT_EQ(BatchEventCounts(dir, stories(true), 2000), (std::vector<size_t>(15, 2000)));
}

}  // namespace
}  // namespace dyad
