// A thin RAII layer over the SQLite C API for the store (internal).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "dyad/status.h"

namespace dyad::store {

class Stmt {
 public:
  Stmt() = default;
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(Stmt&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  Stmt& operator=(Stmt&& o) noexcept {
    if (this != &o) {
      sqlite3_finalize(s_);
      s_ = std::exchange(o.s_, nullptr);
    }
    return *this;
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool valid() const { return s_ != nullptr; }
  sqlite3_stmt* get() const { return s_; }
  // Bind*: 1-based parameter index. Text is copied (SQLITE_TRANSIENT) unless
  // `stable` says it outlives the next Step.
  Stmt& Int(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); return *this; }
  Stmt& Real(int i, double v) { sqlite3_bind_double(s_, i, v); return *this; }
  Stmt& Null(int i) { sqlite3_bind_null(s_, i); return *this; }
  Stmt& Text(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& TextOrNull(int i, std::string_view v) { return v.empty() ? Null(i) : Text(i, v); }
  // Not copied: `v` must stay valid until the statement is reset.
  Stmt& StaticText(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Stmt& StaticTextOrNull(int i, std::string_view v) {
    if (v.empty()) return Null(i);
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  // Not copied: `v` must stay valid until the statement is reset.
  Stmt& StaticBlob(int i, std::string_view v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(s_); }
  void Reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  int64_t ColInt(int c) const { return sqlite3_column_int64(s_, c); }
  double ColReal(int c) const { return sqlite3_column_double(s_, c); }
  bool ColNull(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::string_view ColBlob(int c) const {
    const void* b = sqlite3_column_blob(s_, c);
    return b ? std::string_view(static_cast<const char*>(b), static_cast<size_t>(sqlite3_column_bytes(s_, c)))
             : std::string_view();
  }
  std::string ColText(int c) const {
    const unsigned char* t = sqlite3_column_text(s_, c);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s_, c)) : std::string();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
};

inline Status SqlError(sqlite3* db, std::string_view what) {
  return Status::IoError("sqlite: " + std::string(what) + ": " + sqlite3_errmsg(db));
}

inline Result<Stmt> Prepare(sqlite3* db, std::string_view sql, bool persistent = false) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              persistent ? SQLITE_PREPARE_PERSISTENT : 0, &s, nullptr);
  if (rc != SQLITE_OK) return SqlError(db, "prepare '" + std::string(sql.substr(0, 80)) + "'");
  return Stmt(s);
}

inline Status Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::IoError("sqlite: " + msg + " (in: " + sql.substr(0, 80) + ")");
  }
  return Status::Ok();
}

// Runs a statement that must finish with SQLITE_DONE, then resets it.
inline Status Run(sqlite3* db, Stmt& s, std::string_view what) {
  int rc = s.Step();
  s.Reset();
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return SqlError(db, what);
  return Status::Ok();
}

}  // namespace dyad::store
