#include "dyad/output.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace dyad {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    if (tab == std::string::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

TextSpan SpanOf(const std::string& text, const std::string& piece) {
  size_t p = text.find(piece);
  EXPECT_NE(p, std::string::npos) << piece;
  return TextSpan{static_cast<uint32_t>(p), static_cast<uint32_t>(p + piece.size())};
}

// "Iran’s" has a 3-byte apostrophe (U+2019) before the verb.
Event IraqIran() {
  Event e;
  e.story_id = "trumpet-2005-07";
  e.sentence = 1;
  e.date = Date::FromYmd(2005, 7, 15);
  e.source = "IRQGOV";
  e.target = "IRN";
  e.code = "042";
  e.sentence_text = "Iran\xE2\x80\x99s ally, Iraq\xE2\x80\x99s defense minister, visited Tehran.";
  e.source_span = SpanOf(e.sentence_text, "Iraq\xE2\x80\x99s defense minister");
  e.target_span = SpanOf(e.sentence_text, "Tehran");
  e.verb_span = SpanOf(e.sentence_text, "visited");
  e.story_url = "http://example.org/a";
  e.story_source = "theTrumpet";
  return e;
}

TEST(Output, CanonicalDump) {
  EXPECT_EQ(CanonicalDump(IraqIran()), "IRQGOV>IRN 042 \"visited\"");
  Event e = IraqIran();
  e.target.clear();
  e.verb_span = {};
  EXPECT_EQ(CanonicalDump(e), "IRQGOV>--- 042 \"\"");
  e.sentence_text = "They said \"no\" again";
  e.verb_span = SpanOf(e.sentence_text, "said \"no\"");
  EXPECT_EQ(CanonicalDump(e), "IRQGOV>--- 042 \"said \\\"no\\\"\"");
}

TEST(Output, CodePointOffsets) {
  const std::string s = "Iran\xE2\x80\x99s visit";  // 4 + 3 + 1 + 6 bytes
  EXPECT_EQ(CodePointOffset(s, 0), 0u);
  EXPECT_EQ(CodePointOffset(s, 4), 4u);
  EXPECT_EQ(CodePointOffset(s, 7), 5u);   // after the apostrophe
  EXPECT_EQ(CodePointOffset(s, 8), 6u);
  EXPECT_EQ(CodePointOffset(s, 14), 12u);
  EXPECT_EQ(CodePointOffset(s, 999), 12u);  // clamps
  EXPECT_EQ(CodePointOffset("\xF0\x9F\x98\x80x", 5), 2u);  // 4-byte emoji
  EXPECT_EQ(CodePointOffset("a\xFF\xFE" "b", 4), 4u);       // each invalid byte counts once
}

TEST(Output, JsonEscaping) {
  std::string out;
  AppendJsonEscaped("a\"b\\c\nd\te\x01\x1f", &out);
  EXPECT_EQ(out, "a\\\"b\\\\c\\nd\\te\\u0001\\u001f");
  out.clear();
  AppendJsonEscaped("caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80", &out);  // valid UTF-8 passes through
  EXPECT_EQ(out, "caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80");
}

TEST(Output, InvalidUtf8BecomesReplacementCharacter) {
  const std::string rep = "\xEF\xBF\xBD";
  struct Case {
    std::string in, want;
  };
  const std::vector<Case> cases = {
      {"a\xFF" "b", "a" + rep + "b"},
      {"\x80", rep},                              // lone continuation byte
      {"\xC0\xAF", rep + rep},                    // overlong '/'
      {"\xE2\x80", rep + rep},                    // truncated at end
      {"\xE2\x80x", rep + rep + "x"},             // truncated before ASCII
      {"\xED\xA0\x80", rep + rep + rep},          // UTF-16 surrogate
      {"\xF4\x90\x80\x80", rep + rep + rep + rep},  // above U+10FFFF
      {"\xF5", rep},
  };
  for (const Case& c : cases) {
    std::string out;
    AppendJsonEscaped(c.in, &out);
    EXPECT_EQ(out, c.want);
    // Whatever the bytes, the result parses as JSON.
    EXPECT_TRUE(nlohmann::json::accept("\"" + out + "\""));
  }
  // Every single byte value and pairs of them yield valid JSON.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; b += 7) {
      std::string in{static_cast<char>(a), static_cast<char>(b), static_cast<char>(0xE2)};
      std::string out;
      AppendJsonEscaped(in, &out);
      ASSERT_TRUE(nlohmann::json::accept("\"" + out + "\"")) << a << " " << b;
    }
  }
}

TEST(Output, JsonlGolden) {
  std::string out;
  AppendJsonl(IraqIran(), CameoTable::Default(), &out);
  const std::string want =
      "{\"story_id\":\"trumpet-2005-07\",\"sentence\":1,\"date\":\"2005-07-15\",\"source\":\"IRQGOV\","
      "\"target\":\"IRN\",\"source_country\":\"IRQ\",\"target_country\":\"IRN\",\"code\":\"042\",\"root\":\"04\","
      "\"quad_class\":1,\"goldstein\":1.9,\"plover\":\"CONSULT\","
      "\"text\":\"Iran\xE2\x80\x99s ally, Iraq\xE2\x80\x99s defense minister, visited Tehran.\","
      "\"evidence\":{\"source\":{\"text\":\"Iraq\xE2\x80\x99s defense minister\",\"start\":13,\"end\":36},"
      "\"target\":{\"text\":\"Tehran\",\"start\":46,\"end\":52},"
      "\"verb\":{\"text\":\"visited\",\"start\":38,\"end\":45}},"
      "\"url\":\"http://example.org/a\",\"story_source\":\"theTrumpet\"}\n";
  EXPECT_EQ(out, want);
}

TEST(Output, JsonlOffsetsIndexCodePoints) {
  Event e = IraqIran();
  std::string out;
  AppendJsonl(e, CameoTable::Default(), &out);
  nlohmann::json j = nlohmann::json::parse(out);
  // Decode the sentence to code points and check each evidence slice.
  std::u32string cps;
  const std::string& t = e.sentence_text;
  for (size_t i = 0; i < t.size();) {
    auto c = static_cast<unsigned char>(t[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    cps.push_back(c);
    i += static_cast<size_t>(len);
  }
  for (const char* k : {"source", "target", "verb"}) {
    const auto& ev = j["evidence"][k];
    size_t start = ev["start"], end = ev["end"];
    ASSERT_LE(start, end);
    ASSERT_LE(end, cps.size());
    std::string text = ev["text"];
    EXPECT_EQ(t.find(text), t.find(text));  // present
    // Code point length of the evidence text equals end - start.
    EXPECT_EQ(CodePointOffset(text, static_cast<uint32_t>(text.size())), end - start) << k;
    EXPECT_EQ(CodePointOffset(t, static_cast<uint32_t>(t.find(text))), start) << k;
  }
  EXPECT_EQ(j["evidence"]["verb"]["start"], 38);
}

TEST(Output, JsonlIssuesUnknownCodesEmptySpansAndFallback) {
  Event e = IraqIran();
  e.issues = {"NUCLEAR 1", "SECURITY \"x\" 2"};
  e.story_url.clear();
  e.story_source.clear();
  e.target_span = {};
  e.verb_span = {999, 1005};  // past the end: no evidence rather than a crash
  e.code = "0110";            // Phoenix-only code: falls back to 011
  std::string out;
  AppendJsonl(e, CameoTable::Default(), &out);
  nlohmann::json j = nlohmann::json::parse(out);
  EXPECT_FALSE(j.contains("url"));
  EXPECT_FALSE(j.contains("story_source"));
  EXPECT_EQ(j["issues"], nlohmann::json({"NUCLEAR 1", "SECURITY \"x\" 2"}));
  EXPECT_TRUE(j["evidence"]["target"].is_null());
  EXPECT_TRUE(j["evidence"]["verb"].is_null());
  EXPECT_EQ(j["code"], "0110");
  EXPECT_EQ(j["code_parent"], "011");
  EXPECT_EQ(j["root"], "01");
  EXPECT_EQ(j["quad_class"], 1);
  EXPECT_DOUBLE_EQ(j["goldstein"].get<double>(), -0.1);

  e.code = "XYZ";
  out.clear();
  AppendJsonl(e, CameoTable::Default(), &out);
  j = nlohmann::json::parse(out);
  EXPECT_TRUE(j["quad_class"].is_null());
  EXPECT_TRUE(j["goldstein"].is_null());
  EXPECT_TRUE(j["plover"].is_null());
  EXPECT_EQ(j["root"], "");
}

TEST(Output, JsonlSurvivesInvalidUtf8Everywhere) {
  Event e = IraqIran();
  e.story_id = "bad\xFFid";
  e.source = "IR\xC3";
  e.sentence_text = "Ir\xE2\x80q\xFF visited\n\"Tehran\"";
  e.source_span = {0, 5};
  e.verb_span = {7, 14};
  e.target_span = {3, 4};  // starts inside a broken sequence
  std::string out;
  AppendJsonl(e, CameoTable::Default(), &out);
  ASSERT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find('\n'), out.size() - 1);  // one line
  nlohmann::json j;
  ASSERT_NO_THROW(j = nlohmann::json::parse(out));
  EXPECT_EQ(j["story_id"], "bad\xEF\xBF\xBDid");
  EXPECT_EQ(j["evidence"]["verb"]["text"], "visited");
  EXPECT_EQ(j["evidence"]["verb"]["start"], 7);  // I r FFFD FFFD q FFFD ' '
}

TEST(Output, TsvGolden) {
  std::string out;
  Event e = IraqIran();
  AppendTsv(e, &out);
  EXPECT_EQ(out, "20050715\tIRQGOV\tIRN\t042\t\ttrumpet-2005-07-01\ttheTrumpet\thttp://example.org/a\n");
  out.clear();
  e.issues = {"NUCLEAR 1", "OIL 2"};
  e.source.clear();
  e.story_id = "a\tb";
  e.sentence = 12;
  AppendTsv(e, &out);
  EXPECT_EQ(out, "20050715\t---\tIRN\t042\tNUCLEAR 1, OIL 2\ta b-12\ttheTrumpet\thttp://example.org/a\n");
  EXPECT_EQ(SplitTabs(out.substr(0, out.size() - 1)).size(), 8u);
}

TEST(Output, GdeltGolden) {
  OutputOptions opt;
  opt.date_added = Date::FromYmd(2005, 7, 16);
  std::string out;
  AppendGdelt(IraqIran(), CameoTable::Default(), 42, opt, &out);
  const std::string want =
      "42\t20050715\t200507\t2005\t2005.5342\t"
      "IRQGOV\tIRAQ\tIRQ\t\t\t\t\tGOV\t\t\t"
      "IRN\tIRAN\tIRN\t\t\t\t\t\t\t\t"
      "1\t042\t042\t04\t1\t1.9\t1\t1\t1\t"
      "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t"
      "20050716\thttp://example.org/a\n";
  EXPECT_EQ(out, want);
  std::vector<std::string> f = SplitTabs(out.substr(0, out.size() - 1));
  ASSERT_EQ(f.size(), 58u);
  EXPECT_EQ(f[56], "20050716");
  EXPECT_EQ(f[57], "http://example.org/a");
}

TEST(Output, GdeltActorsAndOddCodes) {
  Event e = IraqIran();
  e.source = "IGOWSTNAT";
  e.target = "";
  e.code = "1031";
  e.sentence = 5;
  e.story_url = "http://x/\ty";
  std::string out;
  AppendGdelt(e, CameoTable::Default(), 7, OutputOptions{}, &out);
  std::vector<std::string> f = SplitTabs(out.substr(0, out.size() - 1));
  ASSERT_EQ(f.size(), 58u);
  EXPECT_EQ(f[5], "IGOWSTNAT");
  EXPECT_EQ(f[6], "THE WEST");
  EXPECT_EQ(f[7], "WST");
  EXPECT_EQ(f[8], "NAT");
  EXPECT_EQ(f[12], "IGO");
  EXPECT_EQ(f[15], "");      // no target
  EXPECT_EQ(f[25], "0");     // not a root event
  EXPECT_EQ(f[26], "1031");
  EXPECT_EQ(f[27], "103");
  EXPECT_EQ(f[28], "10");
  EXPECT_EQ(f[29], "3");
  EXPECT_EQ(f[30], "-5.0");
  EXPECT_EQ(f[56], "20050715");  // DATEADDED defaults to the event date
  EXPECT_EQ(f[57], "http://x/ y");

  e.code = "garbage";
  out.clear();
  AppendGdelt(e, CameoTable::Default(), 7, OutputOptions{}, &out);
  f = SplitTabs(out.substr(0, out.size() - 1));
  ASSERT_EQ(f.size(), 58u);
  EXPECT_EQ(f[29], "");
  EXPECT_EQ(f[30], "");
}

TEST(Output, StableEventIdIsStableAndDistinguishes) {
  Event a = IraqIran();
  Event b = a;
  EXPECT_EQ(StableEventId(a), StableEventId(b));
  EXPECT_LT(StableEventId(a), 1ULL << 53);
  b.sentence = 2;
  EXPECT_NE(StableEventId(a), StableEventId(b));
  b = a;
  b.code = "043";
  EXPECT_NE(StableEventId(a), StableEventId(b));
}

TEST(Output, WriterFactoryAndBuffering) {
  EXPECT_TRUE(IsOutputFormat("jsonl"));
  EXPECT_TRUE(IsOutputFormat("tsv"));
  EXPECT_TRUE(IsOutputFormat("gdelt"));
  EXPECT_FALSE(IsOutputFormat("xml"));
  std::ostringstream sink;
  auto bad = MakeWriter("xml", sink);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("unknown output format 'xml'"), std::string::npos);

  for (const char* fmt : {"jsonl", "tsv", "gdelt"}) {
    std::ostringstream os;
    OutputOptions opt;
    opt.buffer_bytes = 1000;  // forces several drains and leaves a tail
    opt.first_event_id = 100;
    auto w = MakeWriter(fmt, os, opt);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_EQ((*w)->format(), fmt);
    std::string expected;
    for (int i = 0; i < 51; ++i) {
      Event e = IraqIran();
      e.sentence = static_cast<uint32_t>(i);
      ASSERT_TRUE((*w)->Write(e).ok());
      if (std::string(fmt) == "jsonl") AppendJsonl(e, CameoTable::Default(), &expected);
      if (std::string(fmt) == "tsv") AppendTsv(e, &expected);
      if (std::string(fmt) == "gdelt") AppendGdelt(e, CameoTable::Default(), 100 + i, opt, &expected);
    }
    EXPECT_LT(os.str().size(), expected.size());  // something is still buffered
    EXPECT_GT(os.str().size(), 0u);               // and something was drained
    ASSERT_TRUE((*w)->Flush().ok());
    EXPECT_EQ(os.str(), expected) << fmt;
  }
}

TEST(Output, WriterToFileAndFlushOnDestruction) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    auto w = MakeWriter("tsv", f);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Write(IraqIran()).ok());
  }  // destructor flushes
  std::rewind(f);
  char buf[256] = {};
  size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  EXPECT_EQ(std::string(buf, n), "20050715\tIRQGOV\tIRN\t042\t\ttrumpet-2005-07-01\ttheTrumpet\thttp://example.org/a\n");
  EXPECT_FALSE(MakeWriter("tsv", static_cast<std::FILE*>(nullptr)).ok());
}

TEST(Output, WriterReportsStreamFailure) {
  std::ostringstream os;
  os.setstate(std::ios::badbit);
  auto w = MakeWriter("jsonl", os);
  ASSERT_TRUE(w.ok());
  EXPECT_TRUE((*w)->Write(IraqIran()).ok());  // buffered
  Status s = (*w)->Flush();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_FALSE((*w)->Write(IraqIran()).ok());  // the error sticks
}

// --- checks against GDELT's own sample rows ----------------------------------

std::string SharedDir() {
  const char* d = std::getenv("DYAD_SHARED_DIR");
  return d == nullptr ? std::string() : std::string(d);
}

// The sample is an R CSV export: quoted strings, NA for empty, no commas in
// the columns used here before SOURCEURL.
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

TEST(OutputShared, GdeltSampleCodesAreKnownWithMatchingGoldsteinAndQuadClass) {
  std::ifstream in(SharedDir() + "/data/codebook/gdelt_1.0_sample_2012.csv");
  if (SharedDir().empty() || !in) GTEST_SKIP() << "../shared is absent (DYAD_SHARED_DIR)";
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header = SplitCsv(line);
  ASSERT_EQ(header.size(), 58u);
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  int rows = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f = SplitCsv(line);
    ASSERT_EQ(f.size(), 58u) << line;
    const std::string& code = f[col["EventCode"]];
    SCOPED_TRACE(code);
    const CameoCode* c = CameoTable::Default().Find(code);
    ASSERT_NE(c, nullptr) << "GDELT code not Known()";
    EXPECT_EQ(c->goldstein_tenths, static_cast<int>(std::lround(std::stod(f[col["GoldsteinScale"]]) * 10)));
    EXPECT_EQ(c->quad_class, std::stoi(f[col["QuadClass"]]));
    EXPECT_EQ(c->root, f[col["EventRootCode"]]);
    // Our FractionDate and MonthYear formulas reproduce GDELT's.
    Event e;
    e.date = *Date::ParseCompact(f[col["SQLDATE"]]);
    e.code = code;
    std::string out;
    AppendGdelt(e, CameoTable::Default(), 1, OutputOptions{}, &out);
    std::vector<std::string> g = SplitTabs(out.substr(0, out.size() - 1));
    ASSERT_EQ(g.size(), 58u);
    EXPECT_EQ(g[2], f[col["MonthYear"]]);
    // The sample's R export drops trailing zeros ("2012.663"); we write 4 decimals.
    EXPECT_EQ(g[4].size(), 9u);
    EXPECT_NEAR(std::stod(g[4]), std::stod(f[col["FractionDate"]]), 1e-9);
    EXPECT_EQ(g[27], f[col["EventBaseCode"]]);
    // Actor country codes: where GDELT names a country/region, we agree.
    for (const char* a : {"Actor1", "Actor2"}) {
      const std::string& acode = f[col[std::string(a) + "Code"]];
      const std::string& cc = f[col[std::string(a) + "CountryCode"]];
      if (acode == "NA" || cc == "NA") continue;
      EXPECT_EQ(CameoTable::Default().CountryOrRegionOf(acode), cc) << acode;
    }
    ++rows;
  }
  EXPECT_EQ(rows, 200);
}

}  // namespace
}  // namespace dyad
