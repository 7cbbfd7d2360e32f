// Where tests find their data: ../shared (read-only reference material), the
// source tree and the build tree. Environment variables override the folders
// compiled in by dyad_test().
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace dyad::test {

inline std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::string(fallback);
}

inline std::string SharedDir() { return EnvOr("DYAD_SHARED_DIR", DYAD_TEST_SHARED_DIR); }
inline std::string SourceDir() { return EnvOr("DYAD_SOURCE_DIR", DYAD_TEST_SOURCE_DIR); }
inline std::string BinaryDir() { return EnvOr("DYAD_BINARY_DIR", DYAD_TEST_BINARY_DIR); }

// A file under ../shared, or "" when the shared folder (or file) is absent.
inline std::string SharedFile(const std::string& rel) {
  const std::filesystem::path p = std::filesystem::path(SharedDir()) / rel;
  std::error_code ec;
  return std::filesystem::exists(p, ec) ? p.string() : std::string();
}

}  // namespace dyad::test

// Skips the current test when a ../shared file is missing.
#define DYAD_REQUIRE_SHARED(var, rel)                                                        \
  const std::string var = ::dyad::test::SharedFile(rel);                                     \
  if (var.empty()) GTEST_SKIP() << "../shared is absent (" << (rel) << "): skipping"
