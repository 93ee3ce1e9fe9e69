// RWKV-7 on the GPU: the steps of engine/model/v7.cpp as dispatches (docs/RWKV.md "v7 time mix").
#include "vulkan/gpu_blocks.h"

#include <algorithm>

namespace rwkv::vulkan {

namespace {

constexpr float kGroupNormEps = 64e-5f;

struct V7GpuLayer {
    Address xr, xw, xk, xv, xa, xg, w0, a0, v0, kk, ka, rk, lnxW, lnxB, ffnXk;
    GpuMatrix w1, w2, a1, a2, v1, v2, g1, g2;
    GpuMatrix r, k, v, o, ffnK, ffnV;
};

class V7Blocks final : public GpuBlocks {
public:
    void build(WeightSource& w, WeightUploader& up, const ModelInfo& info) override
    {
        const int D = info.embd, H = info.heads, N = info.headSize;
        heads_ = H;
        headSize_ = N;
        width_ = std::max(D, info.ffnDim);
        layers_.resize(size_t(info.layers));
        for (int i = 0; i < info.layers; ++i) {
            std::string p = "blocks." + std::to_string(i) + ".att.";
            V7GpuLayer& L = layers_[size_t(i)];
            auto vec = [&](const char* n) { return up.vector(w.vector(p + n, size_t(D))); };
            L.xr = vec("x_r"); L.xw = vec("x_w"); L.xk = vec("x_k"); L.xv = vec("x_v"); L.xa = vec("x_a"); L.xg = vec("x_g");
            L.w0 = vec("w0"); L.a0 = vec("a0"); L.kk = vec("k_k"); L.ka = vec("k_a");
            L.rk = up.vector(w.vector(p + "r_k", size_t(H) * N));
            auto lowRank = [&](const char* a, const char* b, GpuMatrix& first, GpuMatrix& second) {
                int rank = int(w.shape(p + a).back());
                first = up.matrix(w.matrixFromInOut(p + a, D, rank));
                second = up.matrix(w.matrixFromInOut(p + b, rank, D));
                width_ = std::max(width_, rank);
            };
            lowRank("w1", "w2", L.w1, L.w2);
            lowRank("a1", "a2", L.a1, L.a2);
            lowRank("g1", "g2", L.g1, L.g2);
            if (i > 0) {
                L.v0 = vec("v0");
                lowRank("v1", "v2", L.v1, L.v2);
            }
            L.r = up.matrix(w.matrix(p + "receptance.weight", D, D));
            L.k = up.matrix(w.matrix(p + "key.weight", D, D));
            L.v = up.matrix(w.matrix(p + "value.weight", D, D));
            L.o = up.matrix(w.matrix(p + "output.weight", D, D));
            L.lnxW = vec("ln_x.weight");
            L.lnxB = vec("ln_x.bias");
            std::string f = "blocks." + std::to_string(i) + ".ffn.";
            L.ffnXk = up.vector(w.vector(f + "x_k", size_t(D)));
            L.ffnK = up.matrix(w.matrix(f + "key.weight", info.ffnDim, D));
            L.ffnV = up.matrix(w.matrix(f + "value.weight", D, info.ffnDim));
        }
    }

    int scratchWidth() const override { return width_; }

    void timeMix(const LayerPass& p, int layer) const override
    {
        const V7GpuLayer& L = layers_[size_t(layer)];
        GpuKernels& k = *p.k;
        const int D = p.width, rows = p.shape.rows();
        const size_t n = size_t(rows) * size_t(D);
        const Address* s = p.scratch;
        Address xr = s[0], xw = s[1], xk = s[2], xv = s[3], xa = s[4], xg = s[5];
        Address r = s[6], kv = s[7], low = s[9], bonus = s[10];
        const Address mixes[6][2] = {{L.xr, xr}, {L.xw, xw}, {L.xk, xk}, {L.xv, xv}, {L.xa, xa}, {L.xg, xg}};
        for (const auto& m : mixes)
            k.tokenShift(ShiftMode::ShiftAdd, p.xn, p.attPrev(), m[0], m[1], D, p.shape);
        k.tokenShift(ShiftMode::Save, p.xn, p.attPrev(), 0, 0, D, p.shape);

        // Layer 0's v is every later layer's "first v": compute it straight into vFirst.
        Address v = layer == 0 ? p.vFirst : s[8];
        k.matmul(L.r, xr, r, rows);
        k.matmul(L.k, xk, kv, rows);
        k.matmul(L.v, xv, v, rows);

        Address decay = xw; // w = exp(-e^-0.5 σ(w0 + tanh(xw w1) w2))
        k.matmul(L.w1, xw, low, rows);
        k.elementwise(ElementOp::Tanh, low, 0, 0, low, size_t(rows) * size_t(L.w1.rows), 0);
        k.matmul(L.w2, low, decay, rows);
        k.elementwise(ElementOp::V7Decay, decay, 0, L.w0, decay, n, D);
        Address a = xa;
        k.matmul(L.a1, xa, low, rows);
        k.matmul(L.a2, low, a, rows);
        k.elementwise(ElementOp::SigmoidBias, a, 0, L.a0, a, n, D);
        Address g = xg;
        k.matmul(L.g1, xg, low, rows);
        k.elementwise(ElementOp::Sigmoid, low, 0, 0, low, size_t(rows) * size_t(L.g1.rows), 0);
        k.matmul(L.g2, low, g, rows);
        if (layer > 0) {
            Address gate = xk; // consumed by the key projection
            k.matmul(L.v1, xv, low, rows);
            k.matmul(L.v2, low, gate, rows);
            k.elementwise(ElementOp::V7ValueMix, gate, p.vFirst, L.v0, v, n, D);
        }

        Address y = xr, yn = xv; // both consumed
        k.wkv7(r, kv, v, decay, a, L.kk, L.ka, L.rk, y, bonus, p.wkvState(), D, headSize_, p.shape);
        k.norm(y, yn, L.lnxW, L.lnxB, D, heads_, rows, kGroupNormEps);
        k.elementwise(ElementOp::AddMul, bonus, g, 0, yn, n, 0);
        k.matmul(L.o, yn, p.out, rows);
    }

    void channelMix(const LayerPass& p, int layer) const override
    {
        const V7GpuLayer& L = layers_[size_t(layer)];
        GpuKernels& k = *p.k;
        const int rows = p.shape.rows();
        Address xk = p.scratch[0], hidden = p.scratch[1];
        k.tokenShift(ShiftMode::ShiftAdd, p.xn, p.ffnPrev(), L.ffnXk, xk, p.width, p.shape);
        k.tokenShift(ShiftMode::Save, p.xn, p.ffnPrev(), 0, 0, p.width, p.shape);
        k.matmul(L.ffnK, xk, hidden, rows);
        k.elementwise(ElementOp::ReluSquare, hidden, 0, 0, hidden, size_t(rows) * size_t(L.ffnK.rows), 0);
        k.matmul(L.ffnV, hidden, p.out, rows);
    }

private:
    std::vector<V7GpuLayer> layers_;
    int heads_ = 0, headSize_ = 0, width_ = 0;
};

} // namespace

std::unique_ptr<GpuBlocks> makeGpuBlocksV7()
{
    return std::make_unique<V7Blocks>();
}

} // namespace rwkv::vulkan
