#include "cpu/kernels.h"

#include <atomic>
#if defined(__x86_64__)
#include <cpuid.h>
#endif
#include <cstdlib>
#include <cstring>

namespace rwkv::cpu {

namespace {

bool cpuHasAvx2()
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    // clang has no "f16c" for __builtin_cpu_supports: read CPUID leaf 1, ECX bit 29.
    unsigned a = 0, b = 0, c = 0, d = 0;
    bool f16c = __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 29));
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && f16c;
#else
    return false;
#endif
}

bool cpuHasAvx512()
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    return cpuHasAvx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vnni");
#else
    return false;
#endif
}

const KernelTable* pickDefault()
{
    const char* forced = std::getenv("RWKV_CPU_KERNEL");
    if (forced && std::strcmp(forced, "scalar") == 0)
        return &scalarKernels();
    if (forced && std::strcmp(forced, "avx2") == 0 && cpuHasAvx2() && avx2Kernels())
        return avx2Kernels();
    if (cpuHasAvx512() && avx512Kernels())
        return avx512Kernels();
    if (cpuHasAvx2() && avx2Kernels())
        return avx2Kernels();
    // Advanced SIMD is part of every AArch64 processor: compiled in means it runs.
    if (neonKernels())
        return neonKernels();
    return &scalarKernels();
}

std::atomic<const KernelTable*> g_table{nullptr};

} // namespace

const KernelTable& kernels()
{
    const KernelTable* t = g_table.load(std::memory_order_acquire);
    if (!t) {
        t = pickDefault();
        g_table.store(t, std::memory_order_release);
    }
    return *t;
}

bool selectKernels(const char* name)
{
    if (std::strcmp(name, "auto") == 0) {
        g_table = pickDefault();
        return true;
    }
    if (std::strcmp(name, "avx512") == 0 && cpuHasAvx512() && avx512Kernels()) {
        g_table = avx512Kernels();
        return true;
    }
    if (std::strcmp(name, "scalar") == 0) {
        g_table = &scalarKernels();
        return true;
    }
    if (std::strcmp(name, "avx2") == 0 && cpuHasAvx2() && avx2Kernels()) {
        g_table = avx2Kernels();
        return true;
    }
    if (std::strcmp(name, "neon") == 0 && neonKernels()) {
        g_table = neonKernels();
        return true;
    }
    return false;
}

} // namespace rwkv::cpu
