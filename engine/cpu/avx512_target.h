// What every AVX-512 kernel file shares: the target attribute each of its functions carries (so
// nothing compiled for AVX-512 runs on a processor without it), and the warnings GCC gives about
// that style which are harmless here.
#pragma once

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

// GCC warns about the vector ABI of lambdas inside target-attributed functions and about its own
// _mm512_undefined_* helpers.
#pragma GCC diagnostic ignored "-Wpsabi"
#if !defined(__clang__) // clang has no such warning group and would warn about the pragma
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#define RWKV_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512vnni,avx2,fma,f16c")))
#endif
