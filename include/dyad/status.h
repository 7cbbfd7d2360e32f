// Status and Result<T>: how errors cross module boundaries in dyad.
//
// Every fallible call returns a Status (or a Result<T> carrying a value or a
// Status). Messages are written for the person running dyad: they name the
// file, line and column (or story id) and say what to do. Only main() exits.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace dyad {

class Status {
 public:
  enum class Code { kOk = 0, kInvalidArgument, kNotFound, kParseError, kIoError, kCorruption, kLimitExceeded, kInternal };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status ParseError(std::string msg) { return Status(Code::kParseError, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status LimitExceeded(std::string msg) { return Status(Code::kLimitExceeded, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "parse error: file:3:7: ..." style text for users.
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}           // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {     // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status");
  }
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace dyad

#define DYAD_CONCAT_INNER_(a, b) a##b
#define DYAD_CONCAT_(a, b) DYAD_CONCAT_INNER_(a, b)

// Return the Status of `expr` from the enclosing function if it is not OK.
#define DYAD_RETURN_IF_ERROR(expr)                  \
  do {                                              \
    ::dyad::Status dyad_status_ = (expr);           \
    if (!dyad_status_.ok()) return dyad_status_;    \
  } while (0)

// `lhs = value of expr`, or return its Status.
#define DYAD_ASSIGN_OR_RETURN(lhs, expr)                                  \
  auto DYAD_CONCAT_(dyad_result_, __LINE__) = (expr);                     \
  if (!DYAD_CONCAT_(dyad_result_, __LINE__).ok())                         \
    return DYAD_CONCAT_(dyad_result_, __LINE__).status();                 \
  lhs = std::move(DYAD_CONCAT_(dyad_result_, __LINE__)).value()
