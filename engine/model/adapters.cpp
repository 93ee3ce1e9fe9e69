#include "model/adapters.h"

#include "core/error.h"

namespace rwkv {

State stateFromTuningFile(const TensorFile& file, const std::string& label, const ModelInfo& info)
{
    if (info.arch == Arch::V4)
        throw Error(ErrorCode::Unsupported, label + ": state tuning needs an RWKV-5, 6 or 7 model; this one is RWKV-4");
    State state(info);
    const int H = info.heads, N = info.headSize;
    for (int i = 0; i < info.layers; ++i) {
        std::string name = "blocks." + std::to_string(i) + ".att.time_state";
        const TensorView* t = file.find(name);
        if (!t)
            throw Error(ErrorCode::Mismatch, label + " lacks '" + name + "': it was made for a model with fewer layers");
        if (t->numel() != size_t(H) * N * N)
            throw Error(ErrorCode::Mismatch, label + ": '" + name + "' has shape " + t->shapeString() + ", the model needs [" +
                                                 std::to_string(H) + ", " + std::to_string(N) + ", " + std::to_string(N) + "]");
        std::vector<float> values = t->toFloat();
        float* S = state.layer(i).data() + state.wkvOffset();
        for (int h = 0; h < H; ++h)
            for (int a = 0; a < N; ++a)
                for (int b = 0; b < N; ++b) {
                    float value = values[(size_t(h) * N + a) * N + b];
                    if (info.arch == Arch::V7)
                        S[(size_t(h) * N + a) * N + b] = value;
                    else
                        S[(size_t(h) * N + b) * N + a] = value;
                }
    }
    if (file.find("blocks." + std::to_string(info.layers) + ".att.time_state"))
        throw Error(ErrorCode::Mismatch, label + " has more layers than the model (" + std::to_string(info.layers) + ")");
    return state;
}

} // namespace rwkv
