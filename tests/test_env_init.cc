// Linked into every test binary: exports the folders compiled in by
// dyad_test() as environment variables (unless already set), so tests that
// read DYAD_SHARED_DIR / DYAD_SOURCE_DIR / DYAD_BINARY_DIR, and the dyad
// processes they start, see them however the test binary is run.
#include <cstdlib>

namespace {

struct ExportTestFolders {
  ExportTestFolders() {
    setenv("DYAD_SHARED_DIR", DYAD_TEST_SHARED_DIR, 0);
    setenv("DYAD_SOURCE_DIR", DYAD_TEST_SOURCE_DIR, 0);
    setenv("DYAD_BINARY_DIR", DYAD_TEST_BINARY_DIR, 0);
  }
};
const ExportTestFolders kExport;

}  // namespace
