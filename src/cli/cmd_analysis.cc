// dyad events | trend | partners | alignment | shifts: analysis over the store.
#include <sys/stat.h>

#include <cmath>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "dyad/analysis.h"
#include "dyad/plot.h"
#include "dyad/store.h"

namespace dyad::cli {
namespace {

// Options every analysis command takes.
struct Common {
  std::string db = "dyad.db";
  bool json = false, csv = false, dedup = false;
  std::string from, to, plot;
};

void AddCommon(CLI::App* sub, Common* c, bool dates = true) {
  sub->add_option("--db", c->db, "Database file")->capture_default_str();
  sub->add_flag("--json", c->json, "JSON output");
  sub->add_flag("--csv", c->csv, "CSV output");
  sub->add_flag("--dedup", c->dedup, "Count de-duplicated events (one per date, source, target, code), not mentions");
  if (dates) {
    sub->add_option("--from,--since", c->from, "First day (YYYY, YYYY-MM or YYYY-MM-DD)");
    sub->add_option("--to,--until", c->to, "Last day (YYYY, YYYY-MM or YYYY-MM-DD)");
  }
}

std::unique_ptr<EventStore> Open(const std::string& cmd, const std::string& db) {
  struct stat st {};
  if (::stat(db.c_str(), &st) != 0) Fail(cmd, db + ": no such database (create it with `dyad ingest --db " + db + "`)");
  auto s = OpenSqliteStore(db, StoreOptions{.read_only = true, .create = false});
  if (!s.ok()) Fail(cmd, s.status());
  return std::move(s).value();
}

std::optional<Date> Bound(const std::string& cmd, const std::string& s, bool end) {
  if (s.empty()) return std::nullopt;
  auto d = ParseDateBound(s, end);
  if (!d) Fail(cmd, "'" + s + "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", 2);
  return d;
}

Granularity By(const std::string& cmd, const std::string& s) {
  auto g = ParseGranularity(s);
  if (!g) Fail(cmd, "--by must be day, week, month or year (not '" + s + "')", 2);
  return *g;
}

void Print(const Common& c, const Table& t) {
  std::cout << (c.json ? t.ToJson() : c.csv ? t.ToCsv() : t.ToText());
}

void Plot(const std::string& cmd, const std::string& path, const PlotSpec& spec) {
  if (path.empty()) return;
  Status s = WritePlot(spec, path);
  if (!s.ok()) Fail(cmd, s);
  std::fprintf(stderr, "dyad %s: chart written to %s\n", cmd.c_str(), path.c_str());
}

std::string N(uint64_t v) { return std::to_string(v); }
std::string D(double v, int dec = 2) { return FormatNumber(v, dec); }
const char* kQuadNames[] = {"", "verbal coop", "material coop", "verbal conflict", "material conflict"};
std::string Upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

// ------------------------------------------------------------------ events --

struct EventsArgs {
  Common c;
  std::string actor, source, target, code, text, format;
  int root = 0, quad = 0;
  uint64_t limit = 0;
};

void RunEvents(const EventsArgs& a) {
  const std::string cmd = "events";
  auto store = Open(cmd, a.c.db);
  EventFilter f;
  f.actor.code = a.actor;
  f.source.code = a.source;
  f.target.code = a.target;
  f.code = a.code;
  f.root = a.root;
  f.quad_class = a.quad;
  f.from = Bound(cmd, a.c.from, false);
  f.to = Bound(cmd, a.c.to, true);
  f.text = a.text;
  f.limit = a.limit;
  std::string format = a.format.empty() ? (a.c.json ? "jsonl" : a.c.csv ? "csv" : "table") : a.format;
  if (format != "table" && format != "jsonl" && format != "csv") Fail(cmd, "--format must be table, jsonl or csv", 2);
  if (a.quad < 0 || a.quad > 4) Fail(cmd, "--quad must be 1..4", 2);
  if (a.c.dedup) {
    if (!a.text.empty()) Fail(cmd, "--text does not apply to --dedup (event groups have no sentence)", 2);
    auto groups = store->Groups(f);
    if (!groups.ok()) Fail(cmd, groups.status());
    Table t{{"date", "source", "target", "code", "mentions", "stories", "sources"}, {}};
    for (const EventGroup& g : *groups)
      t.rows.push_back({g.date.ToIso(), g.source, g.target, g.code, N(g.mentions), N(g.stories), N(g.sources)});
    if (format == "jsonl") {
      for (const EventGroup& g : *groups)
        std::cout << nlohmann::json{{"date", g.date.ToIso()}, {"source", g.source}, {"target", g.target},
                                    {"code", g.code}, {"mentions", g.mentions}, {"stories", g.stories},
                                    {"sources", g.sources}}
                         .dump()
                  << "\n";
      return;
    }
    std::cout << (format == "csv" ? t.ToCsv() : t.ToText());
    return;
  }
  Table t{{"date", "source", "target", "code", "goldstein", "story", "sentence"}, {}};
  Status s = store->ScanEvents(f, [&](const EventRecord& e) {
    if (format == "jsonl") {
      nlohmann::json j{{"story_id", e.story_id}, {"sentence", e.sentence}, {"date", e.date.ToIso()},
                       {"source", e.source}, {"target", e.target}, {"source_country", e.source_country},
                       {"target_country", e.target_country}, {"code", e.code},
                       {"root", e.code.substr(0, 2)}, {"quad_class", e.quad_class}, {"goldstein", e.goldstein},
                       {"plover", e.plover}, {"text", e.text}};
      auto phrase = [](const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json{{"text", text}}; };
      nlohmann::json verb = phrase(e.verb_text);
      if (e.verb_start >= 0 && !verb.is_null()) {
        verb["start"] = e.verb_start;
        verb["end"] = e.verb_end;
      }
      j["evidence"] = {{"source", phrase(e.source_text)}, {"target", phrase(e.target_text)}, {"verb", verb}};
      if (!e.url.empty()) j["url"] = e.url;
      if (!e.story_source.empty()) j["story_source"] = e.story_source;
      std::cout << j.dump() << "\n";
    } else {
      std::string text = e.text;
      if (format == "table" && text.size() > 70) text = text.substr(0, 67) + "...";
      t.rows.push_back({e.date.ToIso(), e.source, e.target, e.code, D(e.goldstein, 1), e.story_id,
                        format == "csv" ? e.text : text});
    }
    return true;
  });
  if (!s.ok()) Fail(cmd, s);
  if (format == "csv") std::cout << t.ToCsv();
  if (format == "table") std::cout << t.ToText();
}

// ------------------------------------------------------------------- trend --

struct TrendArgs {
  Common c;
  std::string a, b, by = "month";
  bool both = false;
};

void RunTrend(const TrendArgs& x) {
  const std::string cmd = "trend";
  auto store = Open(cmd, x.c.db);
  TrendOptions o;
  o.a.code = x.a;
  o.b.code = x.b;
  o.by = By(cmd, x.by);
  o.both = x.both;
  o.from = Bound(cmd, x.c.from, false);
  o.to = Bound(cmd, x.c.to, true);
  o.counting = x.c.dedup ? Counting::kEvents : Counting::kMentions;
  auto rows = Trend(*store, o);
  if (!rows.ok()) Fail(cmd, rows.status());
  Table t{{"period", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict", "total", "goldstein_sum",
           "goldstein_mean"},
          {}};
  PlotSpec p;
  const std::string dyad = Upper(x.a) + (x.both ? " <-> " : " -> ") + Upper(x.b);
  p.title = dyad + ": events by quad class per " + x.by;
  p.x_label = x.by;
  p.y_label = x.c.dedup ? "events (de-duplicated)" : "events (mentions)";
  p.y_right_label = "mean Goldstein (-10 conflict .. +10 cooperation)";
  p.y_right_min = -10;
  p.y_right_max = 10;
  for (int q = 1; q <= 4; ++q) p.series.push_back(PlotSeries{kQuadNames[q], {}, false});
  p.series.push_back(PlotSeries{"mean Goldstein", {}, true});
  for (const PeriodStats& r : *rows) {
    t.rows.push_back({r.label, N(r.quad[1]), N(r.quad[2]), N(r.quad[3]), N(r.quad[4]), N(r.total),
                      D(r.goldstein_sum, 1), r.total ? D(r.goldstein_mean()) : ""});
    p.x_labels.push_back(r.label);
    for (int q = 1; q <= 4; ++q) p.series[q - 1].values.push_back(static_cast<double>(r.quad[q]));
    p.series[4].values.push_back(r.total ? r.goldstein_mean() : NAN);
  }
  if (!x.c.json && !x.c.csv) std::cout << dyad << (x.c.dedup ? " (de-duplicated events)" : " (mentions)") << "\n";
  Print(x.c, t);
  Plot(cmd, x.c.plot, p);
}

// ---------------------------------------------------------------- partners --

struct PartnersArgs {
  Common c;
  std::string a;
  size_t top = 10;
  bool self = false;
};

void RunPartners(const PartnersArgs& x) {
  const std::string cmd = "partners";
  auto store = Open(cmd, x.c.db);
  PartnersOptions o;
  o.a.code = x.a;
  o.since = Bound(cmd, x.c.from, false);
  o.until = Bound(cmd, x.c.to, true);
  o.counting = x.c.dedup ? Counting::kEvents : Counting::kMentions;
  o.top = x.top;
  o.include_self = x.self;
  auto r = Partners(*store, o);
  if (!r.ok()) Fail(cmd, r.status());
  auto table = [&](const std::vector<PartnerRow>& rows, const std::string& ranking) {
    Table t{{"rank", "partner", "cooperation", "conflict", "total", "net_goldstein"}, {}};
    if (x.c.csv) t.headers.insert(t.headers.begin(), "ranking");
    int i = 0;
    for (const PartnerRow& p : rows) {
      std::vector<std::string> row{N(++i), p.partner, N(p.cooperation()), N(p.conflict()), N(p.total),
                                   D(p.net_goldstein, 1)};
      if (x.c.csv) row.insert(row.begin(), ranking);
      t.rows.push_back(row);
    }
    return t;
  };
  Table coop = table(r->by_cooperation, "cooperation"), conf = table(r->by_conflict, "conflict");
  if (x.c.json) {
    std::cout << "{\"cooperation\": " << coop.ToJson() << ", \"conflict\": " << conf.ToJson() << "}\n";
  } else if (x.c.csv) {
    std::cout << coop.ToCsv();
    std::string c2 = conf.ToCsv();
    std::cout << c2.substr(c2.find('\n') + 1);
  } else {
    std::cout << Upper(x.a) << "'s partners ranked by cooperation (quad classes 1-2)\n" << coop.ToText() << "\n"
              << Upper(x.a) << "'s partners ranked by conflict (quad classes 3-4)\n" << conf.ToText();
  }
}

// --------------------------------------------------------------- alignment --

struct AlignmentArgs {
  Common c;
  std::string a, b, cc, by = "month";
  double prior = 5;
};

void RunAlignment(const AlignmentArgs& x) {
  const std::string cmd = "alignment";
  auto store = Open(cmd, x.c.db);
  AlignmentOptions o;
  o.a.code = x.a;
  o.b.code = x.b;
  o.c.code = x.cc;
  o.by = By(cmd, x.by);
  o.from = Bound(cmd, x.c.from, false);
  o.to = Bound(cmd, x.c.to, true);
  o.prior = x.prior;
  o.counting = x.c.dedup ? Counting::kEvents : Counting::kMentions;
  auto r = Alignment(*store, o);
  if (!r.ok()) Fail(cmd, r.status());
  const std::string A = Upper(x.a), B = Upper(x.b), C = Upper(x.cc);
  Table t{{"period", "n_" + B, "goldstein_" + B, "affinity_" + B, "n_" + C, "goldstein_" + C, "affinity_" + C, "index"},
          {}};
  PlotSpec p;
  p.title = A + ": alignment with " + B + " vs " + C + " (index > 0: closer to " + B + ")";
  p.x_label = x.by;
  p.y_label = "affinity / index (-1 .. +1)";
  p.y_min = -1;
  p.y_max = 1;
  p.series = {PlotSeries{"alignment index", {}, false}, PlotSeries{"affinity " + A + "-" + B, {}, false},
              PlotSeries{"affinity " + A + "-" + C, {}, false}};
  for (const AlignmentRow& row : r->rows) {
    t.rows.push_back({row.label, N(row.n_b), D(row.g_b, 1), D(row.affinity_b, 3), N(row.n_c), D(row.g_c, 1),
                      D(row.affinity_c, 3), D(row.index, 3)});
    p.x_labels.push_back(row.label);
    p.series[0].values.push_back(row.index);
    p.series[1].values.push_back(row.affinity_b);
    p.series[2].values.push_back(row.affinity_c);
  }
  if (x.c.json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(t.ToJson());
    std::cout << nlohmann::ordered_json{{"a", A}, {"with", B}, {"vs", C}, {"mean_index", r->mean_index},
                                {"slope_per_year", r->slope_per_year}, {"periods", j}}
                     .dump(2)
              << "\n";
  } else if (x.c.csv) {
    std::cout << t.ToCsv();
  } else {
    std::cout << t.ToText();
    if (!r->rows.empty()) {
      const bool to_b = r->mean_index >= 0;
      std::printf("\nmean index %+.3f: on average %s is closer to %s than to %s.\n", r->mean_index, A.c_str(),
                  (to_b ? B : C).c_str(), (to_b ? C : B).c_str());
      std::printf("drift %+.3f per year: %s is moving toward %s.\n", r->slope_per_year, A.c_str(),
                  r->slope_per_year >= 0 ? B.c_str() : C.c_str());
    }
  }
  Plot(cmd, x.c.plot, p);
}

// ------------------------------------------------------------------ shifts --

struct ShiftsArgs {
  Common c;
  uint64_t min_events = 30;
  int recent = 3, baseline = 24;
  double z = 3;
  std::string as_of;
  size_t top = 20;
};

void RunShifts(const ShiftsArgs& x) {
  const std::string cmd = "shifts";
  auto store = Open(cmd, x.c.db);
  ShiftsOptions o;
  o.min_events = x.min_events;
  o.recent = x.recent;
  o.baseline = x.baseline;
  o.z = x.z;
  o.top = x.top;
  o.counting = x.c.dedup ? Counting::kEvents : Counting::kMentions;
  if (!x.as_of.empty()) {
    auto d = ParseDateBound(x.as_of, false);
    if (!d) Fail(cmd, "--as-of must be YYYY-MM", 2);
    int y, m, dd;
    d->ToYmd(y, m, dd);
    o.last_month = y * 12 + m - 1;
  }
  auto r = Shifts(*store, o);
  if (!r.ok()) Fail(cmd, r.status());
  auto month = [](int32_t mi) { return PeriodLabel(Date::FromYmd(mi / 12, mi % 12 + 1, 1), Granularity::kMonth); };
  Table t{{"rank", "dyad", "baseline_mean", "baseline_sd", "recent_mean", "z", "direction", "events_recent"}, {}};
  int i = 0;
  for (const ShiftRow& s : r->rows)
    t.rows.push_back({N(++i), s.a + "-" + s.b, D(s.baseline_mean, 1), D(s.baseline_sd, 1), D(s.recent_mean, 1),
                      D(s.z, 2), s.z > 0 ? "toward cooperation" : "toward conflict", N(s.events_recent)});
  if (!x.c.json && !x.c.csv)
    std::printf("monthly net Goldstein, recent %s..%s vs the %d months before; %zu dyads with >= %llu events tested, "
                "|z| >= %.1f shown\n",
                month(r->first_recent_month).c_str(), month(r->last_month).c_str(), x.baseline, r->dyads_tested,
                static_cast<unsigned long long>(x.min_events), x.z);
  Print(x.c, t);
  if (!x.c.plot.empty()) {
    PlotSpec p;
    p.title = "Largest shifts: monthly net Goldstein (recent months from " + month(r->first_recent_month) + ")";
    p.x_label = "month";
    p.y_label = "net Goldstein (sum per month)";
    for (int32_t m = r->first_recent_month - x.baseline; m <= r->last_month; ++m) p.x_labels.push_back(month(m));
    for (size_t k = 0; k < r->rows.size() && k < 5; ++k)
      p.series.push_back(PlotSeries{r->rows[k].a + "-" + r->rows[k].b, r->rows[k].monthly, false});
    Plot(cmd, x.c.plot, p);
  }
}

}  // namespace

void RegisterAnalysisCommands(CLI::App& app) {
  auto ev = std::make_shared<EventsArgs>();
  CLI::App* s = app.add_subcommand("events", "List stored events matching filters");
  AddCommon(s, &ev->c);
  s->add_option("--actor", ev->actor, "Country (IRQ) or actor code prefix (IRQGOV) on either side");
  s->add_option("--source", ev->source, "Source country or actor prefix");
  s->add_option("--target", ev->target, "Target country or actor prefix");
  s->add_option("--code", ev->code, "CAMEO code prefix (04, 042)");
  s->add_option("--root", ev->root, "CAMEO root 1..20");
  s->add_option("--quad", ev->quad, "Quad class 1..4");
  s->add_option("--text", ev->text, "Sentence contains (case-insensitive)");
  s->add_option("--limit", ev->limit, "At most this many events");
  s->add_option("--format", ev->format, "table, jsonl or csv (default: table; --json = jsonl)");
  s->callback([ev] { RunEvents(*ev); });

  auto tr = std::make_shared<TrendArgs>();
  s = app.add_subcommand("trend", "Events between A and B per period: counts by quad class, Goldstein sum and mean");
  s->add_option("A", tr->a, "Country (IRQ) or actor code prefix (IRQGOV)")->required();
  s->add_option("B", tr->b, "Country or actor code prefix")->required();
  s->add_option("--by", tr->by, "day, week, month or year")->capture_default_str();
  s->add_flag("--both", tr->both, "A->B and B->A together (default: A->B)");
  s->add_option("--plot", tr->c.plot, "Write a chart (FILE.svg or FILE.png)");
  AddCommon(s, &tr->c);
  s->callback([tr] { RunTrend(*tr); });

  auto pa = std::make_shared<PartnersArgs>();
  s = app.add_subcommand("partners", "A's partners ranked by cooperation and by conflict");
  s->add_option("A", pa->a, "Country or actor code prefix")->required();
  s->add_option("--top", pa->top, "Rows per ranking")->capture_default_str();
  s->add_flag("--self", pa->self, "Include A's domestic events");
  AddCommon(s, &pa->c);
  s->callback([pa] { RunPartners(*pa); });

  auto al = std::make_shared<AlignmentArgs>();
  s = app.add_subcommand("alignment", "Per period, how much closer A is to B than to C (docs/analysis.md)");
  s->add_option("A", al->a, "Country or actor code prefix")->required();
  s->add_option("--with", al->b, "B")->required();
  s->add_option("--vs", al->cc, "C")->required();
  s->add_option("--by", al->by, "day, week, month or year")->capture_default_str();
  s->add_option("--prior", al->prior, "Prior weight k (pseudo-events at Goldstein 0)")->capture_default_str();
  s->add_option("--plot", al->c.plot, "Write a chart (FILE.svg or FILE.png)");
  AddCommon(s, &al->c);
  s->callback([al] { RunAlignment(*al); });

  auto sh = std::make_shared<ShiftsArgs>();
  s = app.add_subcommand("shifts", "Dyads whose monthly net Goldstein changed significantly, ranked");
  s->add_option("--min-events", sh->min_events, "Events needed in the window")->capture_default_str();
  s->add_option("--recent", sh->recent, "Recent months tested")->capture_default_str();
  s->add_option("--baseline", sh->baseline, "Baseline months before them")->capture_default_str();
  s->add_option("--z", sh->z, "|z| threshold")->capture_default_str();
  s->add_option("--as-of", sh->as_of, "Last month tested (YYYY-MM; default: the store's last)");
  s->add_option("--top", sh->top, "Rows")->capture_default_str();
  s->add_option("--plot", sh->c.plot, "Chart of the top 5 dyads (FILE.svg or FILE.png)");
  AddCommon(s, &sh->c, false);
  s->callback([sh] { RunShifts(*sh); });
}

}  // namespace dyad::cli
