#include "dyad/date.h"

#include <cstdio>

namespace dyad {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
int32_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool Digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::optional<Date> Make(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return Date::FromYmd(y, m, d);
}

}  // namespace

Date Date::FromYmd(int year, int month, int day) { return Date{DaysFromCivil(year, month, day)}; }

void Date::ToYmd(int& year, int& month, int& day) const {
  int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = yoe + era * 400;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = y + (month <= 2);
}

int Date::year() const {
  int y, m, d;
  ToYmd(y, m, d);
  return y;
}

std::string Date::ToIso() const {
  int y, m, d;
  ToYmd(y, m, d);
  char buf[48];  // room for any int, so -O3 sees no truncation
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string Date::ToCompact() const {
  int y, m, d;
  ToYmd(y, m, d);
  char buf[48];  // room for any int, so -O3 sees no truncation
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
  return buf;
}

std::string Date::ToTabari() const {
  int y, m, d;
  ToYmd(y, m, d);
  char buf[48];  // room for any int, so -O3 sees no truncation
  std::snprintf(buf, sizeof buf, "%02d%02d%02d", y % 100, m, d);
  return buf;
}

std::optional<Date> Date::ParseIso(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!Digits(s.substr(0, 4)) || !Digits(s.substr(5, 2)) || !Digits(s.substr(8, 2))) return std::nullopt;
  return Make(ToInt(s.substr(0, 4)), ToInt(s.substr(5, 2)), ToInt(s.substr(8, 2)));
}

std::optional<Date> Date::ParseCompact(std::string_view s) {
  if (!Digits(s)) return std::nullopt;
  if (s.size() == 8) return Make(ToInt(s.substr(0, 4)), ToInt(s.substr(4, 2)), ToInt(s.substr(6, 2)));
  if (s.size() == 6) {
    int yy = ToInt(s.substr(0, 2));
    return Make(yy < 30 ? 2000 + yy : 1900 + yy, ToInt(s.substr(2, 2)), ToInt(s.substr(4, 2)));
  }
  return std::nullopt;
}

std::optional<Date> Date::Parse(std::string_view s) {
  if (auto d = ParseIso(s)) return d;
  return ParseCompact(s);
}

}  // namespace dyad
