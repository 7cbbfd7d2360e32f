#include "store/event_pack.h"

#include <algorithm>

namespace dyad::store {
namespace {

void PutText(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s);
}

bool GetText(std::string_view& in, std::string_view* s) {
  uint64_t n;
  if (!GetVarint(in, &n) || n > in.size()) return false;
  *s = in.substr(0, n);
  in.remove_prefix(n);
  return true;
}

// dyad_pack_events: owned copies of the rows of one (date, story).
struct PackedRow {
  int64_t seq, sentence, src, tgt, code, verb_start, verb_end;
  std::string src_text, tgt_text, verb_text;
};
struct PackState {
  std::vector<PackedRow>* rows;
};

std::string ValueText(sqlite3_value* v) {
  const unsigned char* t = sqlite3_value_text(v);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_value_bytes(v)))
           : std::string();
}

void PackStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* st = static_cast<PackState*>(sqlite3_aggregate_context(ctx, sizeof(PackState)));
  if (!st) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (!st->rows) st->rows = new std::vector<PackedRow>();
  auto opt_int = [](sqlite3_value* v) {
    return sqlite3_value_type(v) == SQLITE_NULL ? int64_t{-1} : sqlite3_value_int64(v);
  };
  st->rows->push_back(PackedRow{sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]),
                                sqlite3_value_int64(argv[2]), sqlite3_value_int64(argv[3]),
                                sqlite3_value_int64(argv[4]), opt_int(argv[8]), opt_int(argv[9]),
                                ValueText(argv[5]), ValueText(argv[6]), ValueText(argv[7])});
}

void PackFinal(sqlite3_context* ctx) {
  auto* st = static_cast<PackState*>(sqlite3_aggregate_context(ctx, 0));
  std::string block;
  if (st && st->rows) {
    std::sort(st->rows->begin(), st->rows->end(), [](const PackedRow& x, const PackedRow& y) { return x.seq < y.seq; });
    for (const PackedRow& r : *st->rows) {
      AppendBlockEvent(block, BlockEvent{.seq = r.seq,
                                         .sentence = static_cast<uint32_t>(r.sentence),
                                         .src = r.src,
                                         .tgt = r.tgt,
                                         .code = r.code,
                                         .verb_start = static_cast<int32_t>(r.verb_start),
                                         .verb_end = static_cast<int32_t>(r.verb_end),
                                         .src_text = r.src_text,
                                         .tgt_text = r.tgt_text,
                                         .verb_text = r.verb_text});
    }
    delete st->rows;
  }
  sqlite3_result_blob(ctx, block.data(), static_cast<int>(block.size()), SQLITE_TRANSIENT);
}

}  // namespace

void AppendBlockEvent(std::string& block, const BlockEvent& e) {
  PutVarint(block, static_cast<uint64_t>(e.seq));
  PutVarint(block, e.sentence);
  PutVarint(block, static_cast<uint64_t>(e.src));
  PutVarint(block, static_cast<uint64_t>(e.tgt));
  PutVarint(block, static_cast<uint64_t>(e.code));
  PutVarint(block, static_cast<uint64_t>(std::max(e.verb_start, -1) + 1));
  PutVarint(block, static_cast<uint64_t>(std::max(e.verb_end, -1) + 1));
  PutText(block, e.src_text);
  PutText(block, e.tgt_text);
  PutText(block, e.verb_text);
}

bool DecodeBlock(std::string_view block, std::vector<BlockEvent>* out) {
  out->clear();
  while (!block.empty()) {
    uint64_t seq, sentence, src, tgt, code, vs, ve;
    BlockEvent& e = out->emplace_back();
    if (!GetVarint(block, &seq) || !GetVarint(block, &sentence) || !GetVarint(block, &src) ||
        !GetVarint(block, &tgt) || !GetVarint(block, &code) || !GetVarint(block, &vs) || !GetVarint(block, &ve) ||
        !GetText(block, &e.src_text) || !GetText(block, &e.tgt_text) || !GetText(block, &e.verb_text) ||
        sentence > UINT32_MAX || vs > INT32_MAX || ve > INT32_MAX)
      return false;
    e.seq = static_cast<int64_t>(seq);
    e.sentence = static_cast<uint32_t>(sentence);
    e.src = static_cast<int64_t>(src);
    e.tgt = static_cast<int64_t>(tgt);
    e.code = static_cast<int64_t>(code);
    e.verb_start = static_cast<int32_t>(vs) - 1;
    e.verb_end = static_cast<int32_t>(ve) - 1;
  }
  return true;
}

void AppendCellGroup(std::string& cell, int32_t* prev_date, const GroupKeyV6& key, int64_t mentions, int64_t stories,
                     const std::vector<std::pair<int64_t, int64_t>>& publishers) {
  PutSigned(cell, static_cast<int64_t>(key.date) - *prev_date);
  *prev_date = key.date;
  PutVarint(cell, static_cast<uint64_t>(key.src));
  PutVarint(cell, static_cast<uint64_t>(key.tgt));
  PutVarint(cell, static_cast<uint64_t>(key.code));
  PutVarint(cell, static_cast<uint64_t>(mentions));
  PutVarint(cell, static_cast<uint64_t>(stories));
  PutVarint(cell, publishers.size());
  for (const auto& [p, n] : publishers) {
    PutVarint(cell, static_cast<uint64_t>(p));
    PutVarint(cell, static_cast<uint64_t>(n));
  }
}

void AppendCellGroup(std::string& cell, int32_t* prev_date, const CellGroup& g) {
  AppendCellGroup(cell, prev_date, g.key, g.mentions, g.stories, g.publishers);
}

std::string EncodeCell(const std::vector<CellGroup>& groups) {
  std::string cell;
  int32_t prev = 0;
  for (const CellGroup& g : groups) AppendCellGroup(cell, &prev, g);
  return cell;
}

bool DecodeCell(std::string_view cell, std::vector<CellGroup>* out) {
  out->clear();
  int64_t date = 0;
  while (!cell.empty()) {
    int64_t dd;
    uint64_t src, tgt, code, mentions, stories, npub;
    if (!GetSigned(cell, &dd) || !GetVarint(cell, &src) || !GetVarint(cell, &tgt) || !GetVarint(cell, &code) ||
        !GetVarint(cell, &mentions) || !GetVarint(cell, &stories) || !GetVarint(cell, &npub) || npub > cell.size())
      return false;
    date += dd;
    CellGroup& g = out->emplace_back();
    g.key = GroupKeyV6{static_cast<int32_t>(date), static_cast<int64_t>(src), static_cast<int64_t>(tgt),
                       static_cast<int64_t>(code)};
    g.mentions = static_cast<int64_t>(mentions);
    g.stories = static_cast<int64_t>(stories);
    g.publishers.reserve(npub);
    for (uint64_t i = 0; i < npub; ++i) {
      uint64_t p, n;
      if (!GetVarint(cell, &p) || !GetVarint(cell, &n)) return false;
      g.publishers.emplace_back(static_cast<int64_t>(p), static_cast<int64_t>(n));
    }
  }
  return true;
}

int RegisterEventPackFunctions(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  return sqlite3_create_function_v2(db, "dyad_pack_events", 10, flags, nullptr, nullptr, PackStep, PackFinal,
                                    nullptr);
}

}  // namespace dyad::store
