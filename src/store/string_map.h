// A map from strings to small values for the ingest paths (internal): open
// addressing over one character arena, so that a million keys cost no
// allocation each (a node-based map of strings was 15% of the JSONL
// parsing thread, and of a bulk load's writer).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dyad::store {

// FNV-1a over the bytes, then a final mix (the low bits index the tables).
inline uint64_t HashString(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

template <typename V>
class ArenaStringMap {
 public:
  V* Find(std::string_view key) {
    if (slots_.empty()) return nullptr;
    const uint64_t h = Hash(key);
    for (size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const Slot& s = slots_[i];
      if (s.len == 0) return nullptr;
      if (Matches(s, h, key)) return &values_[s.index];
    }
  }
  // Inserts `key` with `value` unless present; (the stored value, inserted).
  std::pair<V*, bool> Insert(std::string_view key, V value) {
    if ((values_.size() + 1) * 2 > slots_.size()) Grow();
    const uint64_t h = Hash(key);
    for (size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      Slot& s = slots_[i];
      if (s.len == 0) {
        s = Slot{h, arena_.size(), static_cast<uint32_t>(key.size()) + 1, static_cast<uint32_t>(values_.size())};
        arena_.append(key);
        values_.push_back(std::move(value));
        return {&values_.back(), true};
      }
      if (Matches(s, h, key)) return {&values_[s.index], false};
    }
  }
  // fn(key, value) for every entry, in no particular order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (const Slot& s : slots_)
      if (s.len) fn(std::string_view(arena_).substr(s.offset, s.len - 1), values_[s.index]);
  }
  size_t size() const { return values_.size(); }
  void Clear() {
    slots_ = {};
    arena_ = {};
    values_ = {};
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint64_t offset = 0;
    uint32_t len = 0;  // key length + 1; 0 = empty
    uint32_t index = 0;
  };
  bool Matches(const Slot& s, uint64_t h, std::string_view key) const {
    return s.hash == h && s.len == key.size() + 1 && std::string_view(arena_).substr(s.offset, key.size()) == key;
  }
  static uint64_t Hash(std::string_view s) { return HashString(s); }
  void Grow() {
    std::vector<Slot> old(std::max<size_t>(1024, slots_.size() * 2));
    old.swap(slots_);
    for (const Slot& s : old) {
      if (s.len == 0) continue;
      size_t i = s.hash & (slots_.size() - 1);
      while (slots_[i].len != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::string arena_;
  std::vector<V> values_;
};

}  // namespace dyad::store
