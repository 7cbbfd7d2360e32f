#include "dyad/cameo.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "output/embedded_tables.h"

namespace dyad {
namespace {

const CameoTable& T() { return CameoTable::Default(); }

TEST(CameoTable, EmbeddedTablesParseAndAreComplete) {
  EXPECT_GE(T().codes().size(), 300u);
  EXPECT_GE(T().country_count(), 250u);
  EXPECT_GE(T().actor_type_count(), 40u);
}

TEST(CameoTable, ExactLookup) {
  const CameoCode* c = T().Find("042");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->root, "04");
  EXPECT_EQ(c->name, "make a visit");
  EXPECT_EQ(c->goldstein_tenths, 19);
  EXPECT_DOUBLE_EQ(c->goldstein(), 1.9);
  EXPECT_EQ(c->quad_class, 1);
  EXPECT_EQ(c->plover_event, "CONSULT");
  EXPECT_EQ(c->plover_mode, "visit");

  const CameoCode* r = T().Find("19");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->level(), 1);
  EXPECT_EQ(r->quad_class, 4);
  EXPECT_EQ(r->goldstein_tenths, -100);

  const CameoCode* four = T().Find("0211");
  ASSERT_NE(four, nullptr);
  EXPECT_EQ(four->root, "02");
  EXPECT_EQ(four->goldstein_tenths, 34);
  EXPECT_EQ(four->plover_event, "");  // PLOVER drops appeals
  const CameoCode* d = T().Find("1031");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->quad_class, 3);
  EXPECT_EQ(d->plover_event, "REQUEST");
  EXPECT_EQ(d->plover_context, "economic");
}

TEST(CameoTable, GdeltGoldsteinWinsWhereTablesDisagree) {
  // GDELT -2.0, ICEWS -5.0, Phoenix 3.4 (docs/cameo-table.md).
  EXPECT_EQ(T().Find("016")->goldstein_tenths, -20);
  EXPECT_EQ(T().Find("022")->goldstein_tenths, 32);
  EXPECT_EQ(T().Find("164")->goldstein_tenths, -70);
  EXPECT_EQ(T().Find("165")->goldstein_tenths, -65);
  // Codes GDELT lacks take ICEWS's value.
  ASSERT_TRUE(T().Known("106"));
  EXPECT_EQ(T().Find("106")->goldstein_tenths, -50);
  ASSERT_TRUE(T().Known("1213"));
}

TEST(CameoTable, KnownRejectsGarbage) {
  EXPECT_TRUE(T().Known("01"));
  EXPECT_TRUE(T().Known("20"));
  EXPECT_FALSE(T().Known("21"));
  EXPECT_FALSE(T().Known("00"));
  EXPECT_FALSE(T().Known(""));
  EXPECT_FALSE(T().Known("4"));
  EXPECT_FALSE(T().Known("04a"));
  EXPECT_FALSE(T().Known("04222"));
  EXPECT_FALSE(T().Known("---"));
  EXPECT_FALSE(T().Known("0110"));  // Phoenix-only; Lookup falls back
}

TEST(CameoTable, TolerantLookupFallsBackToParentThenRoot) {
  CameoLookup exact = T().Lookup("0211");
  ASSERT_TRUE(exact.ok());
  EXPECT_FALSE(exact.fell_back);
  EXPECT_EQ(exact.info->code, "0211");

  CameoLookup parent = T().Lookup("0110");
  ASSERT_TRUE(parent.ok());
  EXPECT_TRUE(parent.fell_back);
  EXPECT_EQ(parent.info->code, "011");

  CameoLookup root = T().Lookup("0999");  // no 099 either
  ASSERT_TRUE(root.ok());
  EXPECT_TRUE(root.fell_back);
  EXPECT_EQ(root.info->code, "09");

  CameoLookup three = T().Lookup("109");
  ASSERT_TRUE(three.ok());
  EXPECT_TRUE(three.fell_back);
  EXPECT_EQ(three.info->code, "10");

  EXPECT_FALSE(T().Lookup("2199").ok());
  EXPECT_FALSE(T().Lookup("x").ok());
  EXPECT_FALSE(T().Lookup("").ok());
}

TEST(CameoTable, CountryOf) {
  EXPECT_EQ(T().CountryOf("IRQGOV"), "IRQ");
  EXPECT_EQ(T().CountryOf("IRNMIL"), "IRN");
  EXPECT_EQ(T().CountryOf("USA"), "USA");
  EXPECT_EQ(T().CountryOf("USAPRI"), "USA");
  EXPECT_EQ(T().CountryOf("TMP"), "TMP");
  EXPECT_EQ(T().CountryOf("USRGOV"), "USR");  // historical state
  EXPECT_EQ(T().CountryOf("IGOUNO"), "");
  EXPECT_EQ(T().CountryOf("NGOUSA"), "");
  EXPECT_EQ(T().CountryOf("MNCUSA"), "");
  EXPECT_EQ(T().CountryOf("IMGMUSISI"), "");
  EXPECT_EQ(T().CountryOf("MEA"), "");  // region
  EXPECT_EQ(T().CountryOf("GOV"), "");
  EXPECT_EQ(T().CountryOf("---"), "");
  EXPECT_EQ(T().CountryOf(""), "");
  EXPECT_EQ(T().CountryOf("IR"), "");
  EXPECT_EQ(T().CountryOf("irqgov"), "");
}

TEST(CameoTable, CountryOrRegionOfMatchesGdelt) {
  // Values as in GDELT's Actor1CountryCode column.
  EXPECT_EQ(T().CountryOrRegionOf("IGOEUREEC"), "EUR");
  EXPECT_EQ(T().CountryOrRegionOf("IGOWSTNAT"), "WST");
  EXPECT_EQ(T().CountryOrRegionOf("NGOUSA"), "USA");
  EXPECT_EQ(T().CountryOrRegionOf("EUR"), "EUR");
  EXPECT_EQ(T().CountryOrRegionOf("GOVPTY"), "");
  EXPECT_EQ(T().CountryOrRegionOf("IGOUNO"), "");
  EXPECT_TRUE(T().IsRegion("MEA"));
  EXPECT_FALSE(T().IsCountry("MEA"));
  EXPECT_TRUE(T().IsCountry("IRQ"));
}

TEST(CameoTable, SplitActor) {
  ActorParts a = T().SplitActor("IGOWSTNAT");
  EXPECT_EQ(a.country, "");
  EXPECT_EQ(a.country_or_region, "WST");
  EXPECT_EQ(a.known_group, "NAT");
  EXPECT_EQ(a.types[0], "IGO");

  ActorParts b = T().SplitActor("GEOGOVDEV");
  EXPECT_EQ(b.country, "GEO");
  EXPECT_EQ(b.types[0], "GOV");
  EXPECT_EQ(b.types[1], "DEV");
  EXPECT_EQ(b.types[2], "");

  ActorParts c = T().SplitActor("MOSREB");
  EXPECT_EQ(c.religion1, "MOS");
  EXPECT_EQ(c.types[0], "REB");

  ActorParts d = T().SplitActor("IGOUNO");
  EXPECT_EQ(d.known_group, "UNO");
  EXPECT_EQ(d.types[0], "IGO");
  EXPECT_EQ(d.types[1], "");

  ActorParts e = T().SplitActor("");
  EXPECT_EQ(e.country_or_region, "");
  EXPECT_EQ(e.types[0], "");
}

TEST(CameoTable, Names) {
  EXPECT_EQ(T().CountryName("IRQ"), "Iraq");
  EXPECT_EQ(T().CountryName("IRN"), "Iran");
  EXPECT_EQ(T().CountryName("MEA"), "Middle East");
  EXPECT_EQ(T().CountryName("XYZ"), "");
  EXPECT_EQ(T().ActorTypeName("GOV"), "government");
  EXPECT_EQ(T().ActorTypeName("MIL"), "military");
  EXPECT_EQ(T().ActorTypeName("IGO"), "inter-governmental organization");
  EXPECT_EQ(T().ActorTypeGroup("REB"), "role");
  EXPECT_EQ(T().ActorTypeGroup("MOS"), "religion");
  EXPECT_EQ(T().ActorTypeName("ZZZ"), "");
  EXPECT_EQ(T().ActorTypeName("go"), "");
}

TEST(CameoTable, ConsistencyOfEveryCode) {
  std::set<std::string> roots;
  for (const CameoCode& c : T().codes()) {
    if (c.code.size() == 2) roots.insert(c.code);
  }
  EXPECT_EQ(roots.size(), 20u);
  for (const CameoCode& c : T().codes()) {
    SCOPED_TRACE(c.code);
    EXPECT_EQ(c.root, c.code.substr(0, 2));
    EXPECT_TRUE(roots.count(c.root)) << "root missing";
    if (c.code.size() == 4) {
      EXPECT_TRUE(T().Known(c.code.substr(0, 3))) << "3-digit parent missing";
    }
    int root = std::stoi(c.root);
    EXPECT_EQ(c.quad_class, CameoTable::QuadClassOfRoot(root));
    EXPECT_GE(c.goldstein_tenths, -100);
    EXPECT_LE(c.goldstein_tenths, 100);
    EXPECT_FALSE(c.name.empty());
    EXPECT_EQ(T().Find(c.code), &c);
    // PLOVER drops CAMEO 01 and 02 only.
    if (root <= 2) {
      EXPECT_EQ(c.plover_event, "");
    } else {
      EXPECT_FALSE(c.plover_event.empty());
    }
  }
  EXPECT_EQ(CameoTable::QuadClassOfRoot(5), 1);
  EXPECT_EQ(CameoTable::QuadClassOfRoot(6), 2);
  EXPECT_EQ(CameoTable::QuadClassOfRoot(14), 3);
  EXPECT_EQ(CameoTable::QuadClassOfRoot(15), 4);
  EXPECT_EQ(CameoTable::QuadClassOfRoot(0), 0);
  EXPECT_EQ(CameoTable::QuadClassOfRoot(21), 0);
}

TEST(CameoTable, ParseReportsLineAndColumn) {
  const std::string types = "code\tname\tgroup\nGOV\tgovernment\trole\n";
  const std::string countries = "code\tname\tkind\nIRQ\tIraq\tcountry\n";
  const std::string header = "code\troot\tname\tgoldstein\tquad_class\tplover_event\tplover_mode\n";
  auto ok = CameoTable::Parse(header + "04\t04\tconsult\t1.0\t1\tCONSULT\t\n", types, countries);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(ok->Known("04"));

  auto bad_g = CameoTable::Parse(header + "04\t04\tconsult\t11.5\t1\tCONSULT\t\n", types, countries);
  ASSERT_FALSE(bad_g.ok());
  EXPECT_NE(bad_g.status().message().find("cameo_codes.tsv:2:4:"), std::string::npos) << bad_g.status().message();

  auto bad_root = CameoTable::Parse(header + "042\t05\tvisit\t1.9\t1\tCONSULT\tvisit\n", types, countries);
  ASSERT_FALSE(bad_root.ok());
  EXPECT_NE(bad_root.status().message().find(":2:2:"), std::string::npos);

  auto short_row = CameoTable::Parse(header + "042\t04\n", types, countries);
  ASSERT_FALSE(short_row.ok());
  EXPECT_NE(short_row.status().message().find("expected 7"), std::string::npos);

  auto dup = CameoTable::Parse(header, types, countries + "IRQ\tIraq again\tcountry\n");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("countries.tsv:3:1: duplicate"), std::string::npos);

  auto no_header = CameoTable::Parse("04\t04\tconsult\t1.0\t1\tCONSULT\t\n", types, countries);
  EXPECT_FALSE(no_header.ok());
}

// The shared reference tables, when present.
std::string SharedDir() {
  const char* d = std::getenv("DYAD_SHARED_DIR");
  return d == nullptr ? std::string() : std::string(d);
}

TEST(CameoTableShared, GdeltCodebookCodesAreAllKnownWithGdeltGoldstein) {
  std::ifstream in(SharedDir() + "/data/codebook/CAMEO.goldsteinscale.txt");
  if (SharedDir().empty() || !in) GTEST_SKIP() << "../shared is absent (DYAD_SHARED_DIR)";
  std::string line;
  std::getline(in, line);  // header
  int n = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string code = line.substr(0, tab);
    double g = std::stod(line.substr(tab + 1));
    const CameoCode* c = T().Find(code);
    ASSERT_NE(c, nullptr) << code;
    EXPECT_EQ(c->goldstein_tenths, static_cast<int>(std::lround(g * 10))) << code;
    ++n;
  }
  EXPECT_GE(n, 300);
}

TEST(CameoTableShared, PhoenixCountryRootsAreCountries) {
  std::ifstream in(SharedDir() + "/data/petrarch/Phoenix.Countries.actors.txt");
  if (SharedDir().empty() || !in) GTEST_SKIP() << "../shared is absent (DYAD_SHARED_DIR)";
  std::map<std::string, int> unknown;
  std::string line;
  int roots = 0;
  while (std::getline(in, line)) {
    size_t p = line.find('[');
    if (p == std::string::npos || line.find('#') < p) continue;
    std::string code = line.substr(p + 1, 3);
    if (code.size() < 3 || code[0] < 'A' || code[0] > 'Z' || code == "IGO" || code == "IMG") continue;
    ++roots;
    if (!T().IsCountry(code)) ++unknown[code];
  }
  EXPECT_GT(roots, 1000);
  // FRN is a typo for FRA in one Phoenix entry (FRNWLF); see docs/cameo-table.md.
  unknown.erase("FRN");
  for (const auto& [code, count] : unknown) ADD_FAILURE() << "unknown country root " << code << " x" << count;
}

// data/cameo/plover_versions.tsv: 0.5 name -> 2021 name, by kind.
std::map<std::pair<std::string, std::string>, std::string> PloverVersions() {
  std::map<std::pair<std::string, std::string>, std::string> m;
  std::istringstream in{std::string(embedded::plover_versions)};
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.rfind("kind\tplover_0_5\tplover_2021\tnote", 0), 0u);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    size_t start = 0, tab;
    while ((tab = line.find('\t', start)) != std::string::npos) {
      f.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    f.push_back(line.substr(start));
    EXPECT_EQ(f.size(), 4u) << line;
    if (f.size() == 4) m[{f[0], f[1]}] = f[2];
  }
  return m;
}

TEST(CameoTable, PloverVersionsMapOntoNamesUsedInTheCodeTable) {
  std::set<std::string> events, modes;
  for (const CameoCode& c : T().codes()) {
    events.insert(c.plover_event);
    modes.insert(c.plover_mode);
  }
  auto m = PloverVersions();
  EXPECT_GE(m.size(), 40u);
  for (const auto& [key, v2021] : m) {
    if (v2021.empty()) continue;  // no 2021 equivalent
    if (key.first == "event") {
      EXPECT_TRUE(events.count(v2021)) << key.second << " -> " << v2021;
    } else {
      EXPECT_EQ(key.first, "mode");
      EXPECT_TRUE(modes.count(v2021)) << key.second << " -> " << v2021;
    }
  }
}

TEST(CameoTableShared, GoldFilePloverNamesAreAllMapped) {
  std::ifstream in(SharedDir() + "/data/gold/plover_gsr_cameo.dev.jsonl");
  if (SharedDir().empty() || !in) GTEST_SKIP() << "../shared is absent (DYAD_SHARED_DIR)";
  auto m = PloverVersions();
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    ++n;
    std::string ev = j.value("event", "");
    EXPECT_TRUE(m.count({"event", ev})) << "event " << ev;
    if (j.contains("mode") && j["mode"].is_string() && !j["mode"].get<std::string>().empty()) {
      std::string mode = j["mode"];
      EXPECT_TRUE(m.count({"mode", mode})) << "mode " << mode;
    }
  }
  EXPECT_GT(n, 100);
}

}  // namespace
}  // namespace dyad
