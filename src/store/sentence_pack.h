// A story's sentences packed into one BLOB of its `stories` row (schema v5;
// docs/store.md): for each sentence in index order, varint index, varint
// byte length, the UTF-8 text. One row per story instead of one B-tree
// entry per sentence. Internal to the SQLite store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dyad::store {

using SentenceList = std::vector<std::pair<uint32_t, std::string_view>>;

// Packs sentences (any order; for a repeated index the last one wins).
std::string PackSentences(SentenceList sentences);
// The same into `out` (replaced; its capacity is reused).
void PackSentences(SentenceList sentences, std::string* out);
// Unpacks; false when the blob is malformed.
bool UnpackSentences(std::string_view blob, SentenceList* out);
// Registers on `db`: dyad_sentence(blob, idx) -> text or NULL,
// dyad_sentence_count(blob) -> number of sentences, and the aggregate
// dyad_pack_sentences(idx, text) -> blob (used by the v5 migration).
int RegisterSentenceFunctions(sqlite3* db);

}  // namespace dyad::store
