// Calendar dates as day numbers, and the date formats of the field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dyad {

// A proleptic Gregorian date stored as days since 1970-01-01. Comparable and
// cheap to copy; `Date{}` (day 0) is 1970-01-01, use std::optional<Date> for
// "no date".
struct Date {
  int32_t days = 0;

  static Date FromYmd(int year, int month, int day);
  void ToYmd(int& year, int& month, int& day) const;
  int year() const;
  std::string ToIso() const;        // "2005-07-15"
  std::string ToCompact() const;    // "20050715" (PETRARCH, GDELT SQLDATE)
  std::string ToTabari() const;     // "050715"   (TABARI YYMMDD)

  // "2005-07-15". Rejects impossible dates (2005-02-30).
  static std::optional<Date> ParseIso(std::string_view s);
  // "20050715" (YYYYMMDD) or "050715" (YYMMDD; 00-29 -> 20xx, else 19xx,
  // TABARI's rule for two-digit years).
  static std::optional<Date> ParseCompact(std::string_view s);
  // Any of the above.
  static std::optional<Date> Parse(std::string_view s);

  friend auto operator<=>(const Date&, const Date&) = default;
};

}  // namespace dyad
