// Coder output -> StoryRecord.
#include "dyad/coder.h"
#include "dyad/store.h"

namespace dyad {
namespace {

// Code points in text[0, byte) (output formats count characters).
int32_t CharOffset(const std::string& text, uint32_t byte) {
  int32_t n = 0;
  for (size_t i = 0; i < byte && i < text.size(); ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

std::string SpanText(const std::string& text, const TextSpan& span) {
  if (span.empty() || span.begin >= text.size()) return "";
  return text.substr(span.begin, std::min<size_t>(span.end, text.size()) - span.begin);
}

}  // namespace

StoryRecord StoryRecordFromCoded(const Story& story, const CodedStory& coded, std::vector<std::string>* problems) {
  StoryRecord r;
  r.id = story.id;
  r.date = story.date;
  r.url = story.url;
  r.source = story.source;
  r.origin = story.origin_file + ":" + std::to_string(story.origin_line);
  for (const CodedSentence& s : coded.sentences) r.sentences.emplace_back(s.index, s.text);
  for (const Event& e : coded.events) {
    auto facts = LookupCameoCode(e.code);
    if (!facts) {
      if (problems)
        problems->push_back(r.origin + ": story " + story.id + ": unknown CAMEO code '" + e.code + "' (event skipped)");
      continue;
    }
    EventRecord x;
    x.story_id = story.id;
    x.sentence = e.sentence;
    x.date = e.date;
    x.source = e.source;
    x.target = e.target;
    x.source_country = PartyOf(e.source);
    x.target_country = PartyOf(e.target);
    x.code = e.code;
    x.root = facts->root;
    x.quad_class = facts->quad_class;
    x.goldstein = facts->goldstein;
    x.source_text = SpanText(e.sentence_text, e.source_span);
    x.target_text = SpanText(e.sentence_text, e.target_span);
    x.verb_text = SpanText(e.sentence_text, e.verb_span);
    if (!e.verb_span.empty()) {
      x.verb_start = CharOffset(e.sentence_text, e.verb_span.begin);
      x.verb_end = CharOffset(e.sentence_text, e.verb_span.end);
    }
    x.url = e.story_url;
    x.story_source = e.story_source;
    r.events.push_back(std::move(x));
  }
  return r;
}

}  // namespace dyad
