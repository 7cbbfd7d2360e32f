#include "store/sentence_pack.h"

#include <algorithm>

#include "store/varint.h"

namespace dyad::store {
namespace {

// Calls fn(idx, text) for each sentence; false when malformed or fn stops.
template <typename Fn>
bool Walk(std::string_view blob, Fn&& fn) {
  while (!blob.empty()) {
    uint64_t idx = 0, len = 0;
    if (!GetVarint(blob, &idx) || !GetVarint(blob, &len) || len > blob.size() || idx > UINT32_MAX) return false;
    if (!fn(static_cast<uint32_t>(idx), blob.substr(0, len))) return true;
    blob.remove_prefix(len);
  }
  return true;
}

std::string_view BlobArg(sqlite3_value* v) {
  const void* b = sqlite3_value_blob(v);
  return b ? std::string_view(static_cast<const char*>(b), static_cast<size_t>(sqlite3_value_bytes(v)))
           : std::string_view();
}

void SentenceFn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const std::string_view blob = BlobArg(argv[0]);
  const int64_t want = sqlite3_value_int64(argv[1]);
  std::string_view found;
  bool hit = false;
  const bool ok = Walk(blob, [&](uint32_t idx, std::string_view text) {
    if (idx != want) return idx < want;  // sorted: stop once past it
    found = text;
    hit = true;
    return false;
  });
  if (!ok) {
    sqlite3_result_error(ctx, "dyad_sentence: malformed sentence blob", -1);
  } else if (hit) {
    sqlite3_result_text(ctx, found.data(), static_cast<int>(found.size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_result_null(ctx);
  }
}

void CountFn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  int64_t n = 0;
  if (!Walk(BlobArg(argv[0]), [&](uint32_t, std::string_view) { return ++n, true; })) {
    sqlite3_result_error(ctx, "dyad_sentence_count: malformed sentence blob", -1);
    return;
  }
  sqlite3_result_int64(ctx, n);
}

// Aggregate state: owned strings (the values do not outlive a step).
struct PackState {
  std::vector<std::pair<uint32_t, std::string>>* items;
};

void PackStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* st = static_cast<PackState*>(sqlite3_aggregate_context(ctx, sizeof(PackState)));
  if (!st) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (!st->items) st->items = new std::vector<std::pair<uint32_t, std::string>>();
  const unsigned char* t = sqlite3_value_text(argv[1]);
  st->items->emplace_back(static_cast<uint32_t>(sqlite3_value_int64(argv[0])),
                          t ? std::string(reinterpret_cast<const char*>(t), sqlite3_value_bytes(argv[1])) : "");
}

void PackFinal(sqlite3_context* ctx) {
  auto* st = static_cast<PackState*>(sqlite3_aggregate_context(ctx, 0));
  SentenceList list;
  if (st && st->items)
    for (const auto& [idx, text] : *st->items) list.emplace_back(idx, text);
  const std::string blob = PackSentences(std::move(list));
  sqlite3_result_blob(ctx, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  if (st) delete st->items;
}

}  // namespace

std::string PackSentences(SentenceList sentences) {
  std::string out;
  PackSentences(std::move(sentences), &out);
  return out;
}

void PackSentences(SentenceList sentences, std::string* out) {
  std::stable_sort(sentences.begin(), sentences.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  out->clear();
  size_t bytes = 0;
  for (const auto& s : sentences) bytes += s.second.size() + 4;
  out->reserve(bytes);
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (i + 1 < sentences.size() && sentences[i + 1].first == sentences[i].first) continue;  // the last one wins
    PutVarint(*out, sentences[i].first);
    PutVarint(*out, sentences[i].second.size());
    out->append(sentences[i].second);
  }
}

bool UnpackSentences(std::string_view blob, SentenceList* out) {
  out->clear();
  return Walk(blob, [&](uint32_t idx, std::string_view text) { return out->emplace_back(idx, text), true; });
}

int RegisterSentenceFunctions(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "dyad_sentence", 2, flags, nullptr, SentenceFn, nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(db, "dyad_sentence_count", 1, flags, nullptr, CountFn, nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(db, "dyad_pack_sentences", 2, flags, nullptr, nullptr, PackStep, PackFinal,
                                    nullptr);
  return rc;
}

}  // namespace dyad::store
