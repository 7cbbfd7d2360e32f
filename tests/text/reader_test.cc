#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "dyad/reader.h"

namespace dyad {
namespace {

std::string Gzip(const std::string& in) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, in.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Zstd(const std::string& in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

struct ReadAll {
  std::vector<Story> stories;
  std::vector<ReadProblem> problems;
  Status status;
};

ReadAll Read(const std::string& name, const std::string& data, ReaderOptions opt = {}) {
  ReadAll r;
  auto reader = StoryReader::FromBuffer(name, data, opt);
  if (!reader.ok()) {
    r.status = reader.status();
    return r;
  }
  Story s;
  while (true) {
    auto more = (*reader)->Next(s);
    if (!more.ok()) {
      r.status = more.status();
      break;
    }
    if (!*more) break;
    r.stories.push_back(s);
  }
  r.problems = (*reader)->problems();
  return r;
}

const std::string kJsonl =
    "{\"id\": \"a1\", \"date\": \"2005-07-15\", \"title\": \"T\", \"text\": \"Iran pledged aid.\", \"source\": \"X\"}\n"
    "\n"
    "{\"id\": \"a2\", \"date\": \"2005-07-16\", \"text\": \"Iraq \\u201Cthanked\\u201D Iran.\", \"url\": \"http://x\"}\n";

TEST(JsonlReader, ReadsStories) {
  ReadAll r = Read("news.jsonl", kJsonl);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.stories.size(), 2u);
  EXPECT_EQ(r.stories[0].id, "a1");
  EXPECT_EQ(r.stories[0].date.ToIso(), "2005-07-15");
  EXPECT_EQ(r.stories[0].title, "T");
  EXPECT_EQ(r.stories[0].source, "X");
  EXPECT_EQ(r.stories[0].origin_file, "news.jsonl");
  EXPECT_EQ(r.stories[0].origin_line, 1u);
  EXPECT_EQ(r.stories[1].text, "Iraq \u201Cthanked\u201D Iran.");
  EXPECT_EQ(r.stories[1].url, "http://x");
  EXPECT_EQ(r.stories[1].origin_line, 3u);
  EXPECT_TRUE(r.problems.empty());
}

TEST(JsonlReader, MalformedRecordsAreReportedWithLineAndSkipped) {
  const std::string data =
      "{\"id\": \"ok1\", \"date\": \"2005-07-15\", \"text\": \"A.\"}\n"
      "{\"id\": \"b1\", \"date\": \"2005-02-30\", \"text\": \"bad date\"}\n"
      "{\"date\": \"2005-07-15\", \"text\": \"no id\"}\n"
      "{\"id\": \"b3\", \"date\": \"2005-07-15\"}\n"
      "{\"id\": \"b4\", \"date\": \"2005-07-15\", \"text\": \"broken\"\n"
      "[1, 2]\n"
      "{\"id\": \"ok2\", \"date\": \"2005-07-16T10:00:00Z\", \"text\": \"B.\", \"extra\": {\"k\": [1]}}\n";
  ReadAll r = Read("in.jsonl", data);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.stories.size(), 2u);
  EXPECT_EQ(r.stories[1].id, "ok2");
  EXPECT_EQ(r.stories[1].origin_line, 7u);
  ASSERT_EQ(r.problems.size(), 5u);
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_EQ(r.problems[0].story_id, "b1");
  EXPECT_NE(r.problems[0].message.find("date"), std::string::npos);
  EXPECT_EQ(r.problems[1].line, 3u);
  EXPECT_NE(r.problems[1].message.find("id"), std::string::npos);
  EXPECT_EQ(r.problems[2].line, 4u);
  EXPECT_NE(r.problems[2].message.find("text"), std::string::npos);
  EXPECT_EQ(r.problems[3].line, 5u);
  EXPECT_NE(r.problems[3].message.find("JSON"), std::string::npos);
  EXPECT_EQ(r.problems[4].line, 6u);
  EXPECT_NE(r.problems[0].ToString().find("in.jsonl:2: story b1:"), std::string::npos);
}

// The reader fills the caller's Story in place and keeps the last date it
// parsed: no field of one story may leak into the next, and a date is
// checked whenever its text differs from the last good one.
TEST(JsonlReader, ReusedStoryAndRepeatedDates) {
  const std::string data =
      "{\"id\": \"s1\", \"date\": \"2005-07-15\", \"title\": \"T1\", \"text\": \"A.\", \"url\": \"u\", "
      "\"source\": \"src\"}\n"
      "{\"id\": \"s2\", \"date\": \"2005-07-15\", \"text\": \"B.\"}\n"
      "{\"id\": \"b1\", \"date\": \"\", \"text\": \"empty date\"}\n"
      "{\"id\": \"s3\", \"date\": \"2005-07-15T01:02:03Z\", \"text\": \"C.\"}\n"
      "{\"id\": \"b2\", \"date\": \"2005-02-30\", \"text\": \"bad\"}\n"
      "{\"id\": \"b3\", \"date\": \"2005-02-30\", \"text\": \"bad again\"}\n"
      "{\"id\": \"s4\", \"date\": \"2005-07-16\", \"text\": \"D.\"}\n"
      "{\"id\": \"b4\", \"text\": \"no date\"}\n"
      "{\"id\": \"s5\", \"date\": \"20050716\", \"text\": \"E.\"}\n"
      "{\"id\": \"s6\", \"date\": \"2005-07-15\", \"text\": \"F.\"}\n";
  ReadAll r = Read("in.jsonl", data);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.stories.size(), 6u);
  const char* want_dates[] = {"2005-07-15", "2005-07-15", "2005-07-15", "2005-07-16", "2005-07-16", "2005-07-15"};
  for (size_t k = 0; k < 6; ++k) {
    EXPECT_EQ(r.stories[k].id, "s" + std::to_string(k + 1));
    EXPECT_EQ(r.stories[k].date.ToIso(), want_dates[k]) << k;
  }
  EXPECT_EQ(r.stories[0].title, "T1");
  EXPECT_EQ(r.stories[0].url, "u");
  EXPECT_EQ(r.stories[1].title, "");
  EXPECT_EQ(r.stories[1].url, "");
  EXPECT_EQ(r.stories[1].source, "");
  EXPECT_EQ(r.stories[1].text, "B.");
  EXPECT_EQ(r.stories[3].origin_line, 7u);
  ASSERT_EQ(r.problems.size(), 4u);
  EXPECT_EQ(r.problems[0].story_id, "b1");
  EXPECT_EQ(r.problems[1].story_id, "b2");
  EXPECT_EQ(r.problems[2].story_id, "b3");
  EXPECT_EQ(r.problems[3].story_id, "b4");
}

// Lines longer than the reader's 64 KB chunks, and many short ones after
// them, come back whole.
TEST(JsonlReader, LinesAcrossManyChunks) {
  std::string data;
  std::vector<std::string> texts;
  std::mt19937 rng(7);
  for (int k = 0; k < 300; ++k) {
    const size_t len = k % 50 == 3 ? 150000 + rng() % 70000 : 1 + rng() % 400;
    std::string text(len, 'a');
    for (char& c : text) c = static_cast<char>('a' + rng() % 26);
    texts.push_back(text);
    data += "{\"id\": \"" + std::to_string(k) + "\", \"date\": \"2005-07-15\", \"text\": \"" + text + "\"}\n";
  }
  ReadAll r = Read("in.jsonl", data);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.stories.size(), texts.size());
  for (size_t k = 0; k < texts.size(); ++k) {
    EXPECT_EQ(r.stories[k].text, texts[k]) << k;
    EXPECT_EQ(r.stories[k].origin_line, k + 1);
  }
}

// JSONL lines are parsed in the reader's buffer (no copy): the record-size
// limit counts the line's bytes before a "\r" is dropped, an over-long line
// is skipped whole even across many chunks, CRLF endings and a last line
// without a newline are read.
TEST(JsonlReader, LineLimitsAndEndingsInPlace) {
  const std::string rec = "{\"id\": \"a\", \"date\": \"2005-07-15\", \"text\": \"A.\"}";
  ReaderOptions opt;
  opt.max_record_bytes = rec.size();
  const std::string huge = "{\"id\": \"h\", \"date\": \"2005-07-15\", \"text\": \"" + std::string(300000, 'y') + "\"}";
  const std::string data = rec + "\n" + rec + "\r\n" + huge + "\n" + rec + " \n" + rec;
  ReadAll r = Read("in.jsonl", data, opt);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.stories.size(), 2u);
  EXPECT_EQ(r.stories[0].origin_line, 1u);
  EXPECT_EQ(r.stories[1].origin_line, 5u);
  ASSERT_EQ(r.problems.size(), 3u);
  EXPECT_EQ(r.problems[0].line, 2u);  // one byte over with its "\r"
  EXPECT_EQ(r.problems[1].line, 3u);
  EXPECT_EQ(r.problems[2].line, 4u);  // one byte over with its trailing space
  for (const ReadProblem& p : r.problems) EXPECT_EQ(p.code, Status::Code::kLimitExceeded);
  // With room for them, the same lines are read whole.
  ReadAll all = Read("in.jsonl", data);
  ASSERT_TRUE(all.status.ok());
  ASSERT_EQ(all.stories.size(), 5u);
  EXPECT_EQ(all.stories[2].text, std::string(300000, 'y'));
  EXPECT_EQ(all.stories[4].origin_line, 5u);
  EXPECT_TRUE(all.problems.empty());
}

TEST(JsonlReader, StrictModeStopsAtFirstProblem) {
  ReaderOptions opt;
  opt.strict = true;
  ReadAll r = Read("in.jsonl", "{\"id\": \"a\", \"date\": \"2005-07-15\", \"text\": \"A.\"}\n{oops\n", opt);
  EXPECT_EQ(r.stories.size(), 1u);
  EXPECT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.code(), Status::Code::kParseError);
  EXPECT_NE(r.status.message().find("in.jsonl:2"), std::string::npos) << r.status.message();
}

TEST(JsonlReader, RecordSizeLimit) {
  ReaderOptions opt;
  opt.max_record_bytes = 100;
  std::string big = "{\"id\": \"big\", \"date\": \"2005-07-15\", \"text\": \"" + std::string(500, 'x') + "\"}\n";
  ReadAll r = Read("in.jsonl", big + "{\"id\": \"s\", \"date\": \"2005-07-15\", \"text\": \"A.\"}\n", opt);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.stories.size(), 1u);
  EXPECT_EQ(r.stories[0].origin_line, 2u);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].code, Status::Code::kLimitExceeded);
  EXPECT_EQ(r.problems[0].line, 1u);
}

TEST(Reader, CompressedInputIsDetectedByMagicBytes) {
  for (const std::string& packed : {Gzip(kJsonl), Zstd(kJsonl), Gzip(kJsonl) + Gzip(kJsonl)}) {
    ReadAll r = Read("stream.bin", packed);  // no telling extension: content says JSONL
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    EXPECT_GE(r.stories.size(), 2u);
    EXPECT_EQ(r.stories[1].id, "a2");
  }
}

TEST(Reader, CorruptCompressedInputIsAnError) {
  std::string gz = Gzip(kJsonl);
  gz.resize(gz.size() / 2);
  EXPECT_FALSE(Read("x.gz", gz).status.ok());
  std::string zs = Zstd(kJsonl);
  zs[zs.size() / 2] ^= 0x55;
  zs.resize(zs.size() - 3);
  EXPECT_FALSE(Read("x.zst", zs).status.ok());
}

TEST(Reader, OpensFilesAndReportsMissingOnes) {
  const char* bin = std::getenv("DYAD_BINARY_DIR");
  const std::string path = std::string(bin ? bin : "/tmp") + "/text_reader_test.jsonl.zst";
  {
    std::ofstream out(path, std::ios::binary);
    out << Zstd(kJsonl);
  }
  auto r = StoryReader::Open(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->format(), StoryFormat::kJsonl);
  Story s;
  auto more = (*r)->Next(s);
  ASSERT_TRUE(more.ok());
  EXPECT_TRUE(*more);
  EXPECT_EQ(s.id, "a1");
  std::remove(path.c_str());
  auto missing = StoryReader::Open("/nonexistent/dir/x.jsonl");
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
}

TEST(Reader, ReadsStandardInput) {
  const char* bin = std::getenv("DYAD_BINARY_DIR");
  const std::string path = std::string(bin ? bin : "/tmp") + "/text_reader_stdin_test.gz";
  {
    std::ofstream out(path, std::ios::binary);
    out << Gzip("950101 DEMO-01\nArnor restored ties with Gondor.\n\n950102 DEMO-02\nGondor agreed.\n");
  }
  ASSERT_NE(std::freopen(path.c_str(), "rb", stdin), nullptr);
  auto r = StoryReader::Open("-");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->format(), StoryFormat::kTabari);
  Story s;
  std::vector<std::string> ids;
  while (true) {
    auto more = (*r)->Next(s);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    EXPECT_EQ(s.origin_file, "-");
    ids.push_back(s.id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"DEMO-01", "DEMO-02"}));
  std::remove(path.c_str());
}

TEST(JsonlReader, NumericIdsAndNulls) {
  ReadAll r = Read("n.jsonl", "{\"id\": 17, \"date\": \"2005-07-15\", \"title\": null, \"text\": \"A.\"}\n");
  ASSERT_EQ(r.stories.size(), 1u);
  EXPECT_EQ(r.stories[0].id, "17");
  EXPECT_TRUE(r.stories[0].title.empty());
}

TEST(Reader, DetectsFormats) {
  EXPECT_EQ(DetectStoryFormat("a.jsonl.gz", ""), StoryFormat::kJsonl);
  EXPECT_EQ(DetectStoryFormat("a.XML", ""), StoryFormat::kPetrarchXml);
  EXPECT_EQ(DetectStoryFormat("-", "  {\"id\":1}"), StoryFormat::kJsonl);
  EXPECT_EQ(DetectStoryFormat("-", "<Sentences>"), StoryFormat::kPetrarchXml);
  EXPECT_EQ(DetectStoryFormat("demo", "950101 DEMO-01\nArnor ..."), StoryFormat::kTabari);
  EXPECT_EQ(DetectStoryFormat("story.txt", "Iraq and Iran signed."), StoryFormat::kText);
  EXPECT_EQ(DetectStoryFormat("demo", "# comment\n\n950101 A\nx\n\n950102 B\ny\n"), StoryFormat::kTabari);
  EXPECT_EQ(DetectStoryFormat("t.txt", "Intro\n\n200000 people marched.\n"), StoryFormat::kText);
  EXPECT_EQ(ParseStoryFormat("tabari"), StoryFormat::kTabari);
  EXPECT_FALSE(ParseStoryFormat("word").has_value());
}

TEST(TextReader, WholeFileIsOneStory) {
  ReaderOptions opt;
  opt.text_date = Date::FromYmd(2005, 7, 15);
  ReadAll r = Read("dir/iraq-iran.txt", "Iraq asked Iran for help.\n\nIran agreed.\n", opt);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.stories.size(), 1u);
  EXPECT_EQ(r.stories[0].id, "iraq-iran");
  EXPECT_EQ(r.stories[0].date.ToIso(), "2005-07-15");
  EXPECT_EQ(r.stories[0].text, "Iraq asked Iran for help.\n\nIran agreed.\n");
}

TEST(TextReader, NeedsADate) {
  auto r = StoryReader::FromBuffer("x.txt", "Some text.");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
}

TEST(TextReader, InvalidUtf8IsReplacedAndReported) {
  ReaderOptions opt;
  opt.text_date = Date::FromYmd(2005, 7, 15);
  ReadAll r = Read("x.txt", "Iran \xff agreed.", opt);
  ASSERT_EQ(r.stories.size(), 1u);
  EXPECT_EQ(r.stories[0].text, "Iran \xEF\xBF\xBD agreed.");
  EXPECT_EQ(r.problems.size(), 1u);
}

TEST(TabariReader, RecordsCommentsAndBlocks) {
  const std::string data =
      "# a comment block that is ignored\n"
      "with two lines\n"
      "\n"
      "950101 DEMO-01\n"
      "Arnor is about to restore full diplomatic ties with Gondor \n"
      "almost five years later./* a comment\n"
      "\\n{ ARN / GON / 064 } */\n"
      "\n"
      "\n"
      "9501xx BAD\n"
      "Text.\n"
      "\n"
      "20050715 LONG-DATE\n"
      "Iraq asked Iran for help.\n";
  ReaderOptions opt;
  opt.format = StoryFormat::kTabari;  // the leading comment block hides the format from detection
  ReadAll r = Read("demo.text", data, opt);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.stories.size(), 2u);
  EXPECT_EQ(r.stories[0].id, "DEMO-01");
  EXPECT_EQ(r.stories[0].date.ToIso(), "1995-01-01");
  EXPECT_EQ(r.stories[0].text,
            "Arnor is about to restore full diplomatic ties with Gondor almost five years later.");
  EXPECT_EQ(r.stories[0].origin_line, 4u);
  EXPECT_EQ(r.stories[1].id, "LONG-DATE");
  EXPECT_EQ(r.stories[1].date.ToIso(), "2005-07-15");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 10u);
}

TEST(XmlReader, ReadsSentences) {
  const std::string xml =
      "<?xml version=\"1.0\"?>\n"
      "<Sentences>\n"
      "<!-- a <comment> -->\n"
      "<Sentence date=\"19950101\" id=\"DEMO-00\" category=\"DEMO\">\n"
      "<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"/>\n"
      "<Text>\nArnor &amp; Gondor\n  restore &lt;ties&gt;.\n</Text>\n"
      "<Parse>(ROOT (S ...))</Parse>\n"
      "</Sentence>\n"
      "<Sentence date = '20050715' id =\"X-2\"><Text>Iran &quot;agreed&quot; &#233;&#x41;.</Text></Sentence>\n"
      "</Sentences>\n";
  ReadAll r = Read("in.xml", xml);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.stories.size(), 2u);
  EXPECT_EQ(r.stories[0].id, "DEMO-00");
  EXPECT_EQ(r.stories[0].text, "Arnor & Gondor restore <ties>.");
  EXPECT_EQ(r.stories[0].origin_line, 4u);
  EXPECT_EQ(r.stories[1].date.ToIso(), "2005-07-15");
  EXPECT_EQ(r.stories[1].text, "Iran \"agreed\" \u00e9A.");
  EXPECT_TRUE(r.problems.empty());
}

TEST(XmlReader, MalformedXmlIsReportedWithLineNumbers) {
  const std::string xml =
      "<Sentences>\n"
      "<Sentence date=\"19950101\" id=\"A\"><Text>One.</Text></Sentence>\n"
      "<Sentence date=\"19950101\" id=\"B\"><Text>Two < three.</Text></Sentence>\n"
      "<Sentence date=\"1995x101\" id=\"C\"><Text>Bad date.</Text></Sentence>\n"
      "<Sentence date=\"19950102\" id=\"D\"><Text>Four.</Text></Sentence>\n"
      "<Sentence date=\"19950102\" id=\"E\"><Text>Five.</Txet></Sentence>\n"
      "<Sentence date=\"19950102\" id=\"F\"><Text>Six.</Text></Sentence>\n"
      "<!-- never closed\n";
  ReadAll r = Read("bad.xml", xml);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  std::vector<std::string> ids;
  for (const auto& s : r.stories) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"A", "D", "E", "F"}));
  ASSERT_GE(r.problems.size(), 4u);
  EXPECT_EQ(r.problems[0].line, 3u);
  EXPECT_EQ(r.problems[0].column, 44u);
  EXPECT_EQ(r.problems[1].line, 4u);
  EXPECT_EQ(r.problems[1].story_id, "C");
  EXPECT_EQ(r.problems[2].line, 6u);
  EXPECT_EQ(r.problems.back().line, 8u);
  ReaderOptions strict;
  strict.strict = true;
  ReadAll s = Read("bad.xml", xml, strict);
  EXPECT_EQ(s.stories.size(), 1u);
  EXPECT_NE(s.status.message().find("bad.xml:3:44"), std::string::npos) << s.status.message();
}

TEST(Reader, RandomBytesNeverCrash) {
  std::mt19937 rng(7);
  const std::vector<std::string> seeds = {
      kJsonl, "<Sentence date=\"19950101\" id=\"A\"><Text>x &amp; y</Text></Sentence>",
      "950101 DEMO-01\nArnor /* { A / B / 064 } */\n\n", Gzip(kJsonl), Zstd(kJsonl)};
  ReaderOptions opt;
  opt.text_date = Date::FromYmd(2005, 1, 1);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string data;
    if (iter % 3 == 0) {
      data.resize(rng() % 200);
      for (char& c : data) c = static_cast<char>(rng());
    } else {
      data = seeds[rng() % seeds.size()];
      const int flips = 1 + static_cast<int>(rng() % 8);
      for (int f = 0; f < flips && !data.empty(); ++f) data[rng() % data.size()] = static_cast<char>(rng());
      if (rng() % 2 && !data.empty()) data.resize(rng() % data.size());
    }
    for (StoryFormat f : {StoryFormat::kAuto, StoryFormat::kJsonl, StoryFormat::kPetrarchXml,
                          StoryFormat::kTabari, StoryFormat::kText}) {
      opt.format = f;
      ReadAll r = Read("fuzz", data, opt);
      for (const Story& s : r.stories) EXPECT_FALSE(s.id.empty());
    }
  }
}

TEST(Reader, ShippedExampleStory) {
  const char* src = std::getenv("DYAD_SOURCE_DIR");
  if (!src) src = DYAD_TEXT_TEST_SOURCE_DIR;
  ReaderOptions opt;
  opt.strict = true;
  auto r = StoryReader::Open(std::string(src) + "/data/examples/iraq-iran-2005.jsonl", opt);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Story s;
  auto more = (*r)->Next(s);
  ASSERT_TRUE(more.ok()) << more.status().ToString();
  ASSERT_TRUE(*more);
  EXPECT_EQ(s.date.year(), 2005);
  EXPECT_NE(s.text.find("Tehran"), std::string::npos);
  more = (*r)->Next(s);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
}

}  // namespace
}  // namespace dyad
