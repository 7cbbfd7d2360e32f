// Dyad analytics over an EventStore: event trends, partners, alignment and
// shifts. Methods and formulas: docs/analysis.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dyad/status.h"
#include "dyad/store.h"

namespace dyad {

// "2020-01-05" (day), "2020-01-06" (week, its Monday), "2020-01", "2020".
std::string PeriodLabel(Date start, Granularity by);
Date PeriodStart(Date d, Granularity by);
Date NextPeriod(Date start, Granularity by);
// "day", "week", "month", "year".
std::optional<Granularity> ParseGranularity(const std::string& s);
// "2020", "2020-03" or "2020-03-15": the first day it names; `end` = the last.
std::optional<Date> ParseDateBound(const std::string& s, bool end);

// Counts and Goldstein of one period.
struct PeriodStats {
  Date start;
  std::string label;
  uint64_t quad[5] = {0, 0, 0, 0, 0};   // index 1..4 = quad class
  uint64_t total = 0;
  double goldstein_sum = 0;
  double goldstein_mean() const { return total ? goldstein_sum / static_cast<double>(total) : 0; }
  void Add(int quad_class, uint64_t n, double g);
};

struct TrendOptions {
  ActorSpec a, b;
  Granularity by = Granularity::kMonth;
  bool both = false;             // A->B and B->A together; default A->B only
  std::optional<Date> from, to;
  Counting counting = Counting::kMentions;
};
// One row per period from the first to the last period with events (or the
// from/to bounds), empty periods included.
Result<std::vector<PeriodStats>> Trend(EventStore& store, const TrendOptions& o);

struct PartnerRow {
  std::string partner;
  uint64_t quad[5] = {0, 0, 0, 0, 0};
  uint64_t total = 0;
  uint64_t cooperation() const { return quad[1] + quad[2]; }
  uint64_t conflict() const { return quad[3] + quad[4]; }
  double net_goldstein = 0;     // sum of Goldstein values, both directions
};
struct PartnersOptions {
  ActorSpec a;
  std::optional<Date> since, until;
  Counting counting = Counting::kMentions;
  bool include_self = false;     // domestic events (A's own party)
  size_t top = 10;
};
struct PartnersResult {
  std::vector<PartnerRow> by_cooperation;   // most cooperative events first
  std::vector<PartnerRow> by_conflict;      // most conflictual events first
};
Result<PartnersResult> Partners(EventStore& store, const PartnersOptions& o);

// Alignment of A between B and C; see docs/analysis.md:
//   affinity(A,X) = G(A,X) / (10 * (N(A,X) + k))      in (-1, 1)
//   index         = (affinity(A,B) - affinity(A,C)) / 2   in (-1, 1)
// G = Goldstein sum of A<->X events in the period (both directions),
// N = their number, k = prior weight (shrinks sparse periods toward 0).
struct AlignmentRow {
  Date start;
  std::string label;
  uint64_t n_b = 0, n_c = 0;
  double g_b = 0, g_c = 0;
  double affinity_b = 0, affinity_c = 0;
  double index = 0;
};
struct AlignmentOptions {
  ActorSpec a, b, c;
  Granularity by = Granularity::kMonth;
  std::optional<Date> from, to;
  double prior = 5;
  Counting counting = Counting::kMentions;
};
struct AlignmentResult {
  std::vector<AlignmentRow> rows;
  double slope_per_year = 0;   // least-squares drift of the index (positive: toward B)
  double mean_index = 0;
};
Result<AlignmentResult> Alignment(EventStore& store, const AlignmentOptions& o);

// Dyads whose monthly net Goldstein changed: Shewhart test of the mean of
// the last `recent` months against the `baseline` months before them.
struct ShiftRow {
  std::string a, b;            // undirected party pair, a < b
  double baseline_mean = 0, baseline_sd = 0;
  double recent_mean = 0;
  double z = 0;                // (recent_mean - baseline_mean) / (sd / sqrt(recent))
  uint64_t events_recent = 0, events_baseline = 0;
  std::vector<double> monthly;  // net Goldstein per month, baseline then recent
};
struct ShiftsOptions {
  int recent = 3;
  int baseline = 24;
  uint64_t min_events = 30;    // in baseline + recent
  double z = 3.0;              // |z| threshold
  double min_sd = 1.0;         // floor on the baseline standard deviation
  std::optional<int32_t> last_month;   // year*12+month-1; default: the store's last month
  Counting counting = Counting::kMentions;
  size_t top = 20;
};
struct ShiftsResult {
  std::vector<ShiftRow> rows;  // ranked by |z|
  int32_t first_recent_month = 0, last_month = 0;
  size_t dyads_tested = 0;
};
Result<ShiftsResult> Shifts(EventStore& store, const ShiftsOptions& o);

// A small table that prints aligned for terminals, or as CSV / JSON.
struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::string ToText() const;   // right-aligns numeric columns
  std::string ToCsv() const;
  std::string ToJson() const;   // JSON array of objects; numbers stay numbers
};
std::string FormatNumber(double v, int decimals);

}  // namespace dyad
