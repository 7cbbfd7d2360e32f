// UTF-8 helpers for the output formats.
#pragma once

#include <cstddef>
#include <string_view>

namespace dyad::output_internal {

// Length (1-4) of the well-formed UTF-8 sequence starting at text[i], or 0 if
// the bytes there are not well-formed UTF-8 (overlong forms, surrogates,
// code points above U+10FFFF and truncated sequences are all ill-formed).
size_t Utf8SequenceLength(std::string_view text, size_t i);

}  // namespace dyad::output_internal
