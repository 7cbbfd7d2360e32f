// The data/cameo/*.tsv files, compiled into the library (see embed_tsv.cmake).
#pragma once

#include <string_view>

namespace dyad::embedded {
extern const std::string_view cameo_codes;      // data/cameo/cameo_codes.tsv
extern const std::string_view actor_types;      // data/cameo/actor_types.tsv
extern const std::string_view countries;        // data/cameo/countries.tsv
extern const std::string_view plover_versions;  // data/cameo/plover_versions.tsv
}  // namespace dyad::embedded
