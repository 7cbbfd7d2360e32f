#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "dyad/analysis.h"

namespace dyad {
namespace {

bool IsNumber(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string FormatNumber(double v, int decimals) {
  if (!std::isfinite(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) s = s[0] == '-' ? s.substr(1) : s;
  return s;
}

std::string Table::ToText() const {
  std::vector<size_t> width(headers.size(), 0);
  std::vector<bool> numeric(headers.size(), true);
  for (size_t i = 0; i < headers.size(); ++i) width[i] = Width(headers[i]);
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size() && i < headers.size(); ++i) {
      width[i] = std::max(width[i], Width(row[i]));
      if (!row[i].empty() && !IsNumber(row[i])) numeric[i] = false;
    }
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string l;
    for (size_t i = 0; i < headers.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      std::string pad(width[i] - std::min(width[i], Width(cell)), ' ');
      if (i) l += "  ";
      l += numeric[i] ? pad + cell : cell + pad;
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(headers);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : rows) line(row);
  return out;
}

std::string Table::ToCsv() const {
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + CsvField(cells[i]);
    out += "\n";
  };
  line(headers);
  for (const auto& row : rows) line(row);
  return out;
}

std::string Table::ToJson() const {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& row : rows) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    for (size_t i = 0; i < headers.size() && i < row.size(); ++i) {
      if (IsNumber(row[i]))
        o[headers[i]] = row[i].find_first_of(".eE") == std::string::npos ? nlohmann::ordered_json(std::stoll(row[i]))
                                                                          : nlohmann::ordered_json(std::stod(row[i]));
      else
        o[headers[i]] = row[i];
    }
    arr.push_back(std::move(o));
  }
  return arr.dump(2) + "\n";
}

}  // namespace dyad
