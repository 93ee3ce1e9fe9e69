#include "model/random_checkpoint.h"

#include "core/error.h"
#include "formats/checkpoint_writer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>

namespace rwkv {

namespace {

// Low-rank sizes as the RWKV-7 training code chooses them from the width.
int loraDim(double factor, double power, int embd)
{
    return std::max(32, int(std::lround(factor * std::pow(double(embd), power) / 32.0)) * 32);
}

class Builder {
public:
    Builder(DType dtype, uint64_t seed) : dtype_(dtype), state_(seed * 0x9E3779B97F4A7C15ull + 1) {}

    // Uniform in [center - spread, center + spread].
    void add(const std::string& name, std::vector<int64_t> shape, float center, float spread)
    {
        size_t n = 1;
        for (int64_t d : shape)
            n *= size_t(d);
        std::vector<std::byte>& bytes = storage_.emplace_back(n * dtypeSize(dtype_));
        for (size_t i = 0; i < n; ++i) {
            float v = center + spread * (2.0f * next() - 1.0f);
            if (dtype_ == DType::F32) {
                std::memcpy(bytes.data() + 4 * i, &v, 4);
            } else {
                uint16_t h = dtype_ == DType::BF16 ? floatToBf16(v) : floatToF16(v);
                std::memcpy(bytes.data() + 2 * i, &h, 2);
            }
        }
        TensorView t;
        t.name = name;
        t.dtype = dtype_;
        t.shape = std::move(shape);
        t.data = bytes.data();
        views_.push_back(std::move(t));
    }
    // A weight matrix [out, in] with the spread of a fan-in scaled init.
    void matrix(const std::string& name, int out, int in, float gain = 1.0f)
    {
        add(name, {out, in}, 0.0f, gain * std::sqrt(3.0f / float(in)));
    }
    const std::vector<TensorView>& views() const { return views_; }

private:
    float next() // xorshift64*: fast, portable, deterministic
    {
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        return float((state_ * 2685821657736338717ull) >> 40) / float(1 << 24);
    }

    DType dtype_;
    uint64_t state_;
    std::deque<std::vector<std::byte>> storage_;
    std::vector<TensorView> views_;
};

void addV7Layer(Builder& b, const std::string& p, int i, int D, int H, int N, int F)
{
    const int dw = loraDim(1.8, 0.5, D), da = loraDim(1.8, 0.5, D), dv = loraDim(1.3, 0.5, D), dg = loraDim(0.6, 0.8, D);
    for (const char* x : {"x_r", "x_w", "x_k", "x_v", "x_a", "x_g"})
        b.add(p + "att." + x, {1, 1, D}, 0.5f, 0.45f);
    b.add(p + "att.w0", {1, 1, D}, -3.0f, 2.5f);
    b.add(p + "att.w1", {D, dw}, 0.0f, 0.1f);
    b.add(p + "att.w2", {dw, D}, 0.0f, 0.1f);
    b.add(p + "att.a0", {1, 1, D}, 0.0f, 1.0f);
    b.add(p + "att.a1", {D, da}, 0.0f, 0.1f);
    b.add(p + "att.a2", {da, D}, 0.0f, 0.1f);
    if (i > 0) {
        b.add(p + "att.v0", {1, 1, D}, 1.0f, 0.5f);
        b.add(p + "att.v1", {D, dv}, 0.0f, 0.1f);
        b.add(p + "att.v2", {dv, D}, 0.0f, 0.1f);
    }
    b.add(p + "att.g1", {D, dg}, 0.0f, 0.1f);
    b.add(p + "att.g2", {dg, D}, 0.0f, 0.1f);
    b.add(p + "att.k_k", {1, 1, D}, 0.85f, 0.1f);
    b.add(p + "att.k_a", {1, 1, D}, 1.0f, 0.1f);
    b.add(p + "att.r_k", {H, N}, 0.0f, 0.3f);
    b.matrix(p + "att.receptance.weight", D, D);
    b.matrix(p + "att.key.weight", D, D);
    b.matrix(p + "att.value.weight", D, D);
    b.matrix(p + "att.output.weight", D, D, 0.5f);
    b.add(p + "att.ln_x.weight", {D}, 1.0f, 0.2f);
    b.add(p + "att.ln_x.bias", {D}, 0.0f, 0.05f);
    b.add(p + "ffn.x_k", {1, 1, D}, 0.5f, 0.45f);
    b.matrix(p + "ffn.key.weight", F, D);
    b.matrix(p + "ffn.value.weight", D, F, 0.5f);
}

void addClassicFfn(Builder& b, const std::string& p, int D, int F, bool maa)
{
    b.add(p + (maa ? "ffn.time_maa_k" : "ffn.time_mix_k"), {1, 1, D}, 0.5f, 0.45f);
    b.add(p + (maa ? "ffn.time_maa_r" : "ffn.time_mix_r"), {1, 1, D}, 0.5f, 0.45f);
    b.matrix(p + "ffn.key.weight", F, D);
    b.matrix(p + "ffn.receptance.weight", D, D);
    b.matrix(p + "ffn.value.weight", D, F, 0.5f);
}

void addV6Layer(Builder& b, const std::string& p, int D, int H, int N, int F)
{
    const int dm = 32, dd = 64;
    for (const char* x : {"time_maa_x", "time_maa_w", "time_maa_k", "time_maa_v", "time_maa_r", "time_maa_g"})
        b.add(p + "att." + x, {1, 1, D}, 0.5f, 0.45f);
    b.add(p + "att.time_maa_w1", {D, 5 * dm}, 0.0f, 0.1f);
    b.add(p + "att.time_maa_w2", {5, dm, D}, 0.0f, 0.1f);
    b.add(p + "att.time_decay", {1, 1, D}, -3.0f, 2.5f);
    b.add(p + "att.time_decay_w1", {D, dd}, 0.0f, 0.1f);
    b.add(p + "att.time_decay_w2", {dd, D}, 0.0f, 0.1f);
    b.add(p + "att.time_faaaa", {H, N}, 0.0f, 0.5f);
    b.matrix(p + "att.receptance.weight", D, D);
    b.matrix(p + "att.key.weight", D, D);
    b.matrix(p + "att.value.weight", D, D);
    b.matrix(p + "att.output.weight", D, D, 0.5f);
    b.matrix(p + "att.gate.weight", D, D);
    b.add(p + "att.ln_x.weight", {D}, 1.0f, 0.2f);
    b.add(p + "att.ln_x.bias", {D}, 0.0f, 0.05f);
    addClassicFfn(b, p, D, F, true);
}

void addV5Layer(Builder& b, const std::string& p, int D, int H, int N, int F)
{
    for (const char* x : {"time_mix_k", "time_mix_v", "time_mix_r", "time_mix_g"})
        b.add(p + "att." + x, {1, 1, D}, 0.5f, 0.45f);
    b.add(p + "att.time_decay", {H, N}, -3.0f, 2.5f);
    b.add(p + "att.time_faaaa", {H, N}, 0.0f, 0.5f);
    b.matrix(p + "att.receptance.weight", D, D);
    b.matrix(p + "att.key.weight", D, D);
    b.matrix(p + "att.value.weight", D, D);
    b.matrix(p + "att.output.weight", D, D, 0.5f);
    b.matrix(p + "att.gate.weight", D, D);
    b.add(p + "att.ln_x.weight", {D}, 1.0f, 0.2f);
    b.add(p + "att.ln_x.bias", {D}, 0.0f, 0.05f);
    addClassicFfn(b, p, D, F, false);
}

void addV4Layer(Builder& b, const std::string& p, int D, int F)
{
    b.add(p + "att.time_decay", {D}, -1.0f, 3.0f);
    b.add(p + "att.time_first", {D}, 0.0f, 1.0f);
    for (const char* x : {"time_mix_k", "time_mix_v", "time_mix_r"})
        b.add(p + "att." + x, {1, 1, D}, 0.5f, 0.45f);
    b.matrix(p + "att.key.weight", D, D);
    b.matrix(p + "att.value.weight", D, D);
    b.matrix(p + "att.receptance.weight", D, D);
    b.matrix(p + "att.output.weight", D, D, 0.5f);
    addClassicFfn(b, p, D, F, false);
}

} // namespace

void writeRandomModel(const std::string& path, const RandomModelSpec& s)
{
    const int D = s.embd;
    if (s.layers <= 0 || D <= 0 || s.vocab <= 0)
        throw Error(ErrorCode::InvalidArgument, "layers, width and vocabulary must be positive");
    if (s.arch == Arch::V5_0 || s.arch == Arch::V5_1)
        throw Error(ErrorCode::InvalidArgument, "random models of RWKV-5.0/5.1 are not offered; use 5.2");
    if (s.arch != Arch::V4 && (s.headSize <= 0 || D % s.headSize != 0))
        throw Error(ErrorCode::InvalidArgument, "width " + std::to_string(D) + " is not a multiple of the head size " +
                                                    std::to_string(s.headSize));
    const int N = s.headSize, H = s.arch == Arch::V4 ? 0 : D / N;
    int F = s.ffnDim;
    if (F <= 0)
        F = s.arch == Arch::V6 ? (D * 7 / 2) / 32 * 32 : 4 * D;

    Builder b(s.dtype, s.seed);
    b.add("emb.weight", {s.vocab, D}, 0.0f, 1.0f);
    for (int i = 0; i < s.layers; ++i) {
        std::string p = "blocks." + std::to_string(i) + ".";
        if (i == 0) {
            b.add(p + "ln0.weight", {D}, 1.0f, 0.2f);
            b.add(p + "ln0.bias", {D}, 0.0f, 0.05f);
        }
        b.add(p + "ln1.weight", {D}, 1.0f, 0.2f);
        b.add(p + "ln1.bias", {D}, 0.0f, 0.05f);
        b.add(p + "ln2.weight", {D}, 1.0f, 0.2f);
        b.add(p + "ln2.bias", {D}, 0.0f, 0.05f);
        switch (s.arch) {
        case Arch::V7: addV7Layer(b, p, i, D, H, N, F); break;
        case Arch::V6: addV6Layer(b, p, D, H, N, F); break;
        case Arch::V5_2: addV5Layer(b, p, D, H, N, F); break;
        default: addV4Layer(b, p, D, F); break;
        }
    }
    b.add("ln_out.weight", {D}, 1.0f, 0.2f);
    b.add("ln_out.bias", {D}, 0.0f, 0.05f);
    b.matrix("head.weight", s.vocab, D, 2.0f);

    const bool pth = path.size() >= 4 && path.compare(path.size() - 4, 4, ".pth") == 0;
    if (pth)
        writePth(path, b.views());
    else
        writeSafetensors(path, b.views());
}

} // namespace rwkv
