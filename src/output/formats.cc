// The line formats: JSONL, PETRARCH TSV, GDELT 1.0, canonical dump.
#include <algorithm>
#include <charconv>
#include <string>

#include "dyad/output.h"

namespace dyad {
namespace {

void AppendUint(uint64_t v, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  out->append(buf, end);
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  out->append(buf, end);
}

// -54 -> "-5.4", 70 -> "7.0", -5 -> "-0.5".
void AppendTenths(int tenths, std::string* out) {
  if (tenths < 0) {
    out->push_back('-');
    tenths = -tenths;
  }
  AppendInt(tenths / 10, out);
  out->push_back('.');
  out->push_back(static_cast<char>('0' + tenths % 10));
}

void AppendPadded(int v, int width, std::string* out) {
  char buf[12];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  for (int k = static_cast<int>(end - buf); k < width; ++k) out->push_back('0');
  out->append(buf, end);
}

void AppendCompactDate(const Date& d, std::string* out) {
  int y, m, day;
  d.ToYmd(y, m, day);
  AppendPadded(y, 4, out);
  AppendPadded(m, 2, out);
  AppendPadded(day, 2, out);
}

void AppendIsoDate(const Date& d, std::string* out) {
  int y, m, day;
  d.ToYmd(y, m, day);
  AppendPadded(y, 4, out);
  out->push_back('-');
  AppendPadded(m, 2, out);
  out->push_back('-');
  AppendPadded(day, 2, out);
}

// A field of a tab-separated line: tabs, CR and LF become spaces.
void AppendField(std::string_view s, std::string* out) {
  size_t start = out->size();
  out->append(s);
  for (size_t i = start; i < out->size(); ++i) {
    char& c = (*out)[i];
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
}

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  AppendJsonEscaped(s, out);
  out->push_back('"');
}

void AppendSpan(std::string_view text, const TextSpan& span, std::string* out) {
  if (span.empty() || span.begin >= text.size()) {
    out->append("null");
    return;
  }
  uint32_t end = span.end > text.size() ? static_cast<uint32_t>(text.size()) : span.end;
  out->append("{\"text\":");
  AppendJsonString(text.substr(span.begin, end - span.begin), out);
  out->append(",\"start\":");
  uint32_t start_cp = CodePointOffset(text, span.begin);
  AppendUint(start_cp, out);
  out->append(",\"end\":");
  // Count only the span's own code points on top of start_cp.
  AppendUint(start_cp + CodePointOffset(text.substr(span.begin), end - span.begin), out);
  out->push_back('}');
}

std::string_view RootOf(std::string_view code) {
  if (code.size() >= 2 && code[0] >= '0' && code[0] <= '9' && code[1] >= '0' && code[1] <= '9')
    return code.substr(0, 2);
  return {};
}

std::string Upper(std::string_view s) {
  std::string r(s);
  for (char& c : r) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return r;
}

}  // namespace

std::string CanonicalDump(const Event& event) {
  std::string out;
  out.append(event.source.empty() ? std::string_view("---") : std::string_view(event.source));
  out.push_back('>');
  out.append(event.target.empty() ? std::string_view("---") : std::string_view(event.target));
  out.push_back(' ');
  out.append(event.code);
  out.append(" \"");
  const std::string& text = event.sentence_text;
  if (!event.verb_span.empty() && event.verb_span.begin < text.size()) {
    size_t end = std::min<size_t>(event.verb_span.end, text.size());
    for (size_t i = event.verb_span.begin; i < end; ++i) {
      if (text[i] == '"' || text[i] == '\\') out.push_back('\\');
      out.push_back(text[i]);
    }
  }
  out.push_back('"');
  return out;
}

void AppendJsonl(const Event& event, const CameoTable& table, std::string* out) {
  out->append("{\"story_id\":");
  AppendJsonString(event.story_id, out);
  out->append(",\"sentence\":");
  AppendUint(event.sentence, out);
  out->append(",\"date\":\"");
  AppendIsoDate(event.date, out);
  out->append("\",\"source\":");
  AppendJsonString(event.source, out);
  out->append(",\"target\":");
  AppendJsonString(event.target, out);
  out->append(",\"source_country\":");
  AppendJsonString(table.CountryOf(event.source), out);
  out->append(",\"target_country\":");
  AppendJsonString(table.CountryOf(event.target), out);
  out->append(",\"code\":");
  AppendJsonString(event.code, out);
  out->append(",\"root\":");
  AppendJsonString(RootOf(event.code), out);
  CameoLookup found = table.Lookup(event.code);
  out->append(",\"quad_class\":");
  if (found.ok()) {
    AppendInt(found.info->quad_class, out);
  } else {
    out->append("null");
  }
  out->append(",\"goldstein\":");
  if (found.ok()) {
    AppendTenths(found.info->goldstein_tenths, out);
  } else {
    out->append("null");
  }
  out->append(",\"plover\":");
  if (found.ok()) {
    AppendJsonString(found.info->plover_event, out);
  } else {
    out->append("null");
  }
  if (found.fell_back) {
    out->append(",\"code_parent\":");
    AppendJsonString(found.info->code, out);
  }
  out->append(",\"text\":");
  AppendJsonString(event.sentence_text, out);
  out->append(",\"evidence\":{\"source\":");
  AppendSpan(event.sentence_text, event.source_span, out);
  out->append(",\"target\":");
  AppendSpan(event.sentence_text, event.target_span, out);
  out->append(",\"verb\":");
  AppendSpan(event.sentence_text, event.verb_span, out);
  out->push_back('}');
  if (!event.story_url.empty()) {
    out->append(",\"url\":");
    AppendJsonString(event.story_url, out);
  }
  if (!event.story_source.empty()) {
    out->append(",\"story_source\":");
    AppendJsonString(event.story_source, out);
  }
  if (!event.issues.empty()) {
    out->append(",\"issues\":");
    out->push_back('[');
    for (size_t i = 0; i < event.issues.size(); ++i) {
      if (i > 0) out->push_back(',');
      AppendJsonString(event.issues[i], out);
    }
    out->push_back(']');
  }
  out->append("}\n");
}

void AppendTsv(const Event& event, std::string* out) {
  AppendCompactDate(event.date, out);
  out->push_back('\t');
  AppendField(event.source.empty() ? std::string_view("---") : std::string_view(event.source), out);
  out->push_back('\t');
  AppendField(event.target.empty() ? std::string_view("---") : std::string_view(event.target), out);
  out->push_back('\t');
  AppendField(event.code, out);
  out->push_back('\t');
  for (size_t i = 0; i < event.issues.size(); ++i) {
    if (i > 0) out->append(", ");
    AppendField(event.issues[i], out);
  }
  out->push_back('\t');
  AppendField(event.story_id, out);
  out->push_back('-');
  AppendPadded(static_cast<int>(event.sentence), 2, out);
  out->push_back('\t');
  AppendField(event.story_source, out);
  out->push_back('\t');
  AppendField(event.story_url, out);
  out->push_back('\n');
}

uint64_t StableEventId(const Event& event) {
  // FNV-1a 64 over the fields that identify an event, folded to 53 bits so
  // that spreadsheet and JavaScript readers keep every digit.
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xFF;  // field separator
    h *= 1099511628211ULL;
  };
  mix(event.story_id);
  char buf[16];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, event.sentence);
  (void)ec;
  mix(std::string_view(buf, static_cast<size_t>(end - buf)));
  mix(event.source);
  mix(event.target);
  mix(event.code);
  uint64_t id = (h ^ (h >> 53)) & ((1ULL << 53) - 1);
  return id == 0 ? 1 : id;
}

namespace {

void AppendGdeltActor(std::string_view code, const CameoTable& table, std::string* out) {
  ActorParts p = table.SplitActor(code);
  AppendField(code, out);                          // ActorCode
  out->push_back('\t');
  std::string_view name = table.CountryName(p.country_or_region);
  if (name.empty() && !p.types[0].empty()) name = table.ActorTypeName(p.types[0]);
  AppendField(Upper(name), out);                   // ActorName
  out->push_back('\t');
  AppendField(p.country_or_region, out);           // ActorCountryCode
  out->push_back('\t');
  AppendField(p.known_group, out);                 // ActorKnownGroupCode
  out->push_back('\t');                            // ActorEthnicCode (empty)
  out->push_back('\t');
  AppendField(p.religion1, out);
  out->push_back('\t');
  AppendField(p.religion2, out);
  for (const std::string& t : p.types) {
    out->push_back('\t');
    AppendField(t, out);
  }
}

}  // namespace

void AppendGdelt(const Event& event, const CameoTable& table, uint64_t event_id, const OutputOptions& options,
                 std::string* out) {
  int y, m, d;
  event.date.ToYmd(y, m, d);
  AppendUint(event_id, out);                                   // 1 GLOBALEVENTID
  out->push_back('\t');
  AppendCompactDate(event.date, out);                          // 2 SQLDATE
  out->push_back('\t');
  AppendPadded(y, 4, out);                                     // 3 MonthYear
  AppendPadded(m, 2, out);
  out->push_back('\t');
  AppendPadded(y, 4, out);                                     // 4 Year
  out->push_back('\t');
  // 5 FractionDate: GDELT's year + ((month - 1) * 30 + day) / 365, 4 decimals.
  {
    int frac = static_cast<int>(((m - 1) * 30 + d) * 10000.0 / 365.0 + 0.5);
    int year = y;
    if (frac >= 10000) {
      year += frac / 10000;
      frac %= 10000;
    }
    AppendPadded(year, 4, out);
    out->push_back('.');
    AppendPadded(frac, 4, out);
  }
  out->push_back('\t');
  AppendGdeltActor(event.source, table, out);                  // 6-15
  out->push_back('\t');
  AppendGdeltActor(event.target, table, out);                  // 16-25
  out->push_back('\t');
  out->push_back(event.sentence <= 1 ? '1' : '0');             // 26 IsRootEvent
  out->push_back('\t');
  AppendField(event.code, out);                                // 27 EventCode
  out->push_back('\t');
  AppendField(std::string_view(event.code).substr(0, 3), out); // 28 EventBaseCode
  out->push_back('\t');
  AppendField(RootOf(event.code), out);                        // 29 EventRootCode
  out->push_back('\t');
  CameoLookup found = table.Lookup(event.code);
  if (found.ok()) AppendInt(found.info->quad_class, out);      // 30 QuadClass
  out->push_back('\t');
  if (found.ok()) AppendTenths(found.info->goldstein_tenths, out);  // 31 GoldsteinScale
  out->append("\t1\t1\t1\t");                                  // 32-34 NumMentions/Sources/Articles
  // 35 AvgTone and 36-56 the three geo blocks (7 columns each): unknown.
  out->append(21, '\t');
  out->push_back('\t');
  AppendCompactDate(options.date_added.value_or(event.date), out);  // 57 DATEADDED
  out->push_back('\t');
  AppendField(event.story_url, out);                           // 58 SOURCEURL
  out->push_back('\n');
}

}  // namespace dyad
