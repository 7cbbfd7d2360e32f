// Tokenizer: a hand-written scanner over UTF-8 with an ASCII fast path.
// Non-ASCII characters are classified with ICU's character properties and
// non-ASCII words are folded to upper-case ASCII with an ICU transliterator
// ("Any-Latin; Latin-ASCII; Any-Upper"), built on first use and cached per
// worker.
//
// Speed: the scanner is one template, Impl::Run<kAsciiOnly>. A sentence
// that is pure ASCII (checked 16 bytes at a time) runs Run<true>: no UTF-8
// decoding, no ICU, SSE2 scans for word ends and upper-casing, and a lane
// for the common token (a word of letters/digits ended by anything but '.',
// apostrophe, '&' or hyphen, or ended by a period that neither joins it nor
// belongs to it: "said."). A word in the sentence's last 16 bytes is
// upper-cased from those 16 bytes (text::UpperWordTail16). Tokens are
// written through a pointer into `out`, reusing its Token objects (and
// their strings' buffers). Other sentences run Run<false>, the general
// scanner. (Words before a hyphen in the lane too cost +0.4 M instructions
// on the subset: the lane's code got worse for every word.) tests/text/tokenizer_fast_path_test.cc checks that both give
// the same tokens (TokenizerOptions::ascii_fast_path = false forces
// Run<false>).
//
// Token rules (see include/dyad/text.h):
//  * words: letters/digits/marks with inner '.' ("U.S"), '&' ("AT&T"),
//    apostrophes ("O'Brien") and digit-group commas ("140,000");
//  * a trailing '.' stays in the word for dotted abbreviations ("U.S."),
//    listed abbreviations followed by more text ("Gen. Smith") and single
//    capital initials followed by more text ("George W. Bush");
//  * hyphens between word characters split the word; the part after the
//    hyphen has hyphen_before = true ("al-Duleimi" -> AL, DULEIMI);
//  * "'s" and a trailing "'" after an s become kPossessive; "n't" becomes
//    kNegation ("didn't" -> DID N'T, "can't" -> CA N'T, "won't" -> WO N'T);
//    "'ve", "'re", "'ll", "'d", "'m" become their own kWord tokens;
//  * an editorial insertion opening a word is part of it ("[T]he" -> THE);
//  * numbers: digits with inner ',' '.' and an optional leading currency
//    sign ("$1", "1.5", "140,000") are kNumber.
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

#include "dyad/text.h"
#include "text/scan.h"
#include "text/utf8.h"

namespace dyad {
namespace {

enum Cls : uint8_t {
  kSpace, kLetter, kDigit, kApos, kQuote, kHyphen, kDash, kDot, kTerm, kComma, kColon,
  kOpen, kClose, kCurrency, kAmp, kOther
};

struct AsciiTable {
  Cls cls[128];
  constexpr AsciiTable() : cls() {
    for (int c = 0; c < 128; ++c) cls[c] = kOther;
    for (int c : {' ', '\t', '\n', '\r', '\f', '\v'}) cls[c] = kSpace;
    for (int c = 'a'; c <= 'z'; ++c) cls[c] = kLetter;
    for (int c = 'A'; c <= 'Z'; ++c) cls[c] = kLetter;
    for (int c = '0'; c <= '9'; ++c) cls[c] = kDigit;
    cls[int{'\''}] = kApos;
    cls[int{'"'}] = kQuote;
    cls[int{'`'}] = kQuote;
    cls[int{'-'}] = kHyphen;
    cls[int{'_'}] = kHyphen;  // "Dol_Amroth": joined words, as dictionaries write them
    cls[int{'.'}] = kDot;
    cls[int{'!'}] = kTerm;
    cls[int{'?'}] = kTerm;
    cls[int{','}] = kComma;
    cls[int{':'}] = kColon;
    cls[int{';'}] = kColon;
    cls[int{'('}] = kOpen;
    cls[int{'['}] = kOpen;
    cls[int{'{'}] = kOpen;
    cls[int{')'}] = kClose;
    cls[int{']'}] = kClose;
    cls[int{'}'}] = kClose;
    cls[int{'$'}] = kCurrency;
    cls[int{'&'}] = kAmp;
  }
};
constexpr AsciiTable kAscii;

// ASCII letters and digits (the scanner's kLetter / kDigit bytes).
constexpr uint8_t kLetterBit = 1, kDigitBit = 2;
struct AlnumBits {
  uint8_t b[256] = {};
  constexpr AlnumBits() {
    for (int c = 0; c < 128; ++c) {
      if (kAscii.cls[c] == kLetter) b[c] = kLetterBit;
      if (kAscii.cls[c] == kDigit) b[c] = kDigitBit;
    }
  }
};
constexpr AlnumBits kAlnumBits;

// Bytes that, right after a run of letters and digits, may join the word
// or split off part of it ('.', apostrophe, '&', hyphen): the fast word
// lane leaves those words to the general scanner.
struct JoinsWord {
  bool b[256] = {};
  constexpr JoinsWord() {
    for (int c = 0; c < 256; ++c) {  // a byte >= 0x80 as its low 7 bits (as the lane read it before)
      const Cls k = kAscii.cls[c & 0x7F];
      b[c] = k == kDot || k == kApos || k == kAmp || k == kHyphen;
    }
  }
};
constexpr JoinsWord kJoinsWord;

Cls ClassifyNonAscii(char32_t cp) {
  switch (cp) {
    case 0x2019: case 0x2018: case 0x02BC: case 0x2032: return kApos;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
    case 0x2039: case 0x203A: case 0x2033: return kQuote;
    case 0x2010: case 0x2011: return kHyphen;
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: return kDash;
    case 0x2026: return kTerm;
    case 0x00A0: case 0x202F: case 0x205F: case 0x3000: case 0x2028: case 0x2029: case 0x0085:
    case 0xFEFF: case 0x200B: return kSpace;
    case 0xFFFD: return kOther;
    default: break;
  }
  if (cp >= 0x2000 && cp <= 0x200A) return kSpace;
  const auto c = static_cast<UChar32>(cp);
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER: case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK: return kLetter;
    case U_DECIMAL_DIGIT_NUMBER: return kDigit;
    case U_CURRENCY_SYMBOL: return kCurrency;
    case U_START_PUNCTUATION: return kOpen;
    case U_END_PUNCTUATION: return kClose;
    case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION: return kQuote;
    case U_DASH_PUNCTUATION: return kDash;
    case U_SPACE_SEPARATOR: case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR: return kSpace;
    default: return kOther;
  }
}

struct Cp {
  char32_t cp = 0;
  uint8_t len = 0;
  Cls cls = kSpace;
};

// kAsciiOnly: the caller knows that s is ASCII (no UTF-8 decoding).
template <bool kAsciiOnly = false>
inline Cp At(std::string_view s, size_t i) {
  if (i >= s.size()) return {0, 0, kSpace};
  const auto b = static_cast<unsigned char>(s[i]);
  if (kAsciiOnly || b < 0x80) return {b, 1, kAscii.cls[b & 0x7F]};
  size_t len;
  const char32_t cp = text::DecodeUtf8(s, i, &len);
  return {cp, static_cast<uint8_t>(len), ClassifyNonAscii(cp)};
}

inline bool IsAlnum(Cls c) { return c == kLetter || c == kDigit; }

constexpr std::string_view kTitleAbbrevs[] = {
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sgt", "Gov", "Sen", "Rep", "Pres", "Adm", "Capt",
    "Maj", "Cmdr", "Brig", "Cpl", "Pvt", "Gens", "Sens", "Reps", "Rev", "Prof", "Messrs", "St",
    "Mt", "Ft", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "No", "Nos", "Jr", "Sr", "Inc", "Corp", "Co", "Ltd", "Bros", "vs", "etc", "approx", "Dept",
    "Govt", "Ave", "Blvd"};

// First letters of kTitleAbbrevs, to reject most words at once.
struct FirstLetters {
  bool has[128] = {};
  constexpr FirstLetters() {
    for (std::string_view a : kTitleAbbrevs) has[static_cast<unsigned char>(a[0])] = true;
  }
};
constexpr FirstLetters kTitleFirst;

bool IsTitleAbbrev(std::string_view w) {
  if (w.empty() || w.size() > 6 || static_cast<unsigned char>(w[0]) >= 128 ||
      !kTitleFirst.has[static_cast<unsigned char>(w[0])])
    return false;
  return std::find(std::begin(kTitleAbbrevs), std::end(kTitleAbbrevs), w) != std::end(kTitleAbbrevs);
}

// True when some letter or digit follows position i in s.
bool MoreTextAfter(std::string_view s, size_t i) {
  while (i < s.size()) {
    const Cp c = At(s, i);
    if (IsAlnum(c.cls)) return true;
    i += c.len;
  }
  return false;
}

bool IsApostropheCp(char32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

inline char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

// a-z -> A-Z over n bytes of ASCII, eight at a time.
inline void AsciiUpperInPlace(char* p, size_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    uint64_t x;
    std::memcpy(&x, p + k, 8);
    // High bit of each byte set where 'a' <= byte <= 'z' (bytes are < 0x80).
    const uint64_t ge_a = x + (0x80 - 'a') * kOnes;
    const uint64_t gt_z = x + (0x80 - 'z' - 1) * kOnes;
    const uint64_t lower = (ge_a & ~gt_z) & (0x80 * kOnes);
    x ^= lower >> 2;  // clear 0x20
    std::memcpy(p + k, &x, 8);
  }
  for (; k < n; ++k) p[k] = AsciiUpper(p[k]);
}

}  // namespace

// The transliterator is built on first use: building it costs ~20 ms (ICU's
// transliterator registry) and ASCII text never needs it. Copies of a
// Tokenizer share one.
struct LazyTransliterator {
  std::once_flag once;
  std::unique_ptr<icu::Transliterator> prototype;  // null when ICU cannot build it
  const icu::Transliterator* Get() {
    std::call_once(once, [this] {
      UErrorCode status = U_ZERO_ERROR;
      prototype.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Any-Upper", UTRANS_FORWARD,
                                                          status));
      if (U_FAILURE(status)) prototype.reset();
    });
    return prototype.get();
  }
};

struct Tokenizer::Impl {
  std::shared_ptr<LazyTransliterator> translit = std::make_shared<LazyTransliterator>();
  bool ascii_fast_path = true;
  struct Worker {
    std::unique_ptr<icu::Transliterator> tr;
    std::unordered_map<std::string, std::string> cache;
  };
  mutable std::mutex mu;
  mutable std::vector<std::unique_ptr<Worker>> pool;

  std::unique_ptr<Worker> Acquire() const {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!pool.empty()) {
        auto w = std::move(pool.back());
        pool.pop_back();
        return w;
      }
    }
    auto w = std::make_unique<Worker>();
    if (const icu::Transliterator* p = translit->Get()) w->tr.reset(p->clone());
    return w;
  }
  void Release(std::unique_ptr<Worker> w) const {
    if (!w) return;
    std::lock_guard<std::mutex> lock(mu);
    if (pool.size() < 64) pool.push_back(std::move(w));
  }

  // Tokenize() with kAsciiOnly = true when the sentence is ASCII: the same
  // scanner without UTF-8 decoding, ICU calls or transliteration.
  template <bool kAsciiOnly>
  void Run(std::string_view s, std::vector<Token>& out) const;

  // Upper-case ASCII form of `text` (non-ASCII parts transliterated).
  template <bool kAsciiOnly>
  void FoldT(std::string_view text, std::string& norm, std::unique_ptr<Worker>& worker) const {
    if constexpr (kAsciiOnly) {
      norm.clear();
      if (text.size() <= 64) {
        char buf[64];
        text::CopyAsciiUpper(text, 0, text.size(), buf);
        norm.append(buf, text.size());
      } else {
        norm.append(text);
        AsciiUpperInPlace(norm.data(), norm.size());
      }
    } else {
      Fold(text, norm, worker);
    }
  }
  void Fold(std::string_view text, std::string& norm, std::unique_ptr<Worker>& worker) const {
    norm.clear();
    bool ascii = true;
    for (char c : text) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      norm.resize(text.size());
      for (size_t k = 0; k < text.size(); ++k) norm[k] = AsciiUpper(text[k]);
      return;
    }
    if (!worker) worker = Acquire();
    auto it = worker->cache.find(std::string(text));
    if (it != worker->cache.end()) {
      norm = it->second;
      return;
    }
    // Apostrophes and replacement characters are settled before ICU sees them.
    std::string pre;
    pre.reserve(text.size());
    for (size_t k = 0; k < text.size();) {
      size_t len;
      const char32_t cp = text::DecodeUtf8(text, k, &len);
      if (IsApostropheCp(cp) || cp == 0x2018) {
        pre.push_back('\'');
      } else if (cp == text::kReplacement) {
        pre.push_back('?');
      } else {
        text::AppendUtf8(pre, cp);
      }
      k += len;
    }
    if (worker->tr) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(pre);
      worker->tr->transliterate(u);
      u.toUTF8String(norm);
    } else {
      // No transliterator (broken ICU data): ASCII kept, the rest as '?'.
      for (size_t k = 0; k < pre.size();) {
        size_t len;
        const char32_t cp = text::DecodeUtf8(pre, k, &len);
        norm.push_back(cp < 0x80 ? AsciiUpper(static_cast<char>(cp)) : '?');
        k += len;
      }
    }
    if (worker->cache.size() > 50000) worker->cache.clear();
    worker->cache.emplace(std::string(text), norm);
  }
};

void Tokenizer::Tokenize(std::string_view s, std::vector<Token>& out) const {
  if (impl_->ascii_fast_path && text::IsAscii(s)) {
    impl_->Run<true>(s, out);
  } else {
    impl_->Run<false>(s, out);
  }
}

template <bool kAsciiOnly>
void Tokenizer::Impl::Run(std::string_view s, std::vector<Token>& out) const {
  // Room for the usual number of tokens (one per ~5 bytes) at once, so a
  // fresh vector does not grow (and move its tokens) several times.
  if (const size_t want = s.size() / 4 + 8; out.capacity() < want) out.reserve(want);
  // Tokens are written at `out_next`; [out_next, out_last) are reused objects of an
  // earlier call (no size() division or index per token).
  Token* out_next = out.data();
  Token* out_last = out_next + out.size();
  std::unique_ptr<Impl::Worker> worker;
  auto slot = [&]() -> Token& {
    if (out_next == out_last) [[unlikely]] {
      const size_t n = static_cast<size_t>(out_next - out.data());
      out.emplace_back();
      out_next = out.data() + n;
      out_last = out.data() + out.size();
    }
    return *out_next++;
  };
  auto emit = [&](size_t b, size_t e, TokenKind kind, bool hyphen) -> Token& {
    Token& t = slot();
    t.begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    t.kind = kind;
    t.hyphen_before = hyphen;
    t.capitalized = false;
    t.norm.clear();
    return t;
  };
  auto emit_lit = [&](size_t b, size_t e, TokenKind kind, std::string_view norm) {
    std::string& t = emit(b, e, kind, false).norm;  // cleared by emit
    if (norm.size() == 1) {
      t.push_back(norm[0]);  // most punctuation: cheaper than assign()
    } else {
      t.assign(norm);
    }
  };
  auto emit_word = [&](size_t b, size_t e, TokenKind kind, bool hyphen) {
    Token& t = emit(b, e, kind, hyphen);
    FoldT<kAsciiOnly>(s.substr(b, e - b), t.norm, worker);
    const Cp first = At<kAsciiOnly>(s, b);
    if constexpr (kAsciiOnly) {
      t.capitalized = first.cp >= 'A' && first.cp <= 'Z';
    } else {
      t.capitalized = first.len == 1 ? (first.cp >= 'A' && first.cp <= 'Z')
                                     : (u_isupper(static_cast<UChar32>(first.cp)) ||
                                        u_istitle(static_cast<UChar32>(first.cp)));
    }
  };

  bool pending_hyphen = false;
  size_t i = 0;
  const size_t size = s.size();
  while (i < size) {
    const Cp c = At<kAsciiOnly>(s, i);
    if (c.cls == kSpace) {
      pending_hyphen = false;
      i += c.len;
      continue;
    }
    if constexpr (kAsciiOnly) {
      // The common case at once: a word of letters and digits starting with
      // a letter and followed by anything but '.', an apostrophe, '&' or a
      // hyphen (so no inner or trailing punctuation, clitic or hyphen
      // joins it), which the general scanner below would emit the same way.
      if (c.cls == kLetter) {
        // A word of under 16 bytes with 16 bytes of sentence from its start:
        // its end and its upper-case form in one step.
        char buf[80];
        const char* upper = buf;  // the word's upper-case form when upper_done
        size_t j;
        if (i + 16 <= size) {
          j = text::UpperWord16(s, i, buf);
        } else if (size >= 16) {
          // The sentence's last 16 bytes (its last word, mostly).
          j = text::UpperWordTail16(s, i, buf);
          upper = buf + (i + 16 - size);
        } else {
          j = 0;
        }
        const bool upper_done = j != 0;
        if (!upper_done) j = text::SkipAsciiAlnum(s, i + 1);
        bool lane = j >= size || !kJoinsWord.b[static_cast<unsigned char>(s[j])];
        if (!lane && s[j] == '.' && (j + 1 >= size || !kAlnumBits.b[static_cast<unsigned char>(s[j + 1])])) {
          // A period that does not join the word ("said."): the word is
          // emitted here unless it keeps the period (an abbreviation or an
          // initial followed by more text: "Gen. Smith"), as below. (The
          // same test as the general scanner's "trailing period" below;
          // a helper shared by both measured +0.15 M instructions on the
          // subset, from the layout of this function.)
          lane = !(MoreTextAfter(s, j + 1) && ((j - i == 1 && s[i] >= 'A' && s[i] <= 'Z') ||
                                               IsTitleAbbrev(s.substr(i, j - i))));
        }
        if (lane) {
          // Filled here rather than by emit(), whose call measured +0.3 M
          // instructions on the subset (it also clears `capitalized`,
          // which is set below).
          Token& t = slot();
          t.begin = static_cast<uint32_t>(i);
          t.end = static_cast<uint32_t>(j);
          t.kind = TokenKind::kWord;
          t.hyphen_before = pending_hyphen;
          t.norm.clear();
          if (upper_done) {
            t.norm.append(upper, j - i);
          } else if (j - i <= 64) {
            // Upper-cased straight from the sentence (reads may run past
            // the word, within the sentence).
            text::CopyAsciiUpper(s, i, j - i, buf);
            t.norm.append(buf, j - i);
          } else {
            FoldT<true>(s.substr(i, j - i), t.norm, worker);
          }
          t.capitalized = static_cast<unsigned char>(s[i]) < 'a';  // s[i] is a letter
          pending_hyphen = false;
          i = j;
          if (i < size && s[i] == ' ') ++i;  // the usual space after a word, without a pass of the loop
          continue;
        }
      }
    }
    const Cp next = At<kAsciiOnly>(s, i + c.len);
    // An editorial insertion at the start of a word: "[T]he".
    size_t bracket_end = 0;
    if (c.cp == '[') {
      size_t k = i + 1;
      while (k < size && k - i <= 3 && kAscii.cls[static_cast<unsigned char>(s[k]) & 0x7F] == kLetter &&
             static_cast<unsigned char>(s[k]) < 0x80)
        ++k;
      if (k > i + 1 && k + 1 < size && s[k] == ']' && At<kAsciiOnly>(s, k + 1).cls == kLetter) bracket_end = k + 1;
    }
    const bool starts_word = IsAlnum(c.cls) || bracket_end > 0 || (c.cls == kCurrency && next.cls == kDigit) ||
                             (c.cls == kDot && next.cls == kDigit &&
                              (i == 0 || !IsAlnum(At<kAsciiOnly>(s, i - 1).cls)));
    if (starts_word) {
      const size_t start = i;
      size_t j = bracket_end > 0 ? bracket_end : i + c.len;
      bool has_dot = c.cls == kDot;
      bool has_letter = c.cls == kLetter || bracket_end > 0;
      bool all_numeric = !has_letter;  // digits, separators, currency
      bool has_apos = false;
      Cls prev = c.cls;
      while (j < size) {
        if constexpr (kAsciiOnly) {
          // A run of ASCII letters and digits at once.
          uint8_t seen = 0;
          const size_t run = j;
          while (j < size) {
            const uint8_t bits = kAlnumBits.b[static_cast<unsigned char>(s[j])];
            if (!bits) break;
            seen |= bits;
            ++j;
          }
          if (j > run) {
            if (seen & kLetterBit) has_letter = true, all_numeric = false;
            prev = (kAlnumBits.b[static_cast<unsigned char>(s[j - 1])] & kLetterBit) ? kLetter : kDigit;
            if (j >= size) break;
          }
        }
        const Cp d = At<kAsciiOnly>(s, j);
        if (IsAlnum(d.cls)) {
          if (d.cls == kLetter) has_letter = true, all_numeric = false;
          prev = d.cls;
          j += d.len;
          continue;
        }
        const Cp after = At<kAsciiOnly>(s, j + d.len);
        bool inner = false;
        if (d.cls == kDot) inner = IsAlnum(after.cls) && IsAlnum(prev);
        else if (d.cls == kComma) inner = prev == kDigit && after.cls == kDigit && all_numeric;
        else if (d.cls == kAmp) inner = prev == kLetter && after.cls == kLetter;
        else if (d.cls == kApos) inner = prev == kLetter && after.cls == kLetter && d.cp != 0x2032;
        if (!inner) break;
        if (d.cls == kDot) has_dot = true;
        if (d.cls == kApos) has_apos = true;
        prev = d.cls;
        j += d.len;
      }
      // A trailing period that belongs to the word.
      if (j < size && s[j] == '.' && has_letter) {
        const std::string_view w = s.substr(start, j - start);
        const bool initial = w.size() == 1 && w[0] >= 'A' && w[0] <= 'Z';
        if ((has_dot && !all_numeric) ||
            (MoreTextAfter(s, j + 1) && (initial || IsTitleAbbrev(w)))) {
          ++j;
        }
      }
      // Split clitics off the end of the word.
      size_t word_end = j;
      size_t clitic = j;  // start of the clitic, == j when none
      TokenKind clitic_kind = TokenKind::kWord;
      if (has_apos) {
        // Find the last apostrophe in the word.
        size_t a = j;
        for (size_t k = start; k < j;) {
          const Cp d = At<kAsciiOnly>(s, k);
          if (d.cls == kApos) a = k;
          k += d.len;
        }
        if (a < j) {
          const size_t alen = At<kAsciiOnly>(s, a).len;
          std::string tail;
          for (size_t k = a + alen; k < j; ++k) tail.push_back(static_cast<char>(AsciiUpper(s[k])));
          if (tail == "T" && a > start && (s[a - 1] == 'n' || s[a - 1] == 'N') && a - 1 > start) {
            clitic = a - 1, clitic_kind = TokenKind::kNegation;
          } else if (tail == "S") {
            clitic = a, clitic_kind = TokenKind::kPossessive;
          } else if (tail == "VE" || tail == "RE" || tail == "LL" || tail == "D" || tail == "M") {
            clitic = a, clitic_kind = TokenKind::kWord;
          }
          word_end = clitic;
        }
      }
      const TokenKind kind = (all_numeric && !has_letter) ? TokenKind::kNumber : TokenKind::kWord;
      if (kind == TokenKind::kNumber) {
        Token& t = emit(start, word_end, kind, pending_hyphen);
        t.norm.assign(s.substr(start, word_end - start));
      } else {
        emit_word(start, word_end, kind, pending_hyphen);
        if (bracket_end > 0) {
          Token& t = out_next[-1];
          std::erase_if(t.norm, [](char ch) { return ch == '[' || ch == ']'; });
          t.capitalized = s[start + 1] >= 'A' && s[start + 1] <= 'Z';
        }
      }
      pending_hyphen = false;
      if (clitic < j) {
        Token& t = emit(clitic, j, clitic_kind, false);
        FoldT<kAsciiOnly>(s.substr(clitic, j - clitic), t.norm, worker);
        t.capitalized = false;
      }
      i = j;
      // "countries'" : trailing apostrophe after an s is a possessive.
      if (i < size) {
        const Cp d = At<kAsciiOnly>(s, i);
        if (d.cls == kApos && IsApostropheCp(d.cp) && clitic == j && i > start &&
            (s[i - 1] == 's' || s[i - 1] == 'S') && !IsAlnum(At<kAsciiOnly>(s, i + d.len).cls)) {
          emit_lit(i, i + d.len, TokenKind::kPossessive, "'");
          i += d.len;
        } else if (d.cls == kHyphen && IsAlnum(At<kAsciiOnly>(s, i + d.len).cls)) {
          pending_hyphen = true;
          i += d.len;
        }
      }
      continue;
    }
    pending_hyphen = false;
    size_t j = i + c.len;
    switch (c.cls) {
      case kDot:
      case kTerm: {
        bool ellipsis = c.cp == 0x2026;
        while (j < size) {
          const Cp d = At<kAsciiOnly>(s, j);
          if (d.cls != kDot && d.cls != kTerm) break;
          ellipsis = ellipsis || d.cp == '.' || d.cp == 0x2026;
          j += d.len;
        }
        if (c.cp == '.' && j == i + 1) {
          emit_lit(i, j, TokenKind::kPeriod, ".");
        } else if (j == i + 1) {
          emit_lit(i, j, TokenKind::kPeriod, s.substr(i, 1));
        } else {
          Token& t = emit(i, j, TokenKind::kPeriod, false);
          for (size_t k = i; k < j;) {
            const Cp d = At<kAsciiOnly>(s, k);
            if (d.cp == 0x2026) t.norm += "...";
            else if (d.len == 1) t.norm.push_back(static_cast<char>(d.cp));
            k += d.len;
          }
          (void)ellipsis;
        }
        break;
      }
      case kComma: emit_lit(i, j, TokenKind::kComma, ","); break;
      case kColon: emit_lit(i, j, TokenKind::kColon, s.substr(i, 1)); break;
      case kOpen:
        emit_lit(i, j, TokenKind::kOpenParen, c.len == 1 ? s.substr(i, 1) : std::string_view("("));
        break;
      case kClose:
        emit_lit(i, j, TokenKind::kCloseParen, c.len == 1 ? s.substr(i, 1) : std::string_view(")"));
        break;
      case kQuote:
      case kApos: {
        // "``" and "''" are one quote each.
        const Cp d = At<kAsciiOnly>(s, j);
        if ((c.cp == '`' && d.cp == '`') || (c.cp == '\'' && d.cp == '\'')) {
          j += 1;
          emit_lit(i, j, TokenKind::kQuote, "\"");
        } else {
          const bool single = c.cp == '\'' || c.cp == 0x2018 || c.cp == 0x2019 || c.cp == 0x02BC ||
                              c.cp == 0x2039 || c.cp == 0x203A || c.cp == 0x2032 || c.cp == '`';
          emit_lit(i, j, TokenKind::kQuote, single ? "'" : "\"");
        }
        break;
      }
      case kHyphen:
      case kDash: {
        size_t count = 1;
        while (j < size) {
          const Cp d = At<kAsciiOnly>(s, j);
          if (d.cls != kHyphen && d.cls != kDash) break;
          j += d.len;
          ++count;
        }
        const bool single_hyphen = count == 1 && c.cls == kHyphen;
        emit_lit(i, j, TokenKind::kDash, single_hyphen ? "-" : "--");
        break;
      }
      default: {
        Token& t = emit(i, j, TokenKind::kSymbol, false);
        if (c.len == 1) {
          t.norm.assign(s.substr(i, 1));
        } else if (c.cp == text::kReplacement) {
          t.norm.assign("?");
        } else {
          FoldT<kAsciiOnly>(s.substr(i, c.len), t.norm, worker);
        }
        break;
      }
    }
    i = j;
  }
  out.resize(static_cast<size_t>(out_next - out.data()));
  Release(std::move(worker));
}

Result<Tokenizer> Tokenizer::Create() { return Create(TokenizerOptions{}); }

Result<Tokenizer> Tokenizer::Create(const TokenizerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->ascii_fast_path = options.ascii_fast_path;
  return Tokenizer(std::move(impl));
}

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::Tokenizer(const Tokenizer& other) : impl_(std::make_unique<Impl>()) {
  impl_->translit = other.impl_->translit;
  impl_->ascii_fast_path = other.impl_->ascii_fast_path;
}
Tokenizer& Tokenizer::operator=(const Tokenizer& other) {
  if (this != &other) {
    auto impl = std::make_unique<Impl>();
    impl->translit = other.impl_->translit;
    impl->ascii_fast_path = other.impl_->ascii_fast_path;
    impl_ = std::move(impl);
  }
  return *this;
}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

}  // namespace dyad
