#pragma once
// Whether dyad's SSE2 code paths are compiled. Every x86-64 compiler
// defines __SSE2__; other architectures take the portable code beside each
// SSE2 path. `cmake -DDYAD_PORTABLE=ON` builds the portable code on x86-64
// too, which is how scripts/test.sh tests it.
#if defined(__SSE2__) && !defined(DYAD_PORTABLE)
#define DYAD_SSE2 1
#include <emmintrin.h>
#else
#define DYAD_SSE2 0
#endif
