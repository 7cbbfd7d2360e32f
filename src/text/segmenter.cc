// Sentence segmentation: ICU's sentence BreakIterator wrapped with
// abbreviation suppressions, run paragraph by paragraph.
//
// Rules on top of ICU:
//  * A blank line (two newlines with only spaces between) always ends a
//    sentence. Single newlines inside a paragraph are treated as spaces, so
//    hard-wrapped text (TABARI records, e-mail style files) is not split at
//    every line end (ICU would break at each one).
//  * Abbreviations ("U.S.", "Mr.", "Gen.", "Jan." ...) and initials ("W.")
//    do not end a sentence. (ICU's FilteredBreakIteratorBuilder was tried
//    but does not suppress "U.S." before a capitalised word in ICU 72, so
//    the suppression list is applied here to ICU's breaks.) An abbreviation that can stand at the end of a sentence
//    ("U.S.", "U.N.", "U.K.", ...) does end it when the next word is a
//    capitalised pronoun, determiner or conjunction ("He went to the U.S.
//    He left." splits; "The U.S. Army said." does not).
//  * "?" or "!" followed by a lower-case word does not end a sentence
//    ("“Why?” he asked."); ICU only applies that rule to '.'.
//  * Spans are trimmed of white space; empty spans are dropped.
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_set>

#include "dyad/text.h"
#include "text/scan.h"
#include "text/sentence_breaks.h"
#include "text/utf8.h"

namespace dyad {
namespace {

constexpr std::string_view kSuppressed[] = {
    "U.S.", "U.N.", "U.K.", "E.U.", "U.S.A.", "U.A.E.", "D.C.", "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.",
    "Lt.", "Col.", "Sgt.", "Gov.", "Sen.", "Rep.", "Pres.", "Adm.", "Capt.", "Maj.", "Cmdr.", "Brig.",
    "Cpl.", "Pvt.", "Gens.", "Sens.", "Reps.", "Rev.", "Prof.", "Messrs.", "St.", "Mt.", "Ft.",
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
    "No.", "Nos.", "Jr.", "Sr.", "Inc.", "Corp.", "Co.", "Ltd.", "Bros.", "vs.", "etc.", "approx.",
    "Dept.", "Govt.", "Ave.", "Blvd.", "e.g.", "i.e.", "a.m.", "p.m.", "Ph.D.", "Calif.", "Mass.",
    "Wash.", "Fla.", "Ariz.", "Ga.", "Ill.", "Pa.", "Va.", "Tenn.", "Ky.", "La.", "Md.", "Mich.",
    "Minn.", "Mo.", "Okla.", "Ore.", "Conn.", "Colo.", "Ala.", "Ark.", "Kan.", "Neb.", "Nev.", "Wis.",
};

// Abbreviations that may also be the last word of a sentence.
constexpr std::string_view kCanEnd[] = {"U.S.", "U.N.", "U.K.", "E.U.", "U.S.A.", "U.A.E.", "D.C.",
                                        "etc.", "Inc.", "Corp.", "Co.", "Ltd.", "Jr.", "Sr.",
                                        "a.m.", "p.m."};

// Capitalised words that, after such an abbreviation, start a new sentence.
constexpr std::string_view kStarters[] = {
    "He", "She", "It", "They", "We", "I", "You", "The", "This", "That", "These", "Those", "There",
    "His", "Her", "Its", "Their", "Our", "My", "A", "An", "But", "And", "Yet", "So", "In", "On",
    "At", "After", "Before", "When", "While", "However", "Meanwhile", "Earlier", "Later", "Some",
    "Many", "Most", "Officials", "Both", "Neither", "No", "Not", "If", "As", "Since", "Although"};

bool Contains(const auto& list, std::string_view w) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

[[gnu::noinline]] bool IsNonAsciiSpaceAt(std::string_view s, size_t i, size_t* len) {
  const char32_t cp = text::DecodeUtf8(s, i, len);
  return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0x2028 || cp == 0x2029 || cp == 0x85 || cp == 0xFEFF;
}

// ASCII bytes inline (the common case); other code points out of line.
inline bool IsSpaceAt(std::string_view s, size_t i, size_t* len) {
  const char c = s[i];
  if (text::IsAsciiSpace(c)) {
    *len = 1;
    return true;
  }
  if (static_cast<unsigned char>(c) < 0x80) return false;
  return IsNonAsciiSpaceAt(s, i, len);
}


std::string_view NextWord(std::string_view s, size_t pos) {
  while (pos < s.size() && text::IsAsciiSpace(s[pos])) ++pos;
  size_t e = pos;
  while (e < s.size() && ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z'))) ++e;
  if (e < s.size() && (s[e] == '\'' || s[e] == '-')) return {};  // "It's", "A-list": not a plain starter
  return s.substr(pos, e - pos);
}

// True when ICU's break at `pos` follows an abbreviation ("Gen.", "U.S.")
// or an initial ("W.") and so is not a sentence end.
bool SuppressedBreak(std::string_view s, size_t span_begin, size_t pos) {
  size_t e = pos;
  while (e > span_begin && text::IsAsciiSpace(s[e - 1])) --e;
  // '?' or '!' (and closing quotes) followed by a lower-case word: the
  // quotation goes on ("“Why?” he asked.").
  {
    size_t q = e;
    while (q > span_begin) {
      if (s[q - 1] == '"' || s[q - 1] == '\'' || s[q - 1] == ')') {
        --q;
      } else if (q - span_begin >= 3 && s.substr(q - 3, 2) == "\xE2\x80" &&
                 (s[q - 1] == '\x9D' || s[q - 1] == '\x99')) {
        q -= 3;
      } else {
        break;
      }
    }
    size_t n = pos;
    while (n < s.size() && text::IsAsciiSpace(s[n])) ++n;
    if (q > span_begin && (s[q - 1] == '?' || s[q - 1] == '!') && n < s.size() && s[n] >= 'a' && s[n] <= 'z')
      return true;
  }
  if (e == span_begin || s[e - 1] != '.') return false;
  size_t b = e;
  while (b > span_begin && !text::IsAsciiSpace(s[b - 1])) --b;
  std::string_view w = s.substr(b, e - b);
  while (true) {  // opening brackets and quotes before the word
    if (!w.empty() && (w.front() == '(' || w.front() == '[' || w.front() == '"' || w.front() == '\'')) {
      w.remove_prefix(1);
    } else if (w.starts_with("\xE2\x80\x9C") || w.starts_with("\xE2\x80\x98")) {
      w.remove_prefix(3);
    } else {
      break;
    }
  }
  const bool initial = w.size() == 2 && w[0] >= 'A' && w[0] <= 'Z';
  if (!initial && !Contains(kSuppressed, w)) return false;
  if ((initial || Contains(kCanEnd, w)) && Contains(kStarters, NextWord(s, pos))) return false;
  return true;
}


}  // namespace

struct Segmenter::Impl {
  std::unique_ptr<icu::BreakIterator> prototype;
  bool ascii_fast_path = true;
  text::AsciiSentenceClasses classes = text::AsciiSentenceClasses::FromIcu();
  // kSuppressed in lower case, by length (lower-cased corpora).
  std::vector<std::string> lower_suppressed[8];
  // Free iterators, so that Split() is safe to call from several threads.
  mutable std::mutex mu;
  mutable std::vector<std::unique_ptr<icu::BreakIterator>> pool;

  Impl() {
    for (std::string_view a : kSuppressed) {
      std::string l(a);
      for (char& c : l)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (l.size() < std::size(lower_suppressed)) lower_suppressed[l.size()].push_back(std::move(l));
    }
  }

  bool LowerSuppressed(std::string_view word) const {
    if (word.size() >= std::size(lower_suppressed)) return false;
    for (const std::string& a : lower_suppressed[word.size()])
      if (a == word) return true;
    return false;
  }

  std::unique_ptr<icu::BreakIterator> Acquire() const {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!pool.empty()) {
        auto it = std::move(pool.back());
        pool.pop_back();
        return it;
      }
    }
    return std::unique_ptr<icu::BreakIterator>(prototype->clone());
  }
  void Release(std::unique_ptr<icu::BreakIterator> it) const {
    if (!it) return;
    std::lock_guard<std::mutex> lock(mu);
    if (pool.size() < 64) pool.push_back(std::move(it));
  }

  void SplitParagraph(std::string_view text, size_t begin, size_t end, std::string& scratch,
                      std::unique_ptr<icu::BreakIterator>& bi, std::vector<SentenceSpan>& out) const;
  void AddSpan(std::string_view text, size_t begin, size_t end, std::vector<SentenceSpan>& out) const;
};

// Trims white space and applies the "abbreviation then pronoun" split.
void Segmenter::Impl::AddSpan(std::string_view text, size_t begin, size_t end,
                              std::vector<SentenceSpan>& out) const {
  size_t len;
  while (begin < end && IsSpaceAt(text, begin, &len)) begin += len;
  while (end > begin) {
    // Step back over one code point (continuation bytes first).
    size_t p = end - 1;
    while (p > begin && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
    if (IsSpaceAt(text, p, &len) && p + len == end) {
      end = p;
    } else {
      break;
    }
  }
  if (begin >= end) return;
  // Look for "<ender-abbreviation> <Starter>" inside the span.
  for (size_t i = begin; i + 1 < end; ++i) {
    const void* dot = std::memchr(text.data() + i, '.', end - 1 - i);
    if (!dot) break;
    i = static_cast<size_t>(static_cast<const char*>(dot) - text.data());
    if (!text::IsAsciiSpace(text[i + 1])) continue;
    size_t w = i;
    while (w > begin && !text::IsAsciiSpace(text[w - 1])) --w;
    std::string_view prev = text.substr(w, i + 1 - w);
    while (!prev.empty() && (prev.front() == '(' || prev.front() == '"')) prev.remove_prefix(1);
    if (!Contains(kCanEnd, prev)) continue;
    size_t n = i + 1;
    while (n < end && text::IsAsciiSpace(text[n])) ++n;
    size_t e = n;
    while (e < end && ((text[e] >= 'a' && text[e] <= 'z') || (text[e] >= 'A' && text[e] <= 'Z'))) ++e;
    if (e < end && (text[e] == '\'' || text[e] == '-')) continue;  // "It's", "A-list": unsure, keep
    if (!Contains(kStarters, text.substr(n, e - n))) continue;
    out.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(i + 1)});
    AddSpan(text, n, end, out);
    return;
  }
  out.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
}

void Segmenter::Impl::SplitParagraph(std::string_view text, size_t begin, size_t end,
                                     std::string& scratch, std::unique_ptr<icu::BreakIterator>& bi,
                                     std::vector<SentenceSpan>& out) const {
  // ICU indexes with int32_t; cut absurdly long paragraphs into pieces.
  constexpr size_t kMaxPiece = size_t{1} << 30;
  while (end - begin > kMaxPiece) {
    SplitParagraph(text, begin, begin + kMaxPiece, scratch, bi, out);
    begin += kMaxPiece;
  }
  const std::string_view para = text.substr(begin, end - begin);
  const text::TextFlags flags = text::ScanFlags(para);
  // Fast path: without a sentence terminator the paragraph is one sentence
  // (headlines, captions). Non-ASCII terminators (U+2026, CJK and Arabic
  // full stops ...) send the paragraph to ICU.
  if (!flags.terminator && !flags.non_ascii) {
    AddSpan(text, begin, end, out);
    return;
  }
  // Text with no capital letter at all (lower-cased corpora): ICU never
  // breaks before a lower-case word, so split at a terminator followed by
  // white space, unless the word before it is an abbreviation ("u.s.",
  // "mr.").
  if (!flags.upper && flags.lower) {
    const std::string_view upto = text.substr(0, end);
    size_t start = begin;
    for (size_t k = text::FindTerminator(upto, begin); k + 1 < end; k = text::FindTerminator(upto, k + 1)) {
      if (!text::IsAsciiSpace(text[k + 1])) continue;
      size_t w = k;
      while (w > start && !text::IsAsciiSpace(text[w - 1])) --w;
      const std::string_view word = text.substr(w, k + 1 - w);
      if (word.substr(0, word.size() - 1).find('.') != std::string_view::npos || LowerSuppressed(word)) continue;
      AddSpan(text, start, k + 1, out);
      start = k + 1;
    }
    if (start < end) AddSpan(text, start, end, out);
    return;
  }
  size_t span = 0;  // start of the pending sentence, relative to `begin`
  // ICU's break at `pos` (relative to `begin`): a sentence ends there unless
  // an abbreviation suppresses it. Line ends count as spaces in
  // SuppressedBreak, as in the text ICU sees.
  auto on_break = [&](size_t pos) {
    if (pos < para.size() && SuppressedBreak(para, span, pos)) return;
    AddSpan(text, begin + span, begin + pos, out);
    span = pos;
  };
  if (ascii_fast_path && (classes.AllAsciiSupported() ? !flags.non_ascii : classes.Supported(para))) {
    text::AsciiSentenceBreaks(classes, para, on_break);
    return;
  }
  // Same length as the paragraph, newlines turned into spaces: offsets are
  // unchanged and ICU does not break at every line end.
  scratch.assign(para);
  for (char& c : scratch)
    if (c == '\n' || c == '\r' || c == '\f' || c == '\v') c = ' ';
  if (!bi) bi = Acquire();
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, scratch.data(), static_cast<int64_t>(scratch.size()), &status);
  if (U_FAILURE(status)) {
    AddSpan(text, begin, end, out);
    return;
  }
  bi->setText(&ut, status);
  if (U_FAILURE(status)) {
    utext_close(&ut);
    AddSpan(text, begin, end, out);
    return;
  }
  int32_t prev = bi->first();
  for (int32_t pos = bi->next(); pos != icu::BreakIterator::DONE; pos = bi->next()) {
    if (pos <= prev) break;  // defensive: never loop
    prev = pos;
    on_break(static_cast<size_t>(pos));
  }
  if (span < scratch.size()) AddSpan(text, begin + span, end, out);
  // Detach the iterator from the stack UText before it goes away.
  UText empty = UTEXT_INITIALIZER;
  utext_openUTF8(&empty, "", 0, &status);
  bi->setText(&empty, status);
  utext_close(&empty);
  utext_close(&ut);
}

Result<Segmenter> Segmenter::Create() { return Create(SegmenterOptions{}); }

Result<Segmenter> Segmenter::Create(const SegmenterOptions& options) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale en = icu::Locale::getEnglish();
  std::unique_ptr<icu::BreakIterator> base(icu::BreakIterator::createSentenceInstance(en, status));
  if (U_FAILURE(status) || !base)
    return Status::Internal(std::string("ICU sentence break iterator unavailable: ") + u_errorName(status));
  auto impl = std::make_unique<Impl>();
  impl->prototype = std::move(base);
  impl->ascii_fast_path = options.ascii_fast_path;
  return Segmenter(std::move(impl));
}

std::vector<SentenceSpan> Segmenter::Split(std::string_view text) const {
  std::vector<SentenceSpan> out;
  if (text.empty()) return out;
  // Room for a sentence per ~128 bytes at once (no growth from 1, 2, 4 ...).
  out.reserve(text.size() / 128 + 4);
  std::unique_ptr<icu::BreakIterator> bi;  // borrowed when a paragraph needs ICU
  std::string scratch;
  // Paragraphs: runs of text separated by lines holding only white space.
  size_t para = 0;
  size_t i = 0;
  while (i < text.size()) {
    const void* nl = std::memchr(text.data() + i, '\n', text.size() - i);
    if (!nl) break;
    i = static_cast<size_t>(static_cast<const char*>(nl) - text.data());
    size_t j = i + 1;
    bool blank = false;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n')) {
      if (text[j] == '\n') blank = true;
      ++j;
    }
    if (blank) {
      if (i > para) impl_->SplitParagraph(text, para, i, scratch, bi, out);
      para = j;
    }
    i = j;
  }
  if (para < text.size()) impl_->SplitParagraph(text, para, text.size(), scratch, bi, out);
  impl_->Release(std::move(bi));
  return out;
}

Segmenter::Segmenter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Segmenter::Segmenter(const Segmenter& other) : impl_(std::make_unique<Impl>()) {
  impl_->prototype.reset(other.impl_->prototype->clone());
  impl_->ascii_fast_path = other.impl_->ascii_fast_path;
}
Segmenter& Segmenter::operator=(const Segmenter& other) {
  if (this != &other) {
    auto impl = std::make_unique<Impl>();
    impl->prototype.reset(other.impl_->prototype->clone());
    impl->ascii_fast_path = other.impl_->ascii_fast_path;
    impl_ = std::move(impl);
  }
  return *this;
}
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;
Segmenter::~Segmenter() = default;

}  // namespace dyad
