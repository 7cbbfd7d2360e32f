// English inflection for dyad's dictionary generator (tools/gen_verbs).
//
// Verb forms and noun plurals are derived from a lemma by regular English
// rules, corrected by WordNet's exception lists (Debian package
// wordnet-base: /usr/share/wordnet/verb.exc and noun.exc, lines of the form
// "inflected lemma"). Nothing here is hand-typed per word: WordNet decides
// the irregular forms and the stress-final consonant doubling
// (REFER -> REFERRED) that spelling rules alone cannot know.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dyad/status.h"

namespace dyad::gen {

// The inflected forms of one verb, lower case, without the lemma itself
// unless a form coincides with it (PUT, PUT, PUT).
struct VerbForms {
  std::vector<std::string> third;  // 3rd person singular present: visits
  std::vector<std::string> past;   // past tense and past participle: visited, gone
  std::vector<std::string> ing;    // present participle: visiting
};

class Inflector {
 public:
  // Reads verb.exc and noun.exc from a WordNet dictionary folder.
  static Result<Inflector> FromWordNet(const std::string& dir);
  // Builds from the text of the two exception files (for tests).
  static Inflector FromExceptionText(std::string_view verb_exc, std::string_view noun_exc);

  // `also_regular`: add the regular -ed past beside WordNet's irregular one
  // (PLEAD: pled and pleaded), written "plead+ed" in the sources.
  VerbForms Verb(std::string_view lemma, bool also_regular = false) const;
  // All distinct forms except the lemma itself, in order 3sg, past, -ing.
  std::vector<std::string> VerbInflections(std::string_view lemma, bool also_regular = false) const;

  // Plural of a single noun ("minister" -> "ministers", "spokesman" ->
  // "spokesmen", "militia" -> "militias", "thief" -> "thieves").
  std::string NounPlural(std::string_view noun) const;
  // Plural of a noun phrase of lower-case words separated by single spaces:
  // the head noun inflects ("chief of staff" -> "chiefs of staff",
  // "attorney general" -> "attorneys general", "foreign minister" ->
  // "foreign ministers").
  std::string PhrasePlural(std::string_view phrase) const;

  size_t verb_exceptions() const { return verb_exc_.size(); }

 private:
  // lemma -> inflected forms listed in the exception file
  std::unordered_map<std::string, std::vector<std::string>> verb_exc_;
  std::unordered_map<std::string, std::vector<std::string>> noun_exc_;
};

// Spelling helpers, exposed for the tests.
bool IsVowel(char c);
// Number of vowel groups, ignoring a final silent 'e' ("hope" -> 1).
int SyllableEstimate(std::string_view w);
// Ends consonant-vowel-consonant with a final consonant that may double
// (not w, x, y): stop, plan, refer; not visit's stress, which the caller decides.
bool EndsCVC(std::string_view w);

}  // namespace dyad::gen
