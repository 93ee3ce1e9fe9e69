// MusicTestModel is a stand-in rwkv::Model for music tests: a deterministic recurrence instead of
// RWKV weights, so sampling, stopping, threading and state resumption can be tested without a
// checkpoint. The state holds a running hash of the tokens fed; the logits favour a handful of
// tokens chosen from that hash, with `endBias` on the end token (0 for MIDI, 3 for ABC).
#pragma once

#include "model/model.h"
#include "core/error.h"

#include <atomic>
#include <cmath>

class MusicTestModel : public rwkv::Model {
public:
    explicit MusicTestModel(int vocab, float endBias = -5.0f) : endBias_(endBias)
    {
        info_.arch = rwkv::Arch::V7;
        info_.layers = 1;
        info_.embd = 4;
        info_.heads = 1;
        info_.headSize = 4;
        info_.vocab = vocab;
        info_.fingerprint = 0x5EED0000u + uint64_t(vocab);
    }
    const rwkv::ModelInfo& info() const override { return info_; }
    rwkv::State newState() const override { return rwkv::State(info_); }
    uint64_t tokensEvaluated() const override { return evaluated_; }
    uint64_t weightBytesPerToken() const override { return 0; }

    void forward(rwkv::State& state, std::span<const int32_t> tokens, rwkv::LogitsMode mode, std::span<float> logits,
                 const rwkv::RunControl& control = {}) const override
    {
        auto s = state.all();
        for (size_t i = 0; i < tokens.size(); ++i) {
            if (control.cancel && control.cancel->load())
                throw rwkv::Error(rwkv::ErrorCode::Cancelled, "cancelled");
            if (tokens[i] < 0 || tokens[i] >= info_.vocab)
                throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, "token out of range");
            s[0] = std::fmod(s[0] * 31.0f + float(tokens[i]) + 1.0f, 9973.0f);
            ++evaluated_;
            if (control.progress)
                control.progress(i + 1, tokens.size());
        }
        state.addTokensSeen(tokens.size());
        if (mode == rwkv::LogitsMode::None)
            return;
        std::fill(logits.begin(), logits.end(), -10.0f);
        const uint32_t h = uint32_t(s[0]);
        const int v = info_.vocab;
        for (int k = 0; k < 6; ++k) {
            const int id = v > 200 ? 128 + int((h * 7919u + uint32_t(k) * 104729u) % uint32_t(v - 128))
                                   : 32 + int((h + uint32_t(k) * 13u) % 90u);
            logits[size_t(id)] = 3.0f;
        }
        if (v > 200)
            logits[size_t(3 + h % 40)] = 3.0f; // a wait
        logits[v > 200 ? 0 : 3] = endBias_;
    }

private:
    rwkv::ModelInfo info_;
    float endBias_;
    mutable std::atomic<uint64_t> evaluated_{0};
};
