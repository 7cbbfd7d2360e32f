// Scoring against PLOVER GSR gold sentences. Decisions: docs/quality/eval.md.
#include "dyad/eval.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "dyad/cameo.h"
#include "output/embedded_tables.h"

namespace dyad {

namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// 0.5 -> 2021 event names from the embedded plover_versions.tsv.
const std::map<std::string, std::string>& PloverEventVersions() {
  static const std::map<std::string, std::string> table = [] {
    std::map<std::string, std::string> m;
    std::istringstream in{std::string(embedded::plover_versions)};
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      size_t start = 0;
      for (size_t i = 0; i <= line.size(); ++i)
        if (i == line.size() || line[i] == '\t') {
          f.push_back(line.substr(start, i - start));
          start = i + 1;
        }
      if (f.size() >= 3 && f[0] == "event") m[f[1]] = f[2];
    }
    return m;
  }();
  return table;
}

std::vector<GoldActor> ReadActors(const nlohmann::json& j) {
  std::vector<GoldActor> out;
  if (!j.is_array()) return out;
  for (const auto& a : j) {
    if (!a.is_object()) continue;
    GoldActor g;
    if (a.contains("actorText") && a["actorText"].is_string()) g.text = a["actorText"].get<std::string>();
    if (a.contains("code") && a["code"].is_string()) g.code = Upper(a["code"].get<std::string>());
    if (a.contains("sector") && a["sector"].is_string()) g.sector = Upper(a["sector"].get<std::string>());
    if (!g.code.empty()) out.push_back(std::move(g));
  }
  return out;
}

std::set<std::string> Keys(const std::vector<GoldActor>& actors) {
  std::set<std::string> keys;
  for (const auto& a : actors) {
    std::string k = ActorKey(a.code);
    if (!k.empty()) keys.insert(std::move(k));
  }
  return keys;
}

}  // namespace

std::string Plover05To2021(std::string_view event05) {
  const std::string e = Upper(event05);
  const auto& m = PloverEventVersions();
  auto it = m.find(e);
  return it == m.end() ? e : it->second;
}

std::vector<std::string> PloverEventsOfCameo(std::string_view cameo_code) {
  std::vector<std::string> out;
  const CameoLookup look = CameoTable::Default().Lookup(cameo_code);
  if (look.ok() && !look.info->plover_event.empty()) out.push_back(look.info->plover_event);
  // Appeals (CAMEO 02) are requests: PLOVER 0.5 DEMAND covered 02 and 10.
  if (cameo_code.substr(0, 2) == "02") out.push_back("REQUEST");
  // Where PLOVER 0.5 put a code elsewhere than dyad's (2021) table, the code
  // counts as that event too (docs/quality/eval.md):
  // 1712 destroy property was COERCE (mode destroy); 181 abduct was COERCE
  // (mode detain); 163 embargo/sanctions was SANCTION; 081x easing
  // restrictions, curfews and states of emergency were CONCEDE.
  if (cameo_code == "1712" || cameo_code == "181") out.push_back("COERCE");
  if (cameo_code == "163") out.push_back("SANCTION");
  if (cameo_code.substr(0, 3) == "081") out.push_back("CONCEDE");
  return out;
}

std::string ActorKey(std::string_view actor_code) {
  if (actor_code.size() < 3 || actor_code.substr(0, 3) == "---") return "";
  std::string k = Upper(actor_code.substr(0, 3));
  // Non-standard spellings in gold files, and historical states of one country.
  static const std::map<std::string, std::string> aliases = {
      {"JAP", "JPN"}, {"ITL", "ITA"}, {"VTN", "VNM"}, {"TLS", "TMP"}, {"ROM", "ROU"}, {"ZAR", "COD"},
      {"SCG", "SRB"}, {"YUG", "SRB"}, {"UK_", "GBR"}, {"PAL", "PSE"}, {"SUN", "RUS"}, {"DDR", "DEU"},
      {"BRD", "DEU"}, {"CSK", "CZE"},
  };
  auto it = aliases.find(k);
  return it == aliases.end() ? k : it->second;
}

Result<std::vector<GoldRecord>> ParseGold(std::string_view jsonl, const std::string& name) {
  std::vector<GoldRecord> out;
  uint32_t line_no = 0;
  size_t pos = 0;
  while (pos < jsonl.size()) {
    size_t nl = jsonl.find('\n', pos);
    if (nl == std::string_view::npos) nl = jsonl.size();
    std::string_view line = jsonl.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    const std::string where = fmt::format("{}:{}", name, line_no);
    if (j.is_discarded() || !j.is_object()) return Status::ParseError(where + ": not a JSON object");
    GoldRecord g;
    g.line = line_no;
    if (!j.contains("text") || !j["text"].is_string()) return Status::ParseError(where + ": no \"text\" string");
    if (!j.contains("event") || !j["event"].is_string()) return Status::ParseError(where + ": no \"event\" string");
    g.text = j["text"].get<std::string>();
    g.event = Upper(j["event"].get<std::string>());
    g.event2021 = Plover05To2021(g.event);
    if (j.contains("id") && j["id"].is_string()) g.id = j["id"].get<std::string>();
    else g.id = fmt::format("line{}", line_no);
    g.date = Date::FromYmd(2000, 1, 1);
    if (j.contains("date") && j["date"].is_string()) {
      auto d = Date::Parse(j["date"].get<std::string>());
      if (!d) return Status::ParseError(where + ": bad date \"" + j["date"].get<std::string>() + "\"");
      g.date = *d;
    }
    if (j.contains("source")) g.sources = ReadActors(j["source"]);
    if (j.contains("target")) g.targets = ReadActors(j["target"]);
    if (j.contains("textInfo") && j["textInfo"].is_object() && j["textInfo"].contains("markup") &&
        j["textInfo"]["markup"].is_string())
      g.markup = j["textInfo"]["markup"].get<std::string>();
    g.both_sides = g.markup.find("SRC/TAR:") != std::string::npos;
    if (g.sources.empty() && g.targets.empty())
      return Status::ParseError(where + ": neither a source nor a target actor with a code");
    out.push_back(std::move(g));
  }
  return out;
}

Result<std::vector<GoldRecord>> ReadGoldFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseGold(ss.str(), path);
}

bool ActorsMatch(const GoldRecord& gold, std::string_view source, std::string_view target) {
  const std::string s = ActorKey(source), t = ActorKey(target);
  const std::set<std::string> src = Keys(gold.sources), tgt = Keys(gold.targets);
  // Actors that act on each other: both-sides markup, or a compound source
  // with no target (dyad codes such a compound as acting on itself).
  if (gold.both_sides || (tgt.empty() && src.size() >= 2)) {
    std::set<std::string> pool = src;
    pool.insert(tgt.begin(), tgt.end());
    if (!pool.count(s) || !pool.count(t)) return false;
    return s != t || pool.size() == 1;
  }
  const bool s_ok = src.empty() || src.count(s) > 0;
  const bool t_ok = tgt.empty() || tgt.count(t) > 0;
  return s_ok && t_ok;
}

bool EventMatches(const GoldRecord& gold, std::string_view cameo_code) {
  const auto evs = PloverEventsOfCameo(cameo_code);
  return std::find(evs.begin(), evs.end(), gold.event2021) != evs.end();
}

EvalReport Evaluate(const Coder& coder, const std::vector<GoldRecord>& gold) {
  EvalReport rep;
  rep.sentences = gold.size();
  for (size_t i = 0; i < gold.size(); ++i) {
    const GoldRecord& g = gold[i];
    Story story;
    story.id = g.id;
    story.date = g.date;
    story.text = g.text;
    const CodedStory coded = coder.Code(story);
    SentenceEval se;
    se.gold_index = i;
    for (const auto& cs : coded.sentences)
      for (const auto& t : cs.trace) se.trace.push_back(t);
    bool any_actor = false, any_event = false;
    for (const Event& e : coded.events) {
      EvalEvent ev;
      ev.source = e.source;
      ev.target = e.target;
      ev.code = e.code;
      const auto pl = PloverEventsOfCameo(e.code);
      ev.plover = pl.empty() ? "(statement)" : pl.front();
      ev.actors_ok = ActorsMatch(g, e.source, e.target);
      ev.event_ok = EventMatches(g, e.code);
      if (ev.event_ok && !pl.empty()) ev.plover = g.event2021;  // a code counting as several events
      any_actor |= ev.actors_ok;
      any_event |= ev.event_ok;
      ++rep.events;
      if (ev.matched()) {
        ++rep.matched_events;
        se.hit = true;
      }
      se.events.push_back(std::move(ev));
    }
    if (se.hit) {
      ++rep.hits;
      se.outcome = "hit";
      se.dyad_event = g.event2021;
    } else {
      if (se.events.empty()) se.outcome = "no event";
      else if (any_event) se.outcome = "actors wrong";
      else if (any_actor) se.outcome = "event wrong";
      else se.outcome = "both wrong";
      se.dyad_event = "(none)";
      // Show the event of the best-matching actors, else the first event.
      for (const auto& ev : se.events)
        if (ev.actors_ok) {
          se.dyad_event = ev.plover;
          break;
        }
      if (se.dyad_event == "(none)" && !se.events.empty()) se.dyad_event = se.events.front().plover;
    }
    ++rep.outcomes[se.outcome];
    ++rep.confusion[g.event2021][se.dyad_event];
    rep.results.push_back(std::move(se));
  }
  return rep;
}

std::string FormatEvalReport(const EvalReport& rep, const std::vector<GoldRecord>& gold, bool verbose) {
  std::string out;
  out += fmt::format("sentences: {}\n", rep.sentences);
  out += fmt::format("recall-like (a matching event in the sentence): {}/{} = {:.1f}%\n", rep.hits, rep.sentences,
                     100.0 * rep.recall());
  out += fmt::format("event precision (dyad events matching the gold event): {}/{} = {:.1f}%\n", rep.matched_events,
                     rep.events, 100.0 * rep.precision());
  out += "outcomes:";
  for (const auto& [k, v] : rep.outcomes) out += fmt::format("  {}: {}", k, v);
  out += "\n\nconfusion (rows: gold PLOVER 2021 event; columns: dyad's event for the sentence)\n";
  std::set<std::string> cols;
  for (const auto& [g, row] : rep.confusion)
    for (const auto& [d, n] : row) cols.insert(d);
  out += fmt::format("{:<12}", "gold\\dyad");
  for (const auto& c : cols) out += fmt::format(" {:>9.9}", c);
  out += fmt::format(" {:>6}\n", "total");
  for (const auto& [g, row] : rep.confusion) {
    out += fmt::format("{:<12}", g);
    size_t total = 0;
    for (const auto& c : cols) {
      auto it = row.find(c);
      const size_t n = it == row.end() ? 0 : it->second;
      total += n;
      out += n ? fmt::format(" {:>9}", n) : fmt::format(" {:>9}", ".");
    }
    out += fmt::format(" {:>6}\n", total);
  }
  if (verbose) {
    out += "\nmisses:\n";
    for (const auto& se : rep.results) {
      if (se.hit) continue;
      const GoldRecord& g = gold[se.gold_index];
      std::string src, tgt;
      for (const auto& a : g.sources) src += (src.empty() ? "" : ",") + a.code;
      for (const auto& a : g.targets) tgt += (tgt.empty() ? "" : ",") + a.code;
      out += fmt::format("- {} [{}] gold {}>{} {} ({}){}\n  {}\n", g.id, se.outcome, src.empty() ? "-" : src,
                         tgt.empty() ? "-" : tgt, g.event, g.event2021, g.both_sides ? " both-sides" : "", g.text);
      for (const auto& ev : se.events)
        out += fmt::format("    dyad {}>{} {} {}{}{}\n", ev.source, ev.target, ev.code, ev.plover,
                           ev.actors_ok ? "" : " [actors]", ev.event_ok ? "" : " [event]");
      for (const auto& t : se.trace) out += "    | " + t + "\n";
    }
  }
  return out;
}

}  // namespace dyad
