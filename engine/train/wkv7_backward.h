// The WKV-7 recurrence over T tokens for training, and its exact gradient. Per head, with the
// state S [value i][key j] (docs/RWKV.md "v7 time mix", a = -kk, b = kk ⊙ a_rate):
//     S_t = S_{t-1} diag(w_t) + (S_{t-1} a_t) b_t^T + v_t k_t^T,    y_t = S_t r_t
// The forward pass keeps the state at the start of every chunk of kChunk tokens; the backward
// pass walks the chunks from the last, recomputing the chunk's states from its checkpoint, so
// memory is T/kChunk states plus one chunk's instead of T states (the official training kernel
// does the same).
#pragma once

#include <vector>

namespace rwkv::train {

constexpr int kWkvChunk = 16;

// Rows of [T, H*N] activations: head h of token t is at t*H*N + h*N.
template <class F>
struct Wkv7Inputs {
    const F *r, *w, *k, *v, *a, *b;
    int T, H, N;
};

// y [T, H*N] = the outputs; S0 [H, N, N] the initial states (null: zeros); checkpoints receives
// the states at the start of every chunk.
template <class F>
void wkv7Forward(const Wkv7Inputs<F>& in, const F* S0, F* y, std::vector<F>& checkpoints);

// Adds to d* (each [T, H*N], null when not wanted) and dS0 ([H, N, N], may be null) the gradients
// of the loss given dy, the gradient at y.
template <class F>
void wkv7Backward(const Wkv7Inputs<F>& in, const std::vector<F>& checkpoints, const F* dy, F* dr, F* dw, F* dk,
                  F* dv, F* da, F* db, F* dS0);

} // namespace rwkv::train
