#include "store/event_json.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "base/simd.h"

namespace dyad::store {
namespace {

// ------------------------------------------------------- reference path --

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

// ------------------------------------------------------------ fast path --

// A string value as it stands in the line: the bytes between the quotes,
// with or without (simple) escapes.
struct RawStr {
  std::string_view raw;
  bool escaped = false;
};

// One pass over a line: a validating scanner for the JSON subset the fast
// path takes (see event_json.h). Every function returns false when the
// input is not in the subset (broken or just unusual): the caller then
// gives the line to the reference path.
class Scanner {
 public:
  Scanner(const char* p, const char* end) : p_(p), end_(end) {}

  // Quote positions of the whole line, one bit per byte, when the line
  // has no backslash and no control character (then every string runs
  // from a quote to the next one: no per-string scanning). `words` must
  // hold (size + 63) / 64 entries. Returns false (and keeps the
  // per-string scanning) otherwise.
  bool IndexQuotes(uint64_t* words) {
    const char* begin = p_;
    const size_t size = static_cast<size_t>(end_ - p_);
#if DYAD_SSE2
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i high3 = _mm_set1_epi8(static_cast<char>(0xE0));
    const __m128i zero = _mm_setzero_si128();
    __m128i bad = zero, high = zero;
    size_t off = 0;
    auto chunk = [&](const char* c) {
      uint64_t q = 0;
      for (int k = 0; k < 4; ++k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(c + 16 * k));
        q |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)))) << (16 * k);
        bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(v, backslash),
                                             _mm_cmpeq_epi8(_mm_and_si128(v, high3), zero)));
        high = _mm_or_si128(high, v);
      }
      return q;
    };
    for (; off + 64 <= size; off += 64) words[off / 64] = chunk(begin + off);
    if (off < size) {
      alignas(16) char tail[64];
      std::memset(tail, ' ', sizeof tail);
      std::memcpy(tail, begin + off, size - off);
      words[off / 64] = chunk(tail);
    }
    if (_mm_movemask_epi8(bad) != 0) return false;
    non_ascii_ = _mm_movemask_epi8(high) != 0;
    quotes_ = words;
    begin_ = begin;
    return true;
#else
    (void)begin;
    (void)size;
    (void)words;
    return false;
#endif
  }

  void Ws() {
    while (p_ < end_ && static_cast<unsigned char>(*p_) <= ' ' &&
           (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r'))
      ++p_;
  }
  // Skips whitespace, then eats `c` if it is next.
  bool Eat(char c) {
    Ws();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool AtEnd() {
    Ws();
    return p_ == end_;
  }
  char Peek() {
    Ws();
    return p_ < end_ ? *p_ : '\0';
  }
  bool non_ascii() const { return non_ascii_; }

  // A string at p_ (after whitespace): its raw bytes. Rejects control
  // characters, \u escapes (left to the reference path) and bad escapes.
  [[gnu::always_inline]] bool String(RawStr* out) {
    if (Peek() != '"') return false;
    if (quotes_) {  // the next quote ends the string
      const size_t from = static_cast<size_t>(p_ - begin_) + 1;
      size_t w = from / 64;
      uint64_t bits = quotes_[w] & (~uint64_t{0} << (from % 64));
      const size_t words = (static_cast<size_t>(end_ - begin_) + 63) / 64;
      while (bits == 0) {
        if (++w == words) return false;
        bits = quotes_[w];
      }
      const size_t to = w * 64 + static_cast<size_t>(__builtin_ctzll(bits));
      if (to >= static_cast<size_t>(end_ - begin_)) return false;
      out->raw = std::string_view(begin_ + from, to - from);
      out->escaped = false;
      p_ = begin_ + to + 1;
      return true;
    }
    return StringScan(out);
  }

 private:
  // String() without the quote index: scans for the closing quote.
  [[gnu::noinline]] bool StringScan(RawStr* out) {
    const char* s = ++p_;
    bool escaped = false;
    for (;;) {
      p_ = FindSpecial(p_);
      if (p_ == end_) return false;
      const unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') break;
      if (c < 0x20) return false;
      // A backslash: only the one-character escapes.
      if (end_ - p_ < 2) return false;
      switch (p_[1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          break;
        default:
          return false;
      }
      escaped = true;
      p_ += 2;
    }
    out->raw = std::string_view(s, static_cast<size_t>(p_ - s));
    out->escaped = escaped;
    ++p_;
    return true;
  }

 public:
  // A number at p_ (after whitespace): its text, and whether it is an
  // integer. No exponents, at most 18 digits (always exact in int64 and a
  // finite double, the same values simdjson gives).
  bool Number(std::string_view* text, bool* integer) {
    Ws();
    const char* s = p_;
    const bool negative = p_ < end_ && *p_ == '-';
    if (negative) ++p_;
    const char* d = p_;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    } else {
      return false;
    }
    if (p_ - d > 18) return false;
    *integer = true;
    if (p_ < end_ && *p_ == '.') {
      *integer = false;
      const char* f = ++p_;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      if (p_ == f || p_ - f > 18) return false;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) return false;
    if (negative && *integer && p_ - d == 1 && *d == '0') return false;  // "-0": int or double? not here
    *text = std::string_view(s, static_cast<size_t>(p_ - s));
    return true;
  }

  // Any value, validated and skipped.
  bool Skip(int depth) {
    if (depth > 32) return false;
    switch (Peek()) {
      case '"': {
        RawStr s;
        return String(&s);
      }
      case '{': {
        ++p_;
        if (Eat('}')) return true;
        for (;;) {
          RawStr key;
          if (!String(&key) || !Eat(':') || !Skip(depth + 1)) return false;
          if (Eat(',')) continue;
          return Eat('}');
        }
      }
      case '[': {
        ++p_;
        if (Eat(']')) return true;
        for (;;) {
          if (!Skip(depth + 1)) return false;
          if (Eat(',')) continue;
          return Eat(']');
        }
      }
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default: {
        std::string_view t;
        bool integer;
        return Number(&t, &integer);
      }
    }
  }

  // The literal `null` at p_ (after whitespace): eaten when there.
  bool EatNull() {
    Ws();
    if (end_ - p_ >= 4 && std::memcmp(p_, "null", 4) == 0) {
      p_ += 4;
      return true;
    }
    return false;
  }

 private:
  bool Literal(const char* lit) {
    const size_t n = std::strlen(lit);
    if (static_cast<size_t>(end_ - p_) < n || std::memcmp(p_, lit, n) != 0) return false;
    p_ += n;
    return true;
  }

  // First '"', '\\' or control character at or after p (end_ if none);
  // notes any byte >= 0x80 on the way (UTF-8 to validate).
  const char* FindSpecial(const char* p) {
#if DYAD_SSE2
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i high3 = _mm_set1_epi8(static_cast<char>(0xE0));
    const __m128i zero = _mm_setzero_si128();
    while (end_ - p >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                           _mm_cmpeq_epi8(_mm_and_si128(v, high3), zero));
      const unsigned m = static_cast<unsigned>(_mm_movemask_epi8(special));
      non_ascii_ |= _mm_movemask_epi8(v) != 0;  // may include bytes past the hit: only a cost
      if (m != 0) return p + __builtin_ctz(m);
      p += 16;
    }
#endif
    for (; p < end_; ++p) {
      const unsigned char c = static_cast<unsigned char>(*p);
      non_ascii_ |= c >= 0x80;
      if (c == '"' || c == '\\' || c < 0x20) return p;
    }
    return p;
  }

  const char* p_;
  const char* end_;
  bool non_ascii_ = false;
  const uint64_t* quotes_ = nullptr;  // see IndexQuotes
  const char* begin_ = nullptr;
};

void Assign(const RawStr& s, std::string* out) {
  if (!s.escaped) {
    out->assign(s.raw);
    return;
  }
  out->clear();
  const char* p = s.raw.data();
  const char* end = p + s.raw.size();
  while (p < end) {
    const char* b = static_cast<const char*>(std::memchr(p, '\\', static_cast<size_t>(end - p)));
    if (!b) {
      out->append(p, end);
      return;
    }
    out->append(p, b);
    char c = b[1];  // validated by Scanner::String
    switch (c) {
      case 'b': c = '\b'; break;
      case 'f': c = '\f'; break;
      case 'n': c = '\n'; break;
      case 'r': c = '\r'; break;
      case 't': c = '\t'; break;
      default: break;  // '"', '\\', '/'
    }
    out->push_back(c);
    p = b + 2;
  }
}

// The top-level keys the parser reads, in the reference path's order of
// string checks (the string fields first).
enum Field : int {
  kStoryId, kDate, kSource, kTarget, kSourceCountry, kTargetCountry, kCode, kPlover, kText, kUrl,
  kStorySource, kNumStringFields,
  kSentence = kNumStringFields, kGoldstein, kEvidence, kOther
};

// Equality with a literal of known length: two overlapping word compares
// (no memcmp call; reads only the bytes of `k`).
template <size_t N>
inline bool Is(std::string_view k, const char (&lit)[N]) {
  constexpr size_t n = N - 1;
  if (k.size() != n) return false;
  if constexpr (n >= 8) {
    uint64_t a, b, c, d;
    std::memcpy(&a, k.data(), 8);
    std::memcpy(&b, lit, 8);
    std::memcpy(&c, k.data() + n - 8, 8);
    std::memcpy(&d, lit + n - 8, 8);
    return ((a ^ b) | (c ^ d)) == 0;
  } else if constexpr (n >= 4) {
    uint32_t a, b, c, d;
    std::memcpy(&a, k.data(), 4);
    std::memcpy(&b, lit, 4);
    std::memcpy(&c, k.data() + n - 4, 4);
    std::memcpy(&d, lit + n - 4, 4);
    return ((a ^ b) | (c ^ d)) == 0;
  } else {
    return std::memcmp(k.data(), lit, n) == 0;
  }
}

Field TopField(std::string_view k) {
  switch (k.size()) {
    case 3:
      if (Is(k, "url")) return kUrl;
      break;
    case 4:
      if (Is(k, "date")) return kDate;
      if (Is(k, "code")) return kCode;
      if (Is(k, "text")) return kText;
      break;
    case 6:
      if (Is(k, "source")) return kSource;
      if (Is(k, "target")) return kTarget;
      if (Is(k, "plover")) return kPlover;
      break;
    case 8:
      if (Is(k, "story_id")) return kStoryId;
      if (Is(k, "sentence")) return kSentence;
      if (Is(k, "evidence")) return kEvidence;
      break;
    case 9:
      if (Is(k, "goldstein")) return kGoldstein;
      break;
    case 12:
      if (Is(k, "story_source")) return kStorySource;
      break;
    case 14:
      if (Is(k, "source_country")) return kSourceCountry;
      if (Is(k, "target_country")) return kTargetCountry;
      break;
    default:
      break;
  }
  return kOther;
}

int64_t ParseInt(std::string_view t) {  // a validated integer of <= 18 digits
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

// An evidence phrase: a string, or an object with "text" (and, when
// wanted, integer "start" / "end"), first occurrence of each key winning.
// Anything else leaves the phrase empty, as in the reference path.
bool FastPhrase(Scanner& sc, std::string* text, int32_t* start, int32_t* end) {
  const char c = sc.Peek();
  RawStr s;
  if (c == '"') {
    if (!sc.String(&s)) return false;
    Assign(s, text);
    return true;
  }
  if (c != '{') return sc.Skip(2);
  sc.Eat('{');
  if (sc.Eat('}')) return true;
  bool seen_text = false, seen_start = false, seen_end = false;
  for (;;) {
    RawStr key;
    if (!sc.String(&key) || key.escaped || !sc.Eat(':')) return false;
    const std::string_view k = key.raw;
    bool* seen = Is(k, "text") ? &seen_text : Is(k, "start") ? &seen_start : Is(k, "end") ? &seen_end : nullptr;
    if (seen && !*seen) {
      *seen = true;
      const char v = sc.Peek();
      if (seen == &seen_text && v == '"') {
        if (!sc.String(&s)) return false;
        Assign(s, text);
      } else if (seen != &seen_text && (v == '-' || (v >= '0' && v <= '9'))) {
        std::string_view t;
        bool integer;
        if (!sc.Number(&t, &integer)) return false;
        int32_t* dst = seen == &seen_start ? start : end;
        if (integer && dst) *dst = static_cast<int32_t>(ParseInt(t));
      } else if (!sc.Skip(3)) {
        return false;
      }
    } else if (!sc.Skip(3)) {
      return false;
    }
    if (sc.Eat(',')) continue;
    return sc.Eat('}');
  }
}

}  // namespace

const CodeFacts* EventJsonParser::Facts(std::string_view code) {
  if (code.empty() || code.size() > sizeof(FactsSlot::code)) return nullptr;
  unsigned h = 0;
  for (char c : code) h = h * 31 + static_cast<unsigned char>(c);
  FactsSlot& slot = facts_cache_[h & (facts_cache_.size() - 1)];
  if (slot.len == code.size() && std::memcmp(slot.code, code.data(), code.size()) == 0) return &slot.facts;
  auto facts = LookupCameoCode(std::string(code));
  if (!facts) return nullptr;
  std::memcpy(slot.code, code.data(), code.size());
  slot.len = static_cast<uint8_t>(code.size());
  slot.facts = *facts;
  return &slot.facts;
}

bool EventJsonParser::ParseFast(std::string_view line, EventRecord* out) {
  Scanner sc(line.data(), line.data() + line.size());
  if (quote_words_.size() < line.size() / 64 + 1) quote_words_.resize(line.size() / 64 + 1);
  sc.IndexQuotes(quote_words_.data());
  if (!sc.Eat('{')) return false;
  RawStr strs[kNumStringFields];
  bool seen[kOther] = {};
  bool str_null[kNumStringFields] = {};
  std::string_view sentence, goldstein;  // number text; empty = absent or null
  out->source_text.clear();
  out->target_text.clear();
  out->verb_text.clear();
  out->verb_start = out->verb_end = -1;
  if (!sc.Eat('}')) {
    for (;;) {
      RawStr key;
      if (!sc.String(&key) || key.escaped || !sc.Eat(':')) return false;
      const Field f = TopField(key.raw);
      if (f == kOther || seen[f]) {
        if (!sc.Skip(1)) return false;  // first occurrence wins, as obj[key]
      } else {
        seen[f] = true;
        if (f < kNumStringFields) {
          if (sc.EatNull()) {
            str_null[f] = true;
          } else if (!sc.String(&strs[f])) {
            return false;  // not a string: the reference path says so
          }
        } else if (f == kSentence || f == kGoldstein) {
          if (!sc.EatNull()) {
            bool integer;
            std::string_view t;
            if (!sc.Number(&t, &integer)) return false;
            if (f == kSentence && (!integer || t[0] == '-')) return false;
            (f == kSentence ? sentence : goldstein) = t;
          }
        } else {  // kEvidence: only an object counts
          if (sc.Peek() == '{') {
            sc.Eat('{');
            if (!sc.Eat('}')) {
              bool seen_ev[3] = {};
              for (;;) {
                RawStr k;
                if (!sc.String(&k) || k.escaped || !sc.Eat(':')) return false;
                const int which = Is(k.raw, "source") ? 0 : Is(k.raw, "target") ? 1 : Is(k.raw, "verb") ? 2 : -1;
                if (which < 0 || seen_ev[which]) {
                  if (!sc.Skip(2)) return false;
                } else {
                  seen_ev[which] = true;
                  bool ok = which == 0   ? FastPhrase(sc, &out->source_text, nullptr, nullptr)
                            : which == 1 ? FastPhrase(sc, &out->target_text, nullptr, nullptr)
                                         : FastPhrase(sc, &out->verb_text, &out->verb_start, &out->verb_end);
                  if (!ok) return false;
                }
                if (sc.Eat(',')) continue;
                if (!sc.Eat('}')) return false;
                break;
              }
            }
          } else if (!sc.Skip(1)) {
            return false;
          }
        }
      }
      if (sc.Eat(',')) continue;
      if (!sc.Eat('}')) return false;
      break;
    }
  }
  if (!sc.AtEnd()) return false;
  if (sc.non_ascii() && !simdjson::validate_utf8(line.data(), line.size())) return false;

  // The checks of the reference path; any failure goes back to it for the
  // message.
  auto empty = [&](Field f) { return !seen[f] || str_null[f] || strs[f].raw.empty(); };
  if (empty(kStoryId) || empty(kSource) || empty(kTarget) || empty(kDate) || empty(kCode)) return false;
  // Escaped dates and codes are never valid: the reference path reports them.
  if (strs[kDate].escaped || strs[kCode].escaped) return false;
  const std::string_view date = strs[kDate].raw;
  uint64_t date_head = 0, date_tail = 0;  // "YYYY-MM-DD": compared as two words
  if (date.size() == 10) {
    std::memcpy(&date_head, date.data(), 8);
    std::memcpy(&date_tail, date.data() + 2, 8);
  }
  if (date.size() != 10 || date_head != last_date_head_ || date_tail != last_date_tail_ || last_date_len_ != 10) {
    auto d = Date::ParseIso(date);
    if (!d) return false;
    last_date_len_ = date.size() == 10 ? 10 : 0;
    last_date_head_ = date_head;
    last_date_tail_ = date_tail;
    last_date_value_ = *d;
  }
  const CodeFacts* facts = Facts(strs[kCode].raw);
  if (!facts) return false;
  double g = 0;
  if (!goldstein.empty()) {
    std::from_chars(goldstein.data(), goldstein.data() + goldstein.size(), g);
    if (!std::isfinite(g) || g < -10 || g > 10) return false;
  } else if (facts->goldstein_known) {
    g = facts->goldstein;
  } else {
    return false;
  }

  std::string* dst[kNumStringFields] = {&out->story_id, nullptr, &out->source, &out->target,
                                        &out->source_country, &out->target_country, &out->code,
                                        &out->plover, &out->text, &out->url, &out->story_source};
  for (int f = 0; f < kNumStringFields; ++f) {
    if (!dst[f]) continue;
    if (!seen[f] || str_null[f])
      dst[f]->clear();
    else
      Assign(strs[f], dst[f]);
  }
  out->date = last_date_value_;
  out->sentence = sentence.empty() ? 0 : static_cast<uint32_t>(ParseInt(sentence));
  out->root = facts->root;
  out->quad_class = facts->quad_class;
  out->goldstein = g;
  return true;
}

std::string EventJsonParser::Parse(std::string_view line, EventRecord* out) {
  if (ParseFast(line, out)) {
    ++fast_lines_;
    return "";
  }
  ++slow_lines_;
  return ParseReference(line, out);
}

std::string EventJsonParser::ParseReference(std::string_view line, EventRecord* out) {
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
