// CodeStream with several threads: the same stories, events and order as
// with one, whatever the batch size; errors stop it cleanly.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "dyad/pipeline.h"
#include "dyad/reader.h"
#include "test_coder.h"

namespace dyad {
namespace {

constexpr const char* kActors = R"(
IRAQ [IRQ]
IRAN [IRN]
SYRIA [SYR]
ISRAEL [ISR]
)";
constexpr const char* kVerbs = R"(
CONDEMN [122]
- * CONDEMN
VISIT [042]
- * VISIT
)";

std::string Jsonl(int n, int bad_at = -1) {
  const char* texts[] = {"Iraq condemned Israel.", "Iran visited Syria. Syria condemned Iraq.", "Nothing happened.",
                         "Israel condemned Iran. Iraq visited Iran. Syria condemned Israel."};
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i == bad_at) out += "{\"id\": broken\n";
    out += "{\"id\":\"s" + std::to_string(i) + "\",\"date\":\"2005-07-15\",\"text\":\"" + texts[i % 4] + "\"}\n";
  }
  return out;
}

// One line per story: its id and its events.
struct Collected {
  std::vector<std::string> lines;
  Status status;
};

Collected CodeAll(const Coder& coder, const std::string& data, int threads, size_t batch, bool strict = false,
              size_t fail_sink_at = SIZE_MAX) {
  Collected c;
  ReaderOptions options;
  options.strict = strict;
  auto reader = StoryReader::FromBuffer("t.jsonl", data, options);
  EXPECT_TRUE(reader.ok());
  if (!reader.ok()) return c;
  PipelineStats stats;
  c.status = CodeStream(
      coder, **reader, threads,
      [&](const Story& s, const CodedStory& cs) -> Status {
        if (c.lines.size() == fail_sink_at) return Status::IoError("sink full");
        std::string line = s.id + ":" + cs.story_id;
        for (const Event& e : cs.events) line += " " + e.source + ">" + e.target + "/" + e.code;
        c.lines.push_back(line);
        return Status::Ok();
      },
      &stats, batch);
  if (c.status.ok()) {
    EXPECT_EQ(stats.stories, c.lines.size());
  }
  return c;
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override { coder_.reset(test::MakeTestCoder("dyad_pipeline_test", {kActors, "", kVerbs, "", ""})); }
  std::unique_ptr<Coder> coder_;
};

TEST_F(PipelineTest, ThreadsGiveTheSameStoriesEventsAndOrder) {
  ASSERT_TRUE(coder_);
  const std::string data = Jsonl(1000);
  const Collected one = CodeAll(*coder_, data, 1, 256);
  ASSERT_TRUE(one.status.ok()) << one.status.ToString();
  ASSERT_EQ(one.lines.size(), 1000u);
  EXPECT_EQ(one.lines[0], "s0:s0 IRQ>ISR/122");
  for (int threads : {2, 3, 8}) {
    for (size_t batch : {size_t{1}, size_t{7}, size_t{256}, size_t{5000}}) {
      const Collected many = CodeAll(*coder_, data, threads, batch);
      ASSERT_TRUE(many.status.ok()) << many.status.ToString();
      EXPECT_EQ(many.lines, one.lines) << threads << " threads, batch " << batch;
    }
  }
}

TEST_F(PipelineTest, SinkErrorStopsEveryThreadCount) {
  ASSERT_TRUE(coder_);
  const std::string data = Jsonl(600);
  for (int threads : {1, 2, 4}) {
    const Collected c = CodeAll(*coder_, data, threads, 16, false, 100);
    EXPECT_EQ(c.status.ToString(), Status::IoError("sink full").ToString()) << threads;
    EXPECT_EQ(c.lines.size(), 100u) << threads;
  }
}

// A strict reader's error ends the stream after every story before it was
// delivered, with any number of threads.
TEST_F(PipelineTest, ReaderErrorComesAfterTheStoriesBeforeIt) {
  ASSERT_TRUE(coder_);
  const std::string data = Jsonl(300, 123);
  const Collected one = CodeAll(*coder_, data, 1, 16, true);
  ASSERT_FALSE(one.status.ok());
  EXPECT_NE(one.status.ToString().find("t.jsonl:124"), std::string::npos) << one.status.ToString();
  ASSERT_EQ(one.lines.size(), 123u);
  for (int threads : {2, 3}) {
    const Collected many = CodeAll(*coder_, data, threads, 16, true);
    EXPECT_EQ(many.status.ToString(), one.status.ToString()) << threads;
    EXPECT_EQ(many.lines, one.lines) << threads;
  }
}

}  // namespace
}  // namespace dyad
