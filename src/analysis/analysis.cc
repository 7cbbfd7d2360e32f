// Dyad analytics: trend, partners, alignment, shifts (docs/analysis.md).
#include "dyad/analysis.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <unordered_map>

namespace dyad {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

int32_t MonthIndex(Date d) {
  int y, m, dd;
  d.ToYmd(y, m, dd);
  return y * 12 + m - 1;
}

// Fills the periods from `first` to `last` (inclusive) into `out`, in order.
std::vector<Date> PeriodRange(Date first, Date last, Granularity by) {
  std::vector<Date> out;
  for (Date d = PeriodStart(first, by); d <= last; d = NextPeriod(d, by)) out.push_back(d);
  return out;
}

}  // namespace

Date PeriodStart(Date d, Granularity by) {
  int y, m, dd;
  switch (by) {
    case Granularity::kDay:
      return d;
    case Granularity::kWeek:
      return Date{d.days - ((d.days + 3) % 7 + 7) % 7};  // Monday (1970-01-01 was a Thursday)
    case Granularity::kMonth:
      d.ToYmd(y, m, dd);
      return Date::FromYmd(y, m, 1);
    case Granularity::kYear:
      d.ToYmd(y, m, dd);
      return Date::FromYmd(y, 1, 1);
  }
  return d;
}

Date NextPeriod(Date start, Granularity by) {
  int y, m, dd;
  switch (by) {
    case Granularity::kDay:
      return Date{start.days + 1};
    case Granularity::kWeek:
      return Date{start.days + 7};
    case Granularity::kMonth:
      start.ToYmd(y, m, dd);
      return m == 12 ? Date::FromYmd(y + 1, 1, 1) : Date::FromYmd(y, m + 1, 1);
    case Granularity::kYear:
      start.ToYmd(y, m, dd);
      return Date::FromYmd(y + 1, 1, 1);
  }
  return start;
}

std::string PeriodLabel(Date start, Granularity by) {
  std::string iso = start.ToIso();
  switch (by) {
    case Granularity::kDay:
    case Granularity::kWeek:
      return iso;
    case Granularity::kMonth:
      return iso.substr(0, 7);
    case Granularity::kYear:
      return iso.substr(0, 4);
  }
  return iso;
}

std::optional<Granularity> ParseGranularity(const std::string& s) {
  if (s == "day") return Granularity::kDay;
  if (s == "week") return Granularity::kWeek;
  if (s == "month") return Granularity::kMonth;
  if (s == "year") return Granularity::kYear;
  return std::nullopt;
}

std::optional<Date> ParseDateBound(const std::string& s, bool end) {
  auto digits = [](std::string_view v) {
    return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (s.size() == 4 && digits(s)) {
    int y = std::stoi(s);
    if (y < 1) return std::nullopt;
    return end ? Date::FromYmd(y, 12, 31) : Date::FromYmd(y, 1, 1);
  }
  if (s.size() == 7 && s[4] == '-' && digits(s.substr(0, 4)) && digits(s.substr(5))) {
    auto first = Date::ParseIso(s + "-01");
    if (!first) return std::nullopt;
    return end ? Date{NextPeriod(*first, Granularity::kMonth).days - 1} : *first;
  }
  return Date::ParseIso(s);
}

void PeriodStats::Add(int quad_class, uint64_t n, double g) {
  if (quad_class >= 1 && quad_class <= 4) quad[quad_class] += n;
  total += n;
  goldstein_sum += g;
}

Result<std::vector<PeriodStats>> Trend(EventStore& store, const TrendOptions& o) {
  if (o.a.empty() || o.b.empty()) return Status::InvalidArgument("trend needs two actors or countries");
  AggregateQuery q{o.a, o.b, o.both, o.by, o.from, o.to, o.counting};
  DYAD_ASSIGN_OR_RETURN(std::vector<AggregateCell> cells, store.Aggregate(q));
  std::map<int32_t, PeriodStats> by_period;
  for (const AggregateCell& c : cells) by_period[c.period_start.days].Add(c.quad_class, c.count, c.goldstein_sum);
  std::vector<PeriodStats> out;
  if (by_period.empty() && !(o.from && o.to)) return out;
  Date first = o.from ? *o.from : Date{by_period.begin()->first};
  Date last = o.to ? *o.to : Date{by_period.rbegin()->first};
  for (Date d : PeriodRange(first, last, o.by)) {
    auto it = by_period.find(d.days);
    PeriodStats p = it == by_period.end() ? PeriodStats{} : it->second;
    p.start = d;
    p.label = PeriodLabel(d, o.by);
    out.push_back(p);
  }
  return out;
}

Result<PartnersResult> Partners(EventStore& store, const PartnersOptions& o) {
  if (o.a.empty()) return Status::InvalidArgument("partners needs an actor or country");
  AggregateQuery q{o.a, {}, true, Granularity::kYear, o.since, o.until, o.counting};
  DYAD_ASSIGN_OR_RETURN(std::vector<AggregateCell> cells, store.Aggregate(q));
  std::map<std::string, PartnerRow> rows;
  const std::string self = Upper(o.a.code);
  for (const AggregateCell& c : cells) {
    if (!o.include_self && c.partner == self) continue;
    PartnerRow& r = rows[c.partner];
    r.partner = c.partner;
    if (c.quad_class >= 1 && c.quad_class <= 4) r.quad[c.quad_class] += c.count;
    r.total += c.count;
    r.net_goldstein += c.goldstein_sum;
  }
  PartnersResult res;
  for (const auto& [name, r] : rows) {
    if (r.cooperation() > 0) res.by_cooperation.push_back(r);
    if (r.conflict() > 0) res.by_conflict.push_back(r);
  }
  std::sort(res.by_cooperation.begin(), res.by_cooperation.end(), [](const PartnerRow& x, const PartnerRow& y) {
    if (x.cooperation() != y.cooperation()) return x.cooperation() > y.cooperation();
    if (x.net_goldstein != y.net_goldstein) return x.net_goldstein > y.net_goldstein;
    return x.partner < y.partner;
  });
  std::sort(res.by_conflict.begin(), res.by_conflict.end(), [](const PartnerRow& x, const PartnerRow& y) {
    if (x.conflict() != y.conflict()) return x.conflict() > y.conflict();
    if (x.net_goldstein != y.net_goldstein) return x.net_goldstein < y.net_goldstein;
    return x.partner < y.partner;
  });
  if (o.top && res.by_cooperation.size() > o.top) res.by_cooperation.resize(o.top);
  if (o.top && res.by_conflict.size() > o.top) res.by_conflict.resize(o.top);
  return res;
}

Result<AlignmentResult> Alignment(EventStore& store, const AlignmentOptions& o) {
  if (o.a.empty() || o.b.empty() || o.c.empty())
    return Status::InvalidArgument("alignment needs A, --with B and --vs C");
  if (o.prior < 0) return Status::InvalidArgument("--prior must be >= 0");
  std::map<int32_t, AlignmentRow> rows;
  for (int side = 0; side < 2; ++side) {
    AggregateQuery q{o.a, side == 0 ? o.b : o.c, true, o.by, o.from, o.to, o.counting};
    DYAD_ASSIGN_OR_RETURN(std::vector<AggregateCell> cells, store.Aggregate(q));
    for (const AggregateCell& c : cells) {
      AlignmentRow& r = rows[c.period_start.days];
      (side == 0 ? r.n_b : r.n_c) += c.count;
      (side == 0 ? r.g_b : r.g_c) += c.goldstein_sum;
    }
  }
  AlignmentResult res;
  if (rows.empty() && !(o.from && o.to)) return res;
  Date first = o.from ? *o.from : Date{rows.begin()->first};
  Date last = o.to ? *o.to : Date{rows.rbegin()->first};
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (Date d : PeriodRange(first, last, o.by)) {
    auto it = rows.find(d.days);
    AlignmentRow r = it == rows.end() ? AlignmentRow{} : it->second;
    r.start = d;
    r.label = PeriodLabel(d, o.by);
    auto affinity = [&](double g, uint64_t n) {
      double denom = 10.0 * (static_cast<double>(n) + o.prior);
      return denom > 0 ? g / denom : 0.0;
    };
    r.affinity_b = affinity(r.g_b, r.n_b);
    r.affinity_c = affinity(r.g_c, r.n_c);
    r.index = (r.affinity_b - r.affinity_c) / 2;
    double x = d.days / 365.2425;
    sx += x;
    sy += r.index;
    sxx += x * x;
    sxy += x * r.index;
    res.rows.push_back(r);
  }
  double n = static_cast<double>(res.rows.size());
  if (n > 0) res.mean_index = sy / n;
  double den = n * sxx - sx * sx;
  if (n >= 2 && den > 1e-12) res.slope_per_year = (n * sxy - sx * sy) / den;
  return res;
}

Result<ShiftsResult> Shifts(EventStore& store, const ShiftsOptions& o) {
  if (o.recent < 1 || o.baseline < 2) return Status::InvalidArgument("shifts needs --recent >= 1 and --baseline >= 2");
  ShiftsResult res;
  if (o.last_month) {
    res.last_month = *o.last_month;
  } else {
    DYAD_ASSIGN_OR_RETURN(auto range, store.DateRange());
    if (!range) return res;  // empty store
    res.last_month = MonthIndex(range->second);
  }
  res.first_recent_month = res.last_month - o.recent + 1;
  const int32_t first = res.first_recent_month - o.baseline;
  const int span = o.baseline + o.recent;
  DYAD_ASSIGN_OR_RETURN(std::vector<DyadMonthCell> cells, store.DyadMonths(first, res.last_month, o.counting));
  struct Series {
    std::vector<double> g;
    std::vector<uint64_t> n;
  };
  struct PairHash {
    size_t operator()(const std::pair<std::string, std::string>& p) const {
      return std::hash<std::string>()(p.first) * 31 + std::hash<std::string>()(p.second);
    }
  };
  // Hashed (rows are sorted below, so the iteration order does not matter).
  std::unordered_map<std::pair<std::string, std::string>, Series, PairHash> dyads;
  dyads.reserve(cells.size() / 8 + 16);
  for (const DyadMonthCell& c : cells) {
    if (c.source == c.target) continue;
    auto key = c.source < c.target ? std::make_pair(c.source, c.target) : std::make_pair(c.target, c.source);
    Series& s = dyads[key];
    if (s.g.empty()) {
      s.g.assign(span, 0);
      s.n.assign(span, 0);
    }
    s.g[c.month - first] += c.goldstein_sum;
    s.n[c.month - first] += c.count;
  }
  for (const auto& [key, s] : dyads) {
    ShiftRow r;
    r.a = key.first;
    r.b = key.second;
    r.monthly = s.g;
    double sum = 0, sq = 0;
    for (int i = 0; i < o.baseline; ++i) {
      sum += s.g[i];
      r.events_baseline += s.n[i];
    }
    r.baseline_mean = sum / o.baseline;
    for (int i = 0; i < o.baseline; ++i) sq += (s.g[i] - r.baseline_mean) * (s.g[i] - r.baseline_mean);
    r.baseline_sd = std::sqrt(sq / (o.baseline - 1));
    double rs = 0;
    for (int i = o.baseline; i < span; ++i) {
      rs += s.g[i];
      r.events_recent += s.n[i];
    }
    r.recent_mean = rs / o.recent;
    if (r.events_baseline + r.events_recent < o.min_events) continue;
    ++res.dyads_tested;
    double sd = std::max(r.baseline_sd, o.min_sd);
    r.z = (r.recent_mean - r.baseline_mean) / (sd / std::sqrt(static_cast<double>(o.recent)));
    if (std::fabs(r.z) >= o.z) res.rows.push_back(r);
  }
  std::sort(res.rows.begin(), res.rows.end(), [](const ShiftRow& x, const ShiftRow& y) {
    if (std::fabs(x.z) != std::fabs(y.z)) return std::fabs(x.z) > std::fabs(y.z);
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  if (o.top && res.rows.size() > o.top) res.rows.resize(o.top);
  return res;
}

}  // namespace dyad
