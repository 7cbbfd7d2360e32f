#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "dyad/reader.h"

namespace dyad {
namespace {

std::string Shared(const std::string& rel) {
  const char* shared = std::getenv("DYAD_SHARED_DIR");
  if (!shared) return "";
  const std::string p = std::string(shared) + "/" + rel;
  return std::filesystem::exists(p) ? p : "";
}

TEST(PetrarchValidation, ParsesSmallDocument) {
  const std::string xml =
      "<Validation>\n<Environment>\n  <Verbfile>v.txt</Verbfile>\n  <Actorfile>a.txt</Actorfile>\n"
      "  <Config option=\"stop_on_error\" value=\"True\"></Config>\n</Environment>\n<Sentences>\n"
      "<Config option=\"require_dyad\" value=\"false\"></Config>\n"
      "<Sentence date=\"19950101\" id=\"A\" category=\"DEMO\" sentence=\"true\">\n"
      "<EventCoding sourcecode='\"THE MINISTRY\"' targetcode=\"GON\" eventcode=\"032\"></EventCoding>\n"
      "<EventCoding sourcecode=\"GON\" targetcode=\"ARN\" eventcode=\"033\"></EventCoding>\n"
      "<Text>Arnor left.</Text>\n</Sentence>\n"
      "<Sentence date=\"19950102\" id=\"B\" category=\"X\">\n<EventCoding noevents = \"True\"></EventCoding>\n"
      "<Text>Nothing.</Text></Sentence>\n"
      "<Sentence date=\"19950102\" id=\"C\" category=\"X\">\n<EventCoding error=\"storydiscard\"></EventCoding>\n"
      "<Text>Soccer.</Text></Sentence>\n</Sentences>\n</Validation>\n";
  auto v = ParsePetrarchValidation(xml, "t.xml");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->environment.Get("Verbfile"), "v.txt");
  EXPECT_EQ(v->environment.Get("Actorfile"), "a.txt");
  ASSERT_EQ(v->environment.config.size(), 1u);
  EXPECT_EQ(v->environment.config[0].first, "stop_on_error");
  ASSERT_EQ(v->records.size(), 3u);
  const PetrarchRecord& a = v->records[0];
  EXPECT_EQ(a.story.id, "A");
  EXPECT_EQ(a.category, "DEMO");
  ASSERT_EQ(a.config.size(), 1u);
  EXPECT_EQ(a.config[0].second, "false");
  ASSERT_EQ(a.events.size(), 2u);
  EXPECT_EQ(a.events[0].source, "\"THE MINISTRY\"");
  EXPECT_EQ(a.events[1].ToString(), "GON ARN 033");
  EXPECT_TRUE(v->records[1].expect_no_events);
  EXPECT_TRUE(v->records[1].config.empty());
  EXPECT_EQ(v->records[2].expect_error, "storydiscard");
}

TEST(PetrarchValidation, MalformedIsAnErrorWithLine) {
  auto v = ParsePetrarchValidation("<Sentences>\n<Sentence id=\"A\" date=\"19950101\">\n<Text>x</Text>\n", "t.xml");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("t.xml:2"), std::string::npos) << v.status().message();
}

TEST(PetrarchValidation, UnitTestRecords) {
  const std::string path = Shared("data/petrarch/PETR.UnitTest.records.dev.xml");
  if (path.empty()) GTEST_SKIP() << "../shared is absent (PETR.UnitTest.records.dev.xml)";
  auto v = ReadPetrarchValidation(path);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->records.size(), 143u);
  EXPECT_EQ(v->environment.Get("Verbfile"), "PETR.Validate.verbs.txt");
  EXPECT_EQ(v->environment.Get("Actorfile"), "PETR.Validate.actors.txt");
  EXPECT_EQ(v->environment.Get("Agentfile"), "PETR.Validate.agents.txt");
  EXPECT_EQ(v->environment.Get("Discardfile"), "PETR.Validate.discards.txt");
  size_t events = 0, noevents = 0, errors = 0, configs = 0;
  for (const PetrarchRecord& r : v->records) {
    EXPECT_FALSE(r.story.id.empty());
    EXPECT_FALSE(r.story.text.empty()) << r.story.id;
    EXPECT_EQ(r.story.text.find('\n'), std::string::npos);
    EXPECT_TRUE(!r.events.empty() || r.expect_no_events || !r.expect_error.empty()) << r.story.id;
    events += r.events.size();
    noevents += r.expect_no_events;
    errors += !r.expect_error.empty();
    configs += r.config.size();
  }
  EXPECT_EQ(events, 182u);
  EXPECT_EQ(noevents, 9u);
  EXPECT_EQ(errors, 3u);
  EXPECT_EQ(configs, 19u);  // 20 <Config> elements, one of them in <Environment>
  const PetrarchRecord& first = v->records.front();
  EXPECT_EQ(first.story.id, "DEMO-00");
  EXPECT_EQ(first.story.date.ToIso(), "1995-01-01");
  EXPECT_EQ(first.story.text,
            "Arnor is about to restore full diplomatic ties with Gondor almost five years after crowds trashed its "
            "embassy.");
  ASSERT_EQ(first.events.size(), 1u);
  EXPECT_EQ(first.events[0].ToString(), "ARN GON 064");
  EXPECT_EQ(v->records.back().story.id, "FINAL-RECORD");
  EXPECT_TRUE(v->records.back().expect_no_events);
}

TEST(TabariValidation, ParsesExpectations) {
  const std::string data =
      "950103 DEMO-04\nDagolath's minister left for Minas Tirith. \n/*\\n[Paired]\n"
      "\\n{ DAG / GON / 032 } 950103\n\\n{ GON / DAG / 033 } */\n\n"
      "950103 DEMO-05\nText./*\n\\n-{ DAG / ARN / 031 } 950103   */\n\n"
      "950105 D-1\nSoccer. /* \\n{###} */\n\n"
      "950105 C-1\nBlasted. /* {+++} {OPTION: DEFAULT: OFF} */\n\n"
      "950101 N-1\nNothing. /* No events { - - - } */\n";
  auto v = ParseTabariValidation(data, "demo");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  ASSERT_EQ(v->size(), 5u);
  const TabariRecord& r0 = (*v)[0];
  EXPECT_EQ(r0.story.text, "Dagolath's minister left for Minas Tirith.");
  ASSERT_EQ(r0.expect.events.size(), 2u);
  EXPECT_EQ(r0.expect.events[1].ToString(), "GON DAG 033");
  ASSERT_TRUE(r0.expect.events[0].date.has_value());
  EXPECT_EQ(r0.expect.events[0].date->ToIso(), "1995-01-03");
  EXPECT_TRUE((*v)[1].expect.partial);
  EXPECT_TRUE((*v)[1].expect.events.empty());
  ASSERT_EQ((*v)[1].expect.unchecked.size(), 1u);
  EXPECT_TRUE((*v)[2].expect.discard);
  EXPECT_TRUE((*v)[3].expect.complex);
  ASSERT_EQ((*v)[3].expect.options.size(), 1u);
  EXPECT_EQ((*v)[3].expect.options[0], "DEFAULT: OFF");
  EXPECT_TRUE((*v)[4].expect.no_events);
}

TEST(TabariValidation, BadExpectationIsAnError) {
  auto v = ParseTabariValidation("950101 X\n\n\n950101 Y\nText /* { A / B } */\n", "demo");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("line 4"), std::string::npos) << v.status().message();
}

TEST(TabariValidation, DemoFile) {
  const std::string path = Shared("data/tabari/TABARI.Demo.text");
  if (path.empty()) GTEST_SKIP() << "../shared is absent (TABARI.Demo.text)";
  auto v = ReadTabariValidation(path);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  ASSERT_EQ(v->size(), 46u);  // 45 DEMO/COMPOUND/... records plus the INTRO record
  size_t with_expectations = 0;
  for (const TabariRecord& r : *v) {
    EXPECT_FALSE(r.story.text.empty()) << r.story.id;
    EXPECT_EQ(r.story.text.find("/*"), std::string::npos) << r.story.id;
    with_expectations += !r.expect.empty();
  }
  EXPECT_EQ(with_expectations, 46u);
  EXPECT_EQ((*v)[0].story.id, "INTRO");
  EXPECT_TRUE((*v)[0].expect.no_events);
  const TabariRecord& d1 = (*v)[1];
  EXPECT_EQ(d1.story.id, "DEMO-01");
  EXPECT_EQ(d1.story.text,
            "Arnor is about to restore full diplomatic ties with Gondor almost five years after crowds trashed its "
            "embassy, a senior official said on Saturday.");
  ASSERT_EQ(d1.expect.events.size(), 1u);
  EXPECT_EQ(d1.expect.events[0].ToString(), "ARN GON 064");
  for (const TabariRecord& r : *v) {
    if (r.story.id == "DEMO-05") {
      EXPECT_TRUE(r.expect.partial);
      EXPECT_EQ(r.expect.unchecked.size(), 1u);
    }
    if (r.story.id == "DISCARD-01") {
      EXPECT_TRUE(r.expect.discard);
    }
    if (r.story.id == "COMPLEX-01") {
      EXPECT_TRUE(r.expect.complex);
    }
    if (r.story.id == "COMPOUND-06") {
      EXPECT_EQ(r.expect.events.size(), 4u);
    }  // comment never closed
    if (r.story.id == "COMPLEX-06") {
      EXPECT_EQ(r.expect.events.size(), 2u);
    }
  }
}

}  // namespace
}  // namespace dyad
