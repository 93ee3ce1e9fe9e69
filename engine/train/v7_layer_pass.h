// One RWKV-7 block (time mix + channel mix) over T tokens for training: the forward pass, keeping
// what its backward pass needs, and the backward pass into the block's input, v_first and the
// wanted parameter gradients. Training runs each block twice — a plain forward pass for the loss,
// then again just before its backward pass — so only one block's activations are alive at a time.
#pragma once

#include "train/v7_weights.h"

#include <vector>

namespace rwkv::train {

template <class F>
class V7LayerPass {
public:
    V7LayerPass(const TrainWeights<F>& model, int layer, LoraDropout dropout = {})
        : m_(model), L_(model.blocks[size_t(layer)]), layer_(layer), dropout_(dropout)
    {
    }

    // out [T, D] = the block applied to x [T, D]. Layer 0 writes v_first [T, D]; later layers read
    // it. Every sample starts from a fresh state: zero token shift, S0 = time_state or zeros.
    void forward(const F* x, int T, F* vFirst, F* out);

    // Given dOut (the gradient at out), adds the gradient at x to dx, at v_first to dvFirst (a
    // later layer's share, used by layer 0), and the parameter gradients to `grads` (only its
    // non-empty tensors). Needs a forward() on the same input first.
    void backward(const F* dOut, F* dx, F* dvFirst, TrainLayer<F>& grads);

private:
    void timeMixForward(const F* vFirstIn, F* vFirstOut);
    void timeMixBackward(const F* dAtt, F* dxn, F* dvFirst, TrainLayer<F>& g);
    void channelMixBackward(const F* dFfn, F* dxn, TrainLayer<F>& g);

    const TrainWeights<F>& m_;
    const TrainLayer<F>& L_;
    int layer_;
    LoraDropout dropout_;
    int T_ = 0;
    // Activations of the last forward pass ([T, D] unless noted).
    std::vector<F> x_, xn1_, mean1_, rstd1_, x2_, xn2_, mean2_, rstd2_;
    std::vector<F> xr_, xw_, xk_, xv_, xa_, xg_, r_, kRaw_, vRaw_, v_, vFirst_;
    std::vector<F> hW_, tW_, sW_, w_, hA_, iclr_, hG_, sG_, g_, hV_, vg_;
    std::vector<F> kk_, kkNorm_, kFin_, aVec_, bVec_, y_, gnMean_, gnRstd_, yn_, bonus_, z_;
    std::vector<F> checkpoints_;
    std::vector<F> ffnXk_, ffnPre_, ffnH_;
    std::vector<F> axR_, axK_, axV_, axO_, axFfnK_, axFfnV_; // x A^T of each LoRA
};

} // namespace rwkv::train
