#include "model/arch.h"

#include "core/error.h"

#include <algorithm>
#include <cstdlib>

namespace rwkv {

const char* archName(Arch a)
{
    switch (a) {
    case Arch::V4: return "4";
    case Arch::V5_0: return "5.0";
    case Arch::V5_1: return "5.1";
    case Arch::V5_2: return "5.2";
    case Arch::V6: return "6";
    case Arch::V7: return "7";
    }
    return "?";
}

namespace {

const TensorView& need(const TensorFile& f, const std::string& name, const std::string& label)
{
    const TensorView* t = f.find(name);
    if (!t)
        throw Error(ErrorCode::Unsupported, label + " lacks '" + name + "': it is not an RWKV checkpoint the engine knows");
    return *t;
}

bool anyKeyContains(const TensorFile& f, const std::string& needle)
{
    for (const TensorView& t : f.tensors())
        if (t.name.find(needle) != std::string::npos)
            return true;
    return false;
}

int countLayers(const TensorFile& f)
{
    int maxLayer = -1;
    for (const TensorView& t : f.tensors()) {
        if (t.name.rfind("blocks.", 0) != 0)
            continue;
        const char* p = t.name.c_str() + 7;
        char* end = nullptr;
        long i = std::strtol(p, &end, 10);
        if (end != p && *end == '.' && i >= 0 && i < 100000)
            maxLayer = std::max(maxLayer, int(i));
    }
    return maxLayer + 1;
}

} // namespace

ModelInfo readModelInfo(const TensorFile& f, const std::string& label)
{
    ModelInfo info;
    const TensorView& emb = need(f, "emb.weight", label);
    if (emb.shape.size() != 2 || emb.shape[0] <= 0 || emb.shape[1] <= 0)
        throw Error(ErrorCode::Unsupported, label + ": 'emb.weight' has shape " + emb.shapeString() + ", expected [vocab, width]");
    info.vocab = int(emb.shape[0]);
    info.embd = int(emb.shape[1]);
    info.layers = countLayers(f);
    if (info.layers <= 0)
        throw Error(ErrorCode::Unsupported, label + " has no 'blocks.N' tensors: it is not an RWKV checkpoint");

    // Variants with extra tensors are named so the user knows what they have.
    if (anyKeyContains(f, "s_emb"))
        throw Error(ErrorCode::Unsupported, label + " is an RWKV-7a \"DeepEmbed\" model (ffn.s_emb tensors), which the engine does not run yet");
    if (f.find("blocks.0.att.k_k")) {
        info.arch = Arch::V7;
        const TensorView& rk = need(f, "blocks.0.att.r_k", label);
        if (rk.shape.size() != 2)
            throw Error(ErrorCode::Unsupported, label + ": 'blocks.0.att.r_k' has shape " + rk.shapeString() + ", expected [heads, head size]");
        info.heads = int(rk.shape[0]);
        info.headSize = int(rk.shape[1]);
    } else if (f.find("blocks.0.att.time_maa_x")) {
        info.arch = Arch::V6;
        const TensorView& u = need(f, "blocks.0.att.time_faaaa", label);
        info.heads = int(u.shape.empty() ? 0 : u.shape[0]);
    } else if (f.find("blocks.0.att.gate.weight")) {
        const TensorView& decay = need(f, "blocks.0.att.time_decay", label);
        if (decay.shape.size() == 2) {
            info.arch = Arch::V5_2;
            info.heads = int(decay.shape[0]);
        } else {
            info.arch = Arch::V5_1;
            info.heads = int(decay.shape.empty() ? 0 : decay.shape[0]);
        }
    } else if (f.find("blocks.0.att.ln_x.weight")) {
        info.arch = Arch::V5_0;
        const TensorView& decay = need(f, "blocks.0.att.time_decay", label);
        info.heads = int(decay.shape.empty() ? 0 : decay.shape[0]);
    } else {
        info.arch = Arch::V4;
        need(f, "blocks.0.att.time_first", label);
    }

    if (info.arch != Arch::V4) {
        if (info.heads <= 0 || info.embd % info.heads != 0)
            throw Error(ErrorCode::Unsupported, label + ": width " + std::to_string(info.embd) + " does not split into " +
                                                    std::to_string(info.heads) + " heads");
        if (info.headSize == 0)
            info.headSize = info.embd / info.heads;
        if (info.heads * info.headSize != info.embd)
            throw Error(ErrorCode::Unsupported, label + ": heads × head size (" + std::to_string(info.heads) + " × " +
                                                    std::to_string(info.headSize) + ") differ from the width " +
                                                    std::to_string(info.embd));
    }
    const TensorView& ffnKey = need(f, "blocks.0.ffn.key.weight", label);
    if (ffnKey.shape.size() != 2 || ffnKey.shape[1] != info.embd)
        throw Error(ErrorCode::Unsupported, label + ": 'blocks.0.ffn.key.weight' has shape " + ffnKey.shapeString());
    info.ffnDim = int(ffnKey.shape[0]);
    info.storedDType = need(f, "blocks.0.att.key.weight", label).dtype;
    for (const TensorView& t : f.tensors())
        info.parameters += int64_t(t.numel());
    return info;
}

} // namespace rwkv
