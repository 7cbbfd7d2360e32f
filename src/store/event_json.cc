#include "store/event_json.h"

#include <cmath>

namespace dyad::store {
namespace {

using simdjson::dom::element;

// Optional string field: absent and null give "".
bool Str(const element& obj, const char* key, std::string* out, std::string* err) {
  element v;
  if (obj[key].get(v)) {
    out->clear();
    return true;
  }
  if (v.is_null()) {
    out->clear();
    return true;
  }
  std::string_view s;
  if (v.get(s)) {
    *err = std::string("'") + key + "' must be a string";
    return false;
  }
  out->assign(s);
  return true;
}

// Evidence phrase: a string, or an object with "text" (and start/end).
void Phrase(const element& ev, const char* key, std::string* text, int32_t* start, int32_t* end) {
  element v;
  text->clear();
  if (ev[key].get(v)) return;
  std::string_view s;
  if (!v.get(s)) {
    text->assign(s);
    return;
  }
  if (!v["text"].get(s)) text->assign(s);
  int64_t n;
  if (start && !v["start"].get(n)) *start = static_cast<int32_t>(n);
  if (end && !v["end"].get(n)) *end = static_cast<int32_t>(n);
}

}  // namespace

std::string EventJsonParser::Parse(std::string_view line, EventRecord* out) {
  element doc;
  if (auto error = parser_.parse(line.data(), line.size()).get(doc))
    return std::string("broken JSON: ") + simdjson::error_message(error);
  if (!doc.is_object()) return "broken JSON: an event must be a JSON object";
  std::string err;
  std::string date;
  if (!Str(doc, "story_id", &out->story_id, &err) || !Str(doc, "date", &date, &err) ||
      !Str(doc, "source", &out->source, &err) || !Str(doc, "target", &out->target, &err) ||
      !Str(doc, "source_country", &out->source_country, &err) ||
      !Str(doc, "target_country", &out->target_country, &err) || !Str(doc, "code", &out->code, &err) ||
      !Str(doc, "plover", &out->plover, &err) || !Str(doc, "text", &out->text, &err) ||
      !Str(doc, "url", &out->url, &err) || !Str(doc, "story_source", &out->story_source, &err))
    return err;
  if (out->story_id.empty()) return "missing 'story_id'";
  if (out->source.empty() || out->target.empty()) return "missing 'source' or 'target' actor code";
  if (date.empty()) return "missing 'date'";
  auto d = Date::ParseIso(date);
  if (!d) return "impossible date '" + date + "' (expected YYYY-MM-DD)";
  out->date = *d;
  int64_t sentence = 0;
  element v;
  if (!doc["sentence"].get(v) && !v.is_null()) {
    if (v.get(sentence) || sentence < 0) return "'sentence' must be a non-negative integer";
  }
  out->sentence = static_cast<uint32_t>(sentence);
  if (out->code.empty()) return "missing 'code'";
  auto facts = LookupCameoCode(out->code);
  if (!facts) return "unknown CAMEO code '" + out->code + "'";
  out->root = facts->root;
  out->quad_class = facts->quad_class;
  double g = 0;
  if (!doc["goldstein"].get(v) && !v.is_null()) {
    if (v.get(g) || !std::isfinite(g) || g < -10 || g > 10) return "'goldstein' must be a number in [-10, 10]";
  } else if (facts->goldstein_known) {
    g = facts->goldstein;
  } else {
    return "missing 'goldstein' for code '" + out->code + "'";
  }
  out->goldstein = g;
  out->source_text.clear();
  out->target_text.clear();
  out->verb_text.clear();
  out->verb_start = out->verb_end = -1;
  element ev;
  if (!doc["evidence"].get(ev) && ev.is_object()) {
    Phrase(ev, "source", &out->source_text, nullptr, nullptr);
    Phrase(ev, "target", &out->target_text, nullptr, nullptr);
    Phrase(ev, "verb", &out->verb_text, &out->verb_start, &out->verb_end);
  }
  return "";
}

}  // namespace dyad::store

namespace dyad {
std::string ParseEventJson(std::string_view line, EventRecord* out) {
  store::EventJsonParser p;
  return p.Parse(line, out);
}
}  // namespace dyad
