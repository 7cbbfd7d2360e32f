#pragma once
// A cache-line request that the compiler keeps.
//
// GCC 12 at -O2 deletes a loop whose only effect is __builtin_prefetch (a
// prefetch does not count as a side effect), and with it every request the
// loop was written for; it also drops a prefetch whose address comes out of
// a hash loop. The empty asm statement below takes the address as an input,
// which the compiler must assume is used, so the loop and its prefetches
// stay. It emits no instruction of its own.

namespace dyad {

inline void Prefetch(const void* p) {
  __builtin_prefetch(p);
  asm volatile("" : : "r"(p));
}

// The same, for a line about to be written.
inline void PrefetchForWrite(const void* p) {
  __builtin_prefetch(p, 1);
  asm volatile("" : : "r"(p));
}

}  // namespace dyad
