#include "cpu/kernels.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace rwkv::cpu {

namespace {

bool cpuHasAvx2()
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
#else
    return false;
#endif
}

const KernelTable* pickDefault()
{
    const char* forced = std::getenv("RWKV_CPU_KERNEL");
    if (forced && std::strcmp(forced, "scalar") == 0)
        return &scalarKernels();
    if (cpuHasAvx2() && avx2Kernels())
        return avx2Kernels();
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
    if (std::strcmp(name, "scalar") == 0) {
        g_table = &scalarKernels();
        return true;
    }
    if (std::strcmp(name, "avx2") == 0 && cpuHasAvx2() && avx2Kernels()) {
        g_table = avx2Kernels();
        return true;
    }
    return false;
}

} // namespace rwkv::cpu
