// TrainWeights<F> holds an RWKV-7 model for training: every tensor as a plain array of F (float for
// training, double for the finite-difference checks), under its official checkpoint name, plus the
// LoRA pairs and the trainable initial states (time_state). The same type holds gradients: a
// gradient tensor that is empty is not wanted, so nothing is computed or stored for it.
#pragma once

#include "cpu/weight_matrix.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rwkv::train {

template <class F>
using Vec = std::vector<F>;

// A LoRA pair on one [out, in] matrix: W + scale · B A, A [rank, in], B [out, rank] (RWKV-PEFT's
// `lora_A` / `lora_B`). Empty when the matrix has none.
// LoRA dropout (RWKV-PEFT's lora_dropout) for one sample: each input element of a LoRA's A is
// zeroed with probability p and the others scaled by 1/(1-p). Whether an element drops is a hash
// of (seed, layer, matrix, token, column), so a block's recompute and every thread count see the
// same mask. p == 0: no dropout (validation, inference).
struct LoraDropout {
    double p = 0;
    uint64_t seed = 0;
    bool active() const { return p > 0; }
    // The factor of element (token t, column i) of matrix `matrix` in `layer`: 0 or 1/(1-p).
    double factor(int layer, int matrix, int t, int i) const;
};

template <class F>
struct LoraPair {
    Vec<F> A, B;
    bool active() const { return !A.empty(); }
};

// The frozen large matrices of a layer kept in an inference compute format (bf16, f16, int8, q4)
// instead of as F: in LoRA and state tuning they only multiply, so they can stay as compact as
// inference keeps them (a q4 base gives QLoRA-like memory use). A matrix held here leaves its F
// array empty.
struct PackedLayer {
    Matrix Wr, Wk, Wv, Wo, ffnK, ffnV;
};

template <class F>
struct TrainLayer {
    Vec<F> ln1W, ln1B, ln2W, ln2B;
    // Time mix; w1..g2 are [in, out] as stored; the big matrices [out, in].
    Vec<F> xr, xw, xk, xv, xa, xg, w0, w1, w2, a0, a1, a2, v0, v1, v2, g1, g2, kk, ka, rk;
    Vec<F> Wr, Wk, Wv, Wo, lnxW, lnxB;
    Vec<F> timeState; // [H, N, N], [value][key]: the initial state of this layer's heads
    // Channel mix.
    Vec<F> ffnXk, ffnK, ffnV;
    LoraPair<F> loraR, loraK, loraV, loraO, loraFfnK, loraFfnV;
    PackedLayer packed;
    int rankW = 0, rankA = 0, rankV = 0, rankG = 0;
};

template <class F>
struct TrainWeights {
    int layers = 0, embd = 0, heads = 0, headSize = 0, vocab = 0, ffnDim = 0;
    int loraRank = 0;
    F loraScale = 0; // alpha / rank
    Vec<F> emb, ln0W, ln0B, lnOutW, lnOutB, head;
    Matrix packedEmb, packedHead; // see PackedLayer; rows == 0 when emb / head are held as F
    std::vector<TrainLayer<F>> blocks;

    // Calls fn(name, tensor, shape) for every tensor under its checkpoint name ("blocks.3.att.key
    // .weight", "blocks.3.att.key.lora_A", "blocks.3.att.time_state"), including empty ones, so
    // code that loads, saves, zeroes or steps tensors names them one way.
    void forEach(const std::function<void(const std::string&, Vec<F>&, std::vector<int64_t>)>& fn);
    void forEach(const std::function<void(const std::string&, const Vec<F>&, std::vector<int64_t>)>& fn) const;
    // A zero tensor of the right size for every non-empty tensor of `like` that `wanted(name)`
    // accepts; the others stay empty. Copies the sizes (layers, widths) too.
    void shapeGradientsLike(const TrainWeights& like, const std::function<bool(const std::string&)>& wanted);
    void zero();
};

// Reads an RWKV-7 checkpoint (.pth or .safetensors) into float arrays. Throws rwkv::Error for
// files that are not RWKV-7 or whose tensors have unexpected shapes. With `frozenFormat` (float
// only), emb, head and the six large matrices of every layer are packed in that format instead
// (see PackedLayer); those tensors can then not be trained.
template <class F>
TrainWeights<F> loadTrainWeights(const std::string& path, std::optional<WeightFormat> frozenFormat = std::nullopt);

// The vocabulary size of an RWKV-7 checkpoint, read from its header only; Error as
// loadTrainWeights for a file that is not RWKV-7.
int trainVocabulary(const std::string& path);

// True for the tensors loadTrainWeights packs.
bool isPackableName(const std::string& name);

// Adds LoRA pairs of `rank` on att.receptance/key/value/output and ffn.key/value of every layer:
// A from a seeded uniform(±1/sqrt(in)) as nn.Linear initialises it, B zero (so training starts
// at the base model), scale = alpha / rank.
template <class F>
void addLora(TrainWeights<F>& w, int rank, double alpha, uint64_t seed);

// Adds a zero time_state to every layer (state tuning starts from the model's usual zero state).
template <class F>
void addTimeState(TrainWeights<F>& w);

} // namespace rwkv::train
