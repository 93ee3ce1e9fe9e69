#include "vulkan/gpu_blocks.h"

namespace rwkv::vulkan {

void GpuClassicFfn::load(WeightSource& w, WeightUploader& up, int layer, int embd, int ffnDim, bool lerp)
{
    // Same order as ClassicFfn::load.
    std::string p = "blocks." + std::to_string(layer) + ".ffn.";
    lerpMix = lerp;
    mixK = up.vector(w.vector(p + (lerp ? "time_mix_k" : "time_maa_k"), size_t(embd)));
    mixR = up.vector(w.vector(p + (lerp ? "time_mix_r" : "time_maa_r"), size_t(embd)));
    key = up.matrix(w.matrix(p + "key.weight", ffnDim, embd));
    receptance = up.matrix(w.matrix(p + "receptance.weight", embd, embd));
    value = up.matrix(w.matrix(p + "value.weight", embd, ffnDim));
}

void GpuClassicFfn::record(const LayerPass& p) const
{
    GpuKernels& k = *p.k;
    const int D = p.width, rows = p.shape.rows();
    Address xk = p.scratch[0], xr = p.scratch[1], r = p.scratch[2], hidden = p.scratch[3];
    ShiftMode mode = lerpMix ? ShiftMode::Lerp : ShiftMode::ShiftAdd;
    k.tokenShift(mode, p.xn, p.ffnPrev(), mixK, xk, D, p.shape);
    k.tokenShift(mode, p.xn, p.ffnPrev(), mixR, xr, D, p.shape);
    k.tokenShift(ShiftMode::Save, p.xn, p.ffnPrev(), 0, 0, D, p.shape);
    k.matmul(receptance, xr, r, rows);
    k.matmul(key, xk, hidden, rows);
    k.elementwise(ElementOp::ReluSquare, hidden, 0, 0, hidden, size_t(rows) * size_t(key.rows), 0);
    k.matmul(value, hidden, p.out, rows);
    k.elementwise(ElementOp::MulSigmoid, p.out, r, 0, p.out, size_t(rows) * size_t(D), 0);
}

} // namespace rwkv::vulkan
