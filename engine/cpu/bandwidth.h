// Measures this machine's memory read bandwidth the way decoding uses it: all pool threads
// streaming through a buffer far larger than the caches.
#pragma once

namespace rwkv::cpu {

// GB/s, best of six passes over a 512 MB buffer (well under a second).
double measureReadBandwidth();

} // namespace rwkv::cpu
