#include "train/v7_weights.h"

#include "core/error.h"
#include "cpu/huge_page_arena.h"
#include "formats/tensor_file.h"

#include <cmath>
#include <random>
#include <type_traits>

namespace rwkv::train {

namespace {

using Shape = std::vector<int64_t>;

// Visits every tensor of `w` with its name and shape; W is TrainWeights<F> or const TrainWeights<F>.
template <class W, class Fn>
void visit(W& w, Fn&& fn)
{
    const int64_t D = w.embd, V = w.vocab, H = w.heads, N = w.headSize, Fd = w.ffnDim, r = w.loraRank;
    fn("emb.weight", w.emb, Shape{V, D});
    fn("blocks.0.ln0.weight", w.ln0W, Shape{D});
    fn("blocks.0.ln0.bias", w.ln0B, Shape{D});
    for (size_t i = 0; i < w.blocks.size(); ++i) {
        auto& L = w.blocks[i];
        const std::string b = "blocks." + std::to_string(i) + ".";
        const std::string a = b + "att.";
        fn(b + "ln1.weight", L.ln1W, Shape{D});
        fn(b + "ln1.bias", L.ln1B, Shape{D});
        fn(b + "ln2.weight", L.ln2W, Shape{D});
        fn(b + "ln2.bias", L.ln2B, Shape{D});
        fn(a + "x_r", L.xr, Shape{1, 1, D});
        fn(a + "x_w", L.xw, Shape{1, 1, D});
        fn(a + "x_k", L.xk, Shape{1, 1, D});
        fn(a + "x_v", L.xv, Shape{1, 1, D});
        fn(a + "x_a", L.xa, Shape{1, 1, D});
        fn(a + "x_g", L.xg, Shape{1, 1, D});
        fn(a + "w0", L.w0, Shape{1, 1, D});
        fn(a + "w1", L.w1, Shape{D, L.rankW});
        fn(a + "w2", L.w2, Shape{L.rankW, D});
        fn(a + "a0", L.a0, Shape{1, 1, D});
        fn(a + "a1", L.a1, Shape{D, L.rankA});
        fn(a + "a2", L.a2, Shape{L.rankA, D});
        if (i > 0) {
            fn(a + "v0", L.v0, Shape{1, 1, D});
            fn(a + "v1", L.v1, Shape{D, L.rankV});
            fn(a + "v2", L.v2, Shape{L.rankV, D});
        }
        fn(a + "g1", L.g1, Shape{D, L.rankG});
        fn(a + "g2", L.g2, Shape{L.rankG, D});
        fn(a + "k_k", L.kk, Shape{1, 1, D});
        fn(a + "k_a", L.ka, Shape{1, 1, D});
        fn(a + "r_k", L.rk, Shape{H, N});
        fn(a + "receptance.weight", L.Wr, Shape{D, D});
        fn(a + "key.weight", L.Wk, Shape{D, D});
        fn(a + "value.weight", L.Wv, Shape{D, D});
        fn(a + "output.weight", L.Wo, Shape{D, D});
        fn(a + "ln_x.weight", L.lnxW, Shape{D});
        fn(a + "ln_x.bias", L.lnxB, Shape{D});
        fn(a + "time_state", L.timeState, Shape{H, N, N});
        fn(b + "ffn.x_k", L.ffnXk, Shape{1, 1, D});
        fn(b + "ffn.key.weight", L.ffnK, Shape{Fd, D});
        fn(b + "ffn.value.weight", L.ffnV, Shape{D, Fd});
        auto lora = [&](const std::string& stem, auto& pair, int64_t out, int64_t in) {
            fn(stem + ".lora_A", pair.A, Shape{r, in});
            fn(stem + ".lora_B", pair.B, Shape{out, r});
        };
        lora(a + "receptance", L.loraR, D, D);
        lora(a + "key", L.loraK, D, D);
        lora(a + "value", L.loraV, D, D);
        lora(a + "output", L.loraO, D, D);
        lora(b + "ffn.key", L.loraFfnK, Fd, D);
        lora(b + "ffn.value", L.loraFfnV, D, Fd);
    }
    fn("ln_out.weight", w.lnOutW, Shape{D});
    fn("ln_out.bias", w.lnOutB, Shape{D});
    fn("head.weight", w.head, Shape{V, D});
}

size_t numel(const Shape& s)
{
    size_t n = 1;
    for (int64_t d : s)
        n *= size_t(d);
    return n;
}

} // namespace

double LoraDropout::factor(int layer, int matrix, int t, int i) const
{
    // splitmix64 of the element's coordinates: cheap, stateless, identical on every thread.
    uint64_t z = seed ^ (uint64_t(uint32_t(layer)) << 56) ^ (uint64_t(uint32_t(matrix)) << 48) ^
        (uint64_t(uint32_t(t)) << 24) ^ uint64_t(uint32_t(i));
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    const double u = double(z >> 11) * 0x1.0p-53;
    return u < p ? 0.0 : 1.0 / (1.0 - p);
}

template <class F>
void TrainWeights<F>::forEach(const std::function<void(const std::string&, Vec<F>&, std::vector<int64_t>)>& fn)
{
    visit(*this, [&](const std::string& name, Vec<F>& t, Shape shape) { fn(name, t, std::move(shape)); });
}

template <class F>
void TrainWeights<F>::forEach(const std::function<void(const std::string&, const Vec<F>&, std::vector<int64_t>)>& fn) const
{
    visit(*this, [&](const std::string& name, const Vec<F>& t, Shape shape) { fn(name, t, std::move(shape)); });
}

template <class F>
void TrainWeights<F>::shapeGradientsLike(const TrainWeights& like, const std::function<bool(const std::string&)>& wanted)
{
    *this = TrainWeights{};
    layers = like.layers, embd = like.embd, heads = like.heads, headSize = like.headSize;
    vocab = like.vocab, ffnDim = like.ffnDim, loraRank = like.loraRank, loraScale = like.loraScale;
    blocks.resize(like.blocks.size());
    for (size_t i = 0; i < blocks.size(); ++i) {
        const auto& from = like.blocks[i];
        auto& to = blocks[i];
        to.rankW = from.rankW, to.rankA = from.rankA, to.rankV = from.rankV, to.rankG = from.rankG;
    }
    std::vector<std::pair<std::string, size_t>> sizes;
    like.forEach([&](const std::string& name, const Vec<F>& t, Shape) {
        sizes.emplace_back(name, t.empty() || !wanted(name) ? 0 : t.size());
    });
    size_t i = 0;
    forEach([&](const std::string&, Vec<F>& t, Shape) { t.assign(sizes[i++].second, F(0)); });
}

template <class F>
void TrainWeights<F>::zero()
{
    forEach([](const std::string&, Vec<F>& t, Shape) { std::fill(t.begin(), t.end(), F(0)); });
}

namespace {

// The per-layer matrices that packing keeps in a compute format, by name after "blocks.N.".
constexpr std::pair<const char*, Matrix PackedLayer::*> kPackedInLayer[] = {
    {"att.receptance.weight", &PackedLayer::Wr}, {"att.key.weight", &PackedLayer::Wk},
    {"att.value.weight", &PackedLayer::Wv},      {"att.output.weight", &PackedLayer::Wo},
    {"ffn.key.weight", &PackedLayer::ffnK},      {"ffn.value.weight", &PackedLayer::ffnV},
};

// The packed matrix that holds `name` when the weights are packed (see PackedLayer), else null.
template <class F>
Matrix* packedSlot(TrainWeights<F>& w, const std::string& name)
{
    if (name == "emb.weight")
        return &w.packedEmb;
    if (name == "head.weight")
        return &w.packedHead;
    const size_t dot = name.starts_with("blocks.") ? name.find('.', 7) : std::string::npos;
    if (dot == std::string::npos)
        return nullptr;
    for (const auto& [tail, member] : kPackedInLayer)
        if (name.compare(dot + 1, std::string::npos, tail) == 0)
            return &(w.blocks.at(size_t(std::stoul(name.substr(7, dot - 7)))).packed.*member);
    return nullptr;
}

} // namespace

int trainVocabulary(const std::string& path)
{
    auto file = TensorFile::open(path);
    const TensorView* emb = file->find("emb.weight");
    if (!emb || !file->find("blocks.0.att.k_k"))
        throw Error(ErrorCode::Unsupported, path + ": training needs an RWKV-7 model, and this is not one");
    if (emb->shape.size() != 2)
        throw Error(ErrorCode::Corrupt, path + ": 'emb.weight' has shape " + emb->shapeString());
    return int(emb->shape[0]);
}

bool isPackableName(const std::string& name)
{
    if (name == "emb.weight" || name == "head.weight")
        return true;
    const size_t dot = name.starts_with("blocks.") ? name.find('.', 7) : std::string::npos;
    for (const auto& [tail, member] : kPackedInLayer)
        if (dot != std::string::npos && name.compare(dot + 1, std::string::npos, tail) == 0)
            return true;
    return false;
}

template <class F>
TrainWeights<F> loadTrainWeights(const std::string& path, std::optional<WeightFormat> frozenFormat)
{
    if constexpr (!std::is_same_v<F, float>)
        if (frozenFormat)
            throw Error(ErrorCode::InvalidArgument, "packed weights are for float training only");
    auto file = TensorFile::open(path);
    auto need = [&](const std::string& name) -> const TensorView& {
        const TensorView* t = file->find(name);
        if (!t)
            throw Error(ErrorCode::Unsupported, path + " lacks '" + name + "': training needs an RWKV-7 model");
        return *t;
    };
    TrainWeights<F> w;
    const TensorView& emb = need("emb.weight");
    if (emb.shape.size() != 2)
        throw Error(ErrorCode::Corrupt, path + ": 'emb.weight' has shape " + emb.shapeString());
    need("blocks.0.att.k_k"); // the RWKV-7 tell-tale
    const TensorView& rk = need("blocks.0.att.r_k");
    w.vocab = int(emb.shape[0]);
    w.embd = int(emb.shape[1]);
    w.heads = int(rk.shape.at(0));
    w.headSize = w.embd / std::max(w.heads, 1);
    w.ffnDim = int(need("blocks.0.ffn.key.weight").shape.at(0));
    while (file->find("blocks." + std::to_string(w.layers) + ".att.k_k"))
        ++w.layers;
    w.blocks.resize(size_t(w.layers));
    for (int i = 0; i < w.layers; ++i) {
        const std::string a = "blocks." + std::to_string(i) + ".att.";
        auto& L = w.blocks[size_t(i)];
        L.rankW = int(need(a + "w1").shape.back());
        L.rankA = int(need(a + "a1").shape.back());
        L.rankG = int(need(a + "g1").shape.back());
        L.rankV = i > 0 ? int(need(a + "v1").shape.back()) : 0;
    }
    w.forEach([&](const std::string& name, Vec<F>& t, Shape shape) {
        if (name.find("lora_") != std::string::npos || name.find("time_state") != std::string::npos)
            return; // adapters are added for training, not read from the base model
        const TensorView* view = file->find(name);
        if (!view && name.rfind("blocks.0.ln0.", 0) == 0) { // some exports fold ln0 into emb
            t.assign(size_t(w.embd), F(name.ends_with("weight") ? 1 : 0));
            return;
        }
        if (!view)
            view = &need(name);
        if (view->numel() != numel(shape))
            throw Error(ErrorCode::Mismatch, path + ": '" + name + "' has shape " + view->shapeString() +
                                                 ", training expected " + std::to_string(numel(shape)) + " values");
        const std::vector<float> values = view->toFloat();
        // Every tensor is copied, so its pages of the mapped file are not needed again: dropped
        // at once, the file is never resident beside the training copy (a peak of twice the model).
        if (file->inMapping(view->data, view->byteSize()))
            dropMappedPages(view->data, view->byteSize());
        if (frozenFormat && isPackableName(name)) {
            *packedSlot(w, name) = Matrix::encode(int(shape[0]), int(numel(shape) / size_t(shape[0])), values.data(),
                                                  *frozenFormat);
            return;
        }
        t.assign(values.begin(), values.end());
    });
    return w;
}

template <class F>
void addLora(TrainWeights<F>& w, int rank, double alpha, uint64_t seed)
{
    if (rank <= 0)
        throw Error(ErrorCode::InvalidArgument, "the LoRA rank must be at least 1");
    w.loraRank = rank;
    w.loraScale = F(alpha / rank);
    std::mt19937_64 rng(seed);
    w.forEach([&](const std::string& name, Vec<F>& t, Shape shape) {
        if (name.ends_with(".lora_A")) {
            const double bound = 1.0 / std::sqrt(double(shape[1]));
            std::uniform_real_distribution<double> u(-bound, bound);
            t.resize(numel(shape));
            for (F& x : t)
                x = F(u(rng));
        } else if (name.ends_with(".lora_B")) {
            t.assign(numel(shape), F(0));
        }
    });
}

template <class F>
void addTimeState(TrainWeights<F>& w)
{
    for (auto& L : w.blocks)
        L.timeState.assign(size_t(w.heads) * w.headSize * w.headSize, F(0));
}

template struct TrainWeights<float>;
template struct TrainWeights<double>;
template TrainWeights<float> loadTrainWeights(const std::string&, std::optional<WeightFormat>);
template TrainWeights<double> loadTrainWeights(const std::string&, std::optional<WeightFormat>);
template void addLora(TrainWeights<float>&, int, double, uint64_t);
template void addLora(TrainWeights<double>&, int, double, uint64_t);
template void addTimeState(TrainWeights<float>&);
template void addTimeState(TrainWeights<double>&);

} // namespace rwkv::train
