#include "inflect.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace dyad::gen {
namespace {

bool EndsWith(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

void AddUnique(std::vector<std::string>& v, std::string s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// Reads "inflected lemma" lines into lemma -> [inflected...], file order.
void ParseExceptions(std::string_view text,
                     std::unordered_map<std::string, std::vector<std::string>>& out) {
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string inflected, lemma;
    if (!(ls >> inflected >> lemma)) continue;
    // Multi-word entries use '_' in WordNet; the generator only inflects
    // single words, so those are irrelevant here but harmless.
    AddUnique(out[lemma], inflected);
  }
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::IoError(path + ": cannot open (install Debian package wordnet-base, see scripts/install-deps.sh)");
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// English 3rd person singular by spelling rule.
std::string ThirdPerson(const std::string& w) {
  // The two auxiliaries whose present forms are suppletive.
  if (w == "be") return "is";
  if (w == "have") return "has";
  size_t n = w.size();
  if (EndsWith(w, "s") || EndsWith(w, "x") || EndsWith(w, "z") || EndsWith(w, "ch") ||
      EndsWith(w, "sh"))
    return w + "es";
  if (n >= 2 && w[n - 1] == 'y' && !IsVowel(w[n - 2])) return w.substr(0, n - 1) + "ies";
  if (n >= 2 && w[n - 1] == 'o' && !IsVowel(w[n - 2])) return w + "es";
  return w + "s";
}

std::string RegularPast(const std::string& w, bool double_final) {
  size_t n = w.size();
  if (EndsWith(w, "e")) return w + "d";
  if (n >= 2 && w[n - 1] == 'y' && !IsVowel(w[n - 2])) return w.substr(0, n - 1) + "ied";
  if (double_final) return w + w.back() + "ed";
  return w + "ed";
}

std::string RegularIng(const std::string& w, bool double_final) {
  size_t n = w.size();
  if (EndsWith(w, "ie")) return w.substr(0, n - 2) + "ying";
  if (EndsWith(w, "e") && !EndsWith(w, "ee") && !EndsWith(w, "ye") && !EndsWith(w, "oe") && n > 2)
    return w.substr(0, n - 1) + "ing";
  if (double_final) return w + w.back() + "ing";
  return w + "ing";
}

std::string RegularPlural(const std::string& w) {
  size_t n = w.size();
  if (EndsWith(w, "woman")) return w.substr(0, n - 5) + "women";
  if (EndsWith(w, "man") && w != "human" && w != "german" && w != "roman" && w != "shaman" &&
      w != "ottoman" && w != "talisman")
    return w.substr(0, n - 3) + "men";
  if (EndsWith(w, "s") || EndsWith(w, "x") || EndsWith(w, "z") || EndsWith(w, "ch") ||
      EndsWith(w, "sh"))
    return w + "es";
  if (n >= 2 && w[n - 1] == 'y' && !IsVowel(w[n - 2])) return w.substr(0, n - 1) + "ies";
  return w + "s";
}

}  // namespace

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

int SyllableEstimate(std::string_view w) {
  int groups = 0;
  bool prev_vowel = false;
  for (size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    // "qu": the u is part of the consonant.
    bool v = IsVowel(c) && !(c == 'u' && i > 0 && w[i - 1] == 'q');
    if (c == 'y' && i > 0 && !IsVowel(w[i - 1])) v = true;
    if (v && !prev_vowel) ++groups;
    prev_vowel = v;
  }
  if (groups > 1 && EndsWith(w, "e") && !EndsWith(w, "ee") && !EndsWith(w, "le") && w.size() >= 2 &&
      !IsVowel(w[w.size() - 2]))
    --groups;  // silent final e: "hope", "rule"
  return groups;
}

bool EndsCVC(std::string_view w) {
  size_t n = w.size();
  if (n < 3) return false;
  char c3 = w[n - 1], v = w[n - 2], c1 = w[n - 3];
  if (IsVowel(c3) || c3 == 'w' || c3 == 'x' || c3 == 'y') return false;
  if (!IsVowel(v)) return false;
  bool c1_consonant = !IsVowel(c1) || (c1 == 'u' && n >= 4 && w[n - 4] == 'q');
  return c1_consonant;
}

Result<Inflector> Inflector::FromWordNet(const std::string& dir) {
  DYAD_ASSIGN_OR_RETURN(std::string verbs, ReadFile(dir + "/verb.exc"));
  DYAD_ASSIGN_OR_RETURN(std::string nouns, ReadFile(dir + "/noun.exc"));
  Inflector inf = FromExceptionText(verbs, nouns);
  if (inf.verb_exc_.empty())
    return Status::Corruption(dir + "/verb.exc: no 'inflected lemma' lines found");
  return inf;
}

Inflector Inflector::FromExceptionText(std::string_view verb_exc, std::string_view noun_exc) {
  Inflector inf;
  ParseExceptions(verb_exc, inf.verb_exc_);
  ParseExceptions(noun_exc, inf.noun_exc_);
  return inf;
}

VerbForms Inflector::Verb(std::string_view lemma_view, bool also_regular) const {
  const std::string lemma(lemma_view);
  VerbForms f;
  std::vector<std::string> exc_past, exc_ing;
  if (auto it = verb_exc_.find(lemma); it != verb_exc_.end()) {
    for (const auto& form : it->second) {
      if (EndsWith(form, "ing") && form.size() >= lemma.size() + 2)
        exc_ing.push_back(form);
      else
        exc_past.push_back(form);
    }
  }
  const std::string doubled = lemma.empty() ? lemma : lemma + lemma.back();
  bool wordnet_doubles = false;
  for (const auto& v : {exc_past, exc_ing})
    for (const auto& form : v)
      if (form == doubled + "ed" || form == doubled + "ing") wordnet_doubles = true;
  const bool has_exc = !exc_past.empty() || !exc_ing.empty();
  const bool double_final =
      wordnet_doubles || (!has_exc && SyllableEstimate(lemma) == 1 && EndsCVC(lemma));

  f.third.push_back(ThirdPerson(lemma));

  if (!exc_past.empty()) {
    for (const auto& p : exc_past) AddUnique(f.past, p);
    for (const auto& p : exc_past) {
      // British -ll- (travelled) or -t (burnt, spelt) variants: the regular
      // form is also standard (traveled, burned, spelled).
      bool british_l = EndsWith(lemma, "l") && p == doubled + "ed" && SyllableEstimate(lemma) > 1;
      bool t_past = p == lemma + "t" ||
                    (EndsWith(lemma, "ll") && p == lemma.substr(0, lemma.size() - 1) + "t");
      if (british_l || t_past) AddUnique(f.past, RegularPast(lemma, false));
    }
    // Only a participle in -n listed (shown, mown, proven): the simple past
    // is regular (showed, mowed, proved). Not -en after a consonant (beaten:
    // the past of BEAT is BEAT).
    const bool only_n_participle =
        std::all_of(exc_past.begin(), exc_past.end(), [&](const std::string& p) {
          return p == lemma + "n" && !lemma.empty() && (IsVowel(lemma.back()) || lemma.back() == 'w');
        });
    if (also_regular || only_n_participle) AddUnique(f.past, RegularPast(lemma, double_final));
  } else if (wordnet_doubles && SyllableEstimate(lemma) == 1) {
    // WordNet lists a doubled -ing (putting, setting) but no doubled past:
    // the past is the bare lemma (put, set, cut, hit).
  } else {
    AddUnique(f.past, RegularPast(lemma, double_final));
  }

  if (!exc_ing.empty()) {
    for (const auto& g : exc_ing) AddUnique(f.ing, g);
    for (const auto& g : exc_ing)
      if (EndsWith(lemma, "l") && g == doubled + "ing" && SyllableEstimate(lemma) > 1)
        AddUnique(f.ing, RegularIng(lemma, false));
  } else {
    AddUnique(f.ing, RegularIng(lemma, double_final));
  }
  return f;
}

std::vector<std::string> Inflector::VerbInflections(std::string_view lemma, bool also_regular) const {
  VerbForms f = Verb(lemma, also_regular);
  std::vector<std::string> out;
  for (const auto* v : {&f.third, &f.past, &f.ing})
    for (const auto& s : *v)
      if (s != lemma) AddUnique(out, s);
  return out;
}

std::string Inflector::NounPlural(std::string_view noun_view) const {
  const std::string noun(noun_view);
  if (auto it = noun_exc_.find(noun); it != noun_exc_.end() && !it->second.empty()) {
    // Prefer a listed plural that is not merely a classical variant of the
    // regular one ("bureaux" beside "bureaus", "commandoes" beside "commandos").
    const std::string& p = it->second.front();
    if (EndsWith(noun, "eau") || (EndsWith(noun, "o") && p == noun + "es")) return RegularPlural(noun);
    return p;
  }
  return RegularPlural(noun);
}

std::string Inflector::PhrasePlural(std::string_view phrase) const {
  std::vector<std::string> words;
  std::istringstream in{std::string(phrase)};
  for (std::string w; in >> w;) words.push_back(w);
  if (words.empty()) return {};
  // The head noun: the word before "of"/"for"/"in"/"to" when present,
  // the word before a postposed "general" (attorney general), else the last.
  size_t head = words.size() - 1;
  for (size_t i = 1; i < words.size(); ++i) {
    if (words[i] == "of" || words[i] == "for" || words[i] == "in" || words[i] == "to" ||
        words[i] == "at" || words[i] == "on") {
      head = i - 1;
      break;
    }
  }
  if (head == words.size() - 1 && words.size() >= 2 && words.back() == "general" &&
      words[words.size() - 2] != "brigadier" &&
      words[words.size() - 2] != "major" && words[words.size() - 2] != "lieutenant")
    head = words.size() - 2;
  words[head] = NounPlural(words[head]);
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

}  // namespace dyad::gen
