// CAMEO facts the store needs for a code and an actor, from dyad's CAMEO
// table (include/dyad/cameo.h).
#include <cctype>

#include "dyad/cameo.h"
#include "dyad/store.h"

namespace dyad {

std::optional<CodeFacts> LookupCameoCode(const std::string& code) {
  // Tolerant lookup: a 4-digit variant missing from the table takes its
  // parent's values, as the JSONL writer does ("code_parent").
  CameoLookup found = CameoTable::Default().Lookup(code);
  if (!found.ok()) return std::nullopt;
  CodeFacts f;
  f.root = std::stoi(found.info->root);
  f.quad_class = found.info->quad_class ? found.info->quad_class : CameoTable::QuadClassOfRoot(f.root);
  f.goldstein = found.info->goldstein();
  f.goldstein_known = true;
  return f;
}

std::string PartyOf(const std::string& actor_code) {
  std::string country = CameoTable::Default().CountryOf(actor_code);
  if (!country.empty()) return country;
  // Actors without a country (IGO..., NGO..., GOV, MED) are grouped by their
  // leading 3-letter part.
  return actor_code.size() > 3 ? actor_code.substr(0, 3) : actor_code;
}

}  // namespace dyad
