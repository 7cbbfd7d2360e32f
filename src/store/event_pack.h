// Packed BLOBs of schema v6 (docs/store.md), internal to the SQLite store:
//
// * an event block holds the events of one story on one day (a row of
//   `event_blocks`, key (date, story)): for each event in `seq` order,
//   varints seq, sentence, source actor id, target actor id, code id,
//   verb_start + 1, verb_end + 1 (0 = unknown), then the three evidence
//   phrases (source, target, verb), each as varint length and UTF-8 bytes;
// * a group cell holds the de-duplicated events ("groups") of one
//   (source party, target party, month) (a row of `group_cells`): for each
//   group in (date, src, tgt, code) order, zigzag date delta from the
//   previous group (from 0 for the first), varints src, tgt, code,
//   mentions, stories and the number of publishers, then per publisher
//   (ascending id) varints publisher id and its story count.
//
// One SQLite row per story-day and per dyad-month instead of one per
// mention and per group: a bulk load writes a fraction of the B-tree
// entries it wrote in schema v5.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dyad::store {

struct BlockEvent {
  int64_t seq = 0;
  uint32_t sentence = 0;
  int64_t src = 0, tgt = 0, code = 0;  // actor and code ids
  int32_t verb_start = -1, verb_end = -1;
  std::string_view src_text, tgt_text, verb_text;  // into the block (or the record encoded)
};

void AppendBlockEvent(std::string& block, const BlockEvent& e);
// Decodes a whole block; false (and `out` unspecified) when malformed.
bool DecodeBlock(std::string_view block, std::vector<BlockEvent>* out);

struct GroupKeyV6 {
  int32_t date = 0;
  int64_t src = 0, tgt = 0, code = 0;
  auto operator<=>(const GroupKeyV6&) const = default;
};

struct CellGroup {
  GroupKeyV6 key;
  int64_t mentions = 0;
  int64_t stories = 0;
  std::vector<std::pair<int64_t, int64_t>> publishers;  // (publisher id, stories), ascending id
  int64_t sources() const { return static_cast<int64_t>(publishers.size()); }
};

// `groups` must be sorted by key, each group's publishers by id.
std::string EncodeCell(const std::vector<CellGroup>& groups);
void AppendCellGroup(std::string& cell, int32_t* prev_date, const CellGroup& g);
void AppendCellGroup(std::string& cell, int32_t* prev_date, const GroupKeyV6& key, int64_t mentions, int64_t stories,
                     const std::vector<std::pair<int64_t, int64_t>>& publishers);
bool DecodeCell(std::string_view cell, std::vector<CellGroup>* out);

// A cell walked without building publisher vectors (the query paths):
// fn(key, mentions, stories, sources); false when malformed.
template <typename Fn>
bool WalkCell(std::string_view cell, Fn&& fn);

// Registers the aggregate dyad_pack_events(seq, sentence, src, tgt, code,
// src_text, tgt_text, verb_text, verb_start, verb_end) -> block (the v6
// migration packs the v5 `events` rows with it).
int RegisterEventPackFunctions(sqlite3* db);

}  // namespace dyad::store

#include "store/varint.h"

namespace dyad::store {

template <typename Fn>
bool WalkCell(std::string_view cell, Fn&& fn) {
  int64_t date = 0;
  while (!cell.empty()) {
    int64_t dd;
    uint64_t src, tgt, code, mentions, stories, npub;
    if (!GetSigned(cell, &dd) || !GetVarint(cell, &src) || !GetVarint(cell, &tgt) || !GetVarint(cell, &code) ||
        !GetVarint(cell, &mentions) || !GetVarint(cell, &stories) || !GetVarint(cell, &npub))
      return false;
    date += dd;
    for (uint64_t i = 0; i < npub; ++i) {
      uint64_t p, n;
      if (!GetVarint(cell, &p) || !GetVarint(cell, &n)) return false;
    }
    GroupKeyV6 k{static_cast<int32_t>(date), static_cast<int64_t>(src), static_cast<int64_t>(tgt),
                 static_cast<int64_t>(code)};
    fn(k, static_cast<int64_t>(mentions), static_cast<int64_t>(stories), static_cast<int64_t>(npub));
  }
  return true;
}

}  // namespace dyad::store
