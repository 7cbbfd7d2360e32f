// dyad's CAMEO tables: event codes (name, Goldstein, quad class, PLOVER),
// actor type codes and country/region roots.
//
// The tables live in data/cameo/*.tsv (see docs/cameo-table.md) and are
// compiled into the library, so CameoTable::Default() needs no files at run
// time. A CameoTable is immutable once built and safe to share across threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/status.h"

namespace dyad {

// One CAMEO event code.
struct CameoCode {
  std::string code;            // "042", "0211", "04"
  std::string root;            // "04"
  std::string name;            // "make a visit"
  int goldstein_tenths = 0;    // Goldstein scale * 10 (GDELT's values), -100..100
  int quad_class = 0;          // 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
  std::string plover_event;    // PLOVER 2021 event type, "" where PLOVER drops the code (01, 02)
  std::string plover_mode;     // PLOVER mode, often ""
  std::string plover_context;  // PLOVER context(s), comma separated, often ""

  double goldstein() const { return goldstein_tenths / 10.0; }
  int level() const { return static_cast<int>(code.size()) - 1; }  // 1 root, 2 three-digit, 3 four-digit
};

// The result of a tolerant lookup.
struct CameoLookup {
  const CameoCode* info = nullptr;  // nullptr: neither the code nor its parents are known
  bool fell_back = false;           // info is a parent of the requested code ("0110" -> "011")
  bool ok() const { return info != nullptr; }
};

// What a CAMEO actor code is made of, split into its 3-letter parts.
// "IGOWSTNAT" -> international IGO, region WST, known group NAT.
struct ActorParts {
  std::string country;             // leading country root ("IRQ"), "" if none (CountryOf)
  std::string country_or_region;   // first country or region part anywhere ("WST"), GDELT-style
  std::string known_group;         // part after IGO/NGO/IMG/MNC/NGM that is not a country/region/type
  std::string religion1, religion2;
  std::string types[3];            // role, sector and international type codes, in order
};

class CameoTable {
 public:
  // The table built from the embedded data/cameo/*.tsv. Built once, lazily,
  // then read-only.
  static const CameoTable& Default();

  // Builds a table from TSV text (the formats of data/cameo/*.tsv, header
  // line first). Errors name the table, line and column.
  static Result<CameoTable> Parse(std::string_view cameo_codes_tsv, std::string_view actor_types_tsv,
                                  std::string_view countries_tsv);

  // The quad class GDELT assigns to a root 1..20 (01-05 -> 1, 06-09 -> 2,
  // 10-14 -> 3, 15-20 -> 4); 0 outside 1..20.
  static int QuadClassOfRoot(int root);

  // Exact lookup; nullptr if `code` is not in the table.
  const CameoCode* Find(std::string_view code) const;
  bool Known(std::string_view code) const { return Find(code) != nullptr; }
  // Tolerant lookup: an unknown 4-digit code falls back to its 3-digit
  // parent, then to its root; an unknown 3-digit code to its root.
  CameoLookup Lookup(std::string_view code) const;

  // The 3-letter country root an actor code starts with: "IRQGOV" -> "IRQ",
  // "USA" -> "USA", "USAPRI" -> "USA"; "" for codes that do not start with a
  // country (IGO/NGO/MNC/IMG, regions such as "MEA", types such as "GOV").
  std::string CountryOf(std::string_view actor_code) const;
  // Like GDELT's ActorCountryCode: the first 3-letter part that is a country
  // or a region, anywhere in the code ("IGOWSTNAT" -> "WST", "NGOUSA" -> "USA").
  std::string CountryOrRegionOf(std::string_view actor_code) const;
  ActorParts SplitActor(std::string_view actor_code) const;

  bool IsCountry(std::string_view code3) const;  // a country (incl. historical states)
  bool IsRegion(std::string_view code3) const;   // "MEA", "AFR", ...
  // Names; "" when unknown.
  std::string_view CountryName(std::string_view code3) const;  // countries and regions
  std::string_view ActorTypeName(std::string_view code3) const;
  // "role", "sector", "attribute", "international", "known_group", "religion"; "" when unknown.
  std::string_view ActorTypeGroup(std::string_view code3) const;

  const std::vector<CameoCode>& codes() const { return codes_; }
  size_t country_count() const { return countries_.size(); }
  size_t actor_type_count() const { return types_.size(); }

 private:
  struct Named {
    std::string code, name, kind;
  };
  static int CodeKey(std::string_view code);   // -1 if not 2-4 digits
  static int Alpha3Key(std::string_view code3);  // -1 if not 3 letters A-Z
  const Named* FindCountry(std::string_view code3) const;
  const Named* FindType(std::string_view code3) const;

  std::vector<CameoCode> codes_;
  std::vector<int16_t> code_index_;     // CodeKey -> index into codes_, -1 when absent
  std::vector<Named> countries_;
  std::vector<Named> types_;
  std::vector<int16_t> country_index_;  // Alpha3Key -> index into countries_
  std::vector<int16_t> type_index_;     // Alpha3Key -> index into types_
};

}  // namespace dyad
