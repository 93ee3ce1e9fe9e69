// WorkspaceAllocator backs the scratch buffers of a forward pass (about 60 floats × D per token
// of a prefill chunk, allocated per call). Buffers of 64 KB or more get a mapping of their own,
// populated in the one system call, instead of a page fault per 4 KB on first touch (faults are
// costly under a hypervisor) followed by a pass that clears them: 2-3 % of a 512-token prefill
// here. New elements are zero as with std::allocator; construction leaves them as they are.
#pragma once

#include <cstddef>
#include <new>

namespace rwkv::cpu {

// Zeroed memory for `bytes`; throws std::bad_alloc when none is left.
void* allocateWorkspace(size_t bytes);
void releaseWorkspace(void* p, size_t bytes);

template <class T>
struct WorkspaceAllocator {
    using value_type = T;
    WorkspaceAllocator() = default;
    template <class U>
    WorkspaceAllocator(const WorkspaceAllocator<U>&) noexcept
    {
    }
    T* allocate(size_t n) { return static_cast<T*>(allocateWorkspace(n * sizeof(T))); }
    void deallocate(T* p, size_t n) noexcept { releaseWorkspace(p, n * sizeof(T)); }
    // Default construction leaves the (already zero) memory as it is.
    template <class U>
    void construct(U* p) noexcept
    {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args)
    {
        ::new (static_cast<void*>(p)) U(static_cast<Args&&>(args)...);
    }
    template <class U>
    bool operator==(const WorkspaceAllocator<U>&) const noexcept
    {
        return true;
    }
};

} // namespace rwkv::cpu
