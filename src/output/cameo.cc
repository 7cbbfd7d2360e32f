// CameoTable: parsing of data/cameo/*.tsv and the lookups on it.
#include "dyad/cameo.h"

#include <charconv>
#include <cmath>
#include <utility>

#include "output/embedded_tables.h"

namespace dyad {
namespace {

constexpr int kCodeKeySpace = 5 * 10000;  // length (2..4) * 10000 + value
constexpr int kAlpha3Space = 26 * 26 * 26;

// Splits TSV text into lines of tab-separated fields, calling fn(line_no, fields).
template <typename Fn>
Status ForEachRow(std::string_view table, std::string_view text, size_t min_fields,
                  std::string_view expected_header, Fn fn) {
  size_t line_no = 0;
  size_t pos = 0;
  std::vector<std::string_view> fields;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1) {
      if (line.substr(0, expected_header.size()) != expected_header) {
        return Status::ParseError(std::string(table) + ":1:1: header must start with '" +
                                  std::string(expected_header) + "'");
      }
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    fields.clear();
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      if (tab == std::string_view::npos) {
        fields.push_back(line.substr(start));
        break;
      }
      fields.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    if (fields.size() < min_fields) {
      return Status::ParseError(std::string(table) + ":" + std::to_string(line_no) + ":1: expected " +
                                std::to_string(min_fields) + " tab-separated fields, found " +
                                std::to_string(fields.size()) + ": '" + std::string(line) + "'");
    }
    DYAD_RETURN_IF_ERROR(fn(line_no, fields));
  }
  return Status::Ok();
}

std::string Where(std::string_view table, size_t line, int column) {
  return std::string(table) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

}  // namespace

int CameoTable::QuadClassOfRoot(int root) {
  if (root >= 1 && root <= 5) return 1;
  if (root >= 6 && root <= 9) return 2;
  if (root >= 10 && root <= 14) return 3;
  if (root >= 15 && root <= 20) return 4;
  return 0;
}

int CameoTable::CodeKey(std::string_view code) {
  if (code.size() < 2 || code.size() > 4) return -1;
  int v = 0;
  for (char c : code) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return static_cast<int>(code.size()) * 10000 + v;
}

int CameoTable::Alpha3Key(std::string_view code3) {
  if (code3.size() != 3) return -1;
  int v = 0;
  for (char c : code3) {
    if (c < 'A' || c > 'Z') return -1;
    v = v * 26 + (c - 'A');
  }
  return v;
}

Result<CameoTable> CameoTable::Parse(std::string_view cameo_codes_tsv, std::string_view actor_types_tsv,
                                     std::string_view countries_tsv) {
  CameoTable t;
  t.code_index_.assign(kCodeKeySpace, -1);
  t.country_index_.assign(kAlpha3Space, -1);
  t.type_index_.assign(kAlpha3Space, -1);

  constexpr std::string_view kCodes = "cameo_codes.tsv";
  DYAD_RETURN_IF_ERROR(ForEachRow(
      kCodes, cameo_codes_tsv, 7, "code\troot\tname\tgoldstein\tquad_class\tplover_event\tplover_mode",
      [&](size_t line, const std::vector<std::string_view>& f) -> Status {
        int key = CodeKey(f[0]);
        if (key < 0) return Status::ParseError(Where(kCodes, line, 1) + "bad CAMEO code '" + std::string(f[0]) + "'");
        if (t.code_index_[key] >= 0)
          return Status::ParseError(Where(kCodes, line, 1) + "duplicate code '" + std::string(f[0]) + "'");
        if (f[1].size() != 2 || f[0].substr(0, 2) != f[1])
          return Status::ParseError(Where(kCodes, line, 2) + "root '" + std::string(f[1]) + "' does not match code '" +
                                    std::string(f[0]) + "'");
        double g = 0;
        auto [ptr, ec] = std::from_chars(f[3].data(), f[3].data() + f[3].size(), g);
        if (ec != std::errc() || ptr != f[3].data() + f[3].size() || g < -10.0 || g > 10.0)
          return Status::ParseError(Where(kCodes, line, 4) + "goldstein '" + std::string(f[3]) +
                                    "' is not a number in [-10, 10]");
        if (f[4].size() != 1 || f[4][0] < '1' || f[4][0] > '4')
          return Status::ParseError(Where(kCodes, line, 5) + "quad_class '" + std::string(f[4]) + "' is not 1-4");
        CameoCode c;
        c.code = std::string(f[0]);
        c.root = std::string(f[1]);
        c.name = std::string(f[2]);
        c.goldstein_tenths = static_cast<int>(std::lround(g * 10.0));
        c.quad_class = f[4][0] - '0';
        c.plover_event = std::string(f[5]);
        c.plover_mode = std::string(f[6]);
        if (f.size() > 7) c.plover_context = std::string(f[7]);
        if (t.codes_.size() >= 32000) return Status::LimitExceeded(Where(kCodes, line, 1) + "too many codes");
        t.code_index_[key] = static_cast<int16_t>(t.codes_.size());
        t.codes_.push_back(std::move(c));
        return Status::Ok();
      }));

  auto named = [](std::string_view table, std::string_view header, std::string_view text, std::vector<Named>& out,
                  std::vector<int16_t>& index) -> Status {
    return ForEachRow(table, text, 3, header, [&](size_t line, const std::vector<std::string_view>& f) -> Status {
      int key = Alpha3Key(f[0]);
      if (key < 0)
        return Status::ParseError(Where(table, line, 1) + "'" + std::string(f[0]) + "' is not 3 letters A-Z");
      if (index[key] >= 0) return Status::ParseError(Where(table, line, 1) + "duplicate code '" + std::string(f[0]) + "'");
      index[key] = static_cast<int16_t>(out.size());
      out.push_back(Named{std::string(f[0]), std::string(f[1]), std::string(f[2])});
      return Status::Ok();
    });
  };
  DYAD_RETURN_IF_ERROR(named("actor_types.tsv", "code\tname\tgroup", actor_types_tsv, t.types_, t.type_index_));
  DYAD_RETURN_IF_ERROR(named("countries.tsv", "code\tname\tkind", countries_tsv, t.countries_, t.country_index_));
  return t;
}

const CameoTable& CameoTable::Default() {
  static const CameoTable table = [] {
    Result<CameoTable> r = Parse(embedded::cameo_codes, embedded::actor_types, embedded::countries);
    // The embedded tables are checked by dyad_output_tests; an empty table is
    // the only safe answer if a broken build slipped through.
    assert(r.ok() && "embedded CAMEO tables do not parse");
    if (!r.ok()) {
      CameoTable empty;
      empty.code_index_.assign(kCodeKeySpace, -1);
      empty.country_index_.assign(kAlpha3Space, -1);
      empty.type_index_.assign(kAlpha3Space, -1);
      return empty;
    }
    return std::move(r).value();
  }();
  return table;
}

const CameoCode* CameoTable::Find(std::string_view code) const {
  int key = CodeKey(code);
  if (key < 0) return nullptr;
  int16_t i = code_index_[key];
  return i < 0 ? nullptr : &codes_[i];
}

CameoLookup CameoTable::Lookup(std::string_view code) const {
  if (const CameoCode* c = Find(code)) return {c, false};
  if (CodeKey(code) < 0) return {};
  for (size_t len = code.size() - 1; len >= 2; --len) {
    if (const CameoCode* c = Find(code.substr(0, len))) return {c, true};
  }
  return {};
}

const CameoTable::Named* CameoTable::FindCountry(std::string_view code3) const {
  int key = Alpha3Key(code3);
  if (key < 0) return nullptr;
  int16_t i = country_index_[key];
  return i < 0 ? nullptr : &countries_[i];
}

const CameoTable::Named* CameoTable::FindType(std::string_view code3) const {
  int key = Alpha3Key(code3);
  if (key < 0) return nullptr;
  int16_t i = type_index_[key];
  return i < 0 ? nullptr : &types_[i];
}

bool CameoTable::IsCountry(std::string_view code3) const {
  const Named* n = FindCountry(code3);
  return n != nullptr && n->kind != "region";
}

bool CameoTable::IsRegion(std::string_view code3) const {
  const Named* n = FindCountry(code3);
  return n != nullptr && n->kind == "region";
}

std::string CameoTable::CountryOf(std::string_view actor_code) const {
  if (actor_code.size() < 3) return {};
  std::string_view head = actor_code.substr(0, 3);
  return IsCountry(head) ? std::string(head) : std::string();
}

std::string CameoTable::CountryOrRegionOf(std::string_view actor_code) const {
  for (size_t i = 0; i + 3 <= actor_code.size(); i += 3) {
    std::string_view part = actor_code.substr(i, 3);
    if (FindCountry(part) != nullptr) return std::string(part);
  }
  return {};
}

ActorParts CameoTable::SplitActor(std::string_view actor_code) const {
  ActorParts p;
  p.country = CountryOf(actor_code);
  p.country_or_region = CountryOrRegionOf(actor_code);
  int ntypes = 0;
  bool after_international = false;
  bool country_seen = false;
  for (size_t i = 0; i + 3 <= actor_code.size(); i += 3) {
    std::string_view part = actor_code.substr(i, 3);
    if (!country_seen && part == p.country_or_region) {
      country_seen = true;  // the country/region part itself
      continue;
    }
    const Named* type = FindType(part);
    if (type != nullptr && type->kind == "religion") {
      if (p.religion1.empty()) {
        p.religion1 = std::string(part);
      } else if (p.religion2.empty()) {
        p.religion2 = std::string(part);
      }
      continue;
    }
    if (type != nullptr && type->kind != "known_group") {
      if (ntypes < 3) p.types[ntypes++] = std::string(part);
      after_international = after_international || type->kind == "international";
      continue;
    }
    // Known groups ("UNO", "NAT", "EEC") follow an international type.
    if ((after_international || (type != nullptr && type->kind == "known_group")) && p.known_group.empty() &&
        FindCountry(part) == nullptr && Alpha3Key(part) >= 0) {
      p.known_group = std::string(part);
    }
  }
  return p;
}

std::string_view CameoTable::CountryName(std::string_view code3) const {
  const Named* n = FindCountry(code3);
  return n == nullptr ? std::string_view() : std::string_view(n->name);
}

std::string_view CameoTable::ActorTypeName(std::string_view code3) const {
  const Named* n = FindType(code3);
  return n == nullptr ? std::string_view() : std::string_view(n->name);
}

std::string_view CameoTable::ActorTypeGroup(std::string_view code3) const {
  const Named* n = FindType(code3);
  return n == nullptr ? std::string_view() : std::string_view(n->kind);
}

}  // namespace dyad
