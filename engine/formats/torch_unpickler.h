// TorchUnpickler reads the data.pkl of a PyTorch checkpoint: a small pickle interpreter (the
// protocol 2-5 opcodes torch.save emits) that builds an inert value graph and never executes
// anything. It knows the few callables a state dict needs: collections.OrderedDict, the
// torch._utils._rebuild_tensor(_v2) / _rebuild_parameter family, and the ('storage', type, key,
// location, numel) persistent ids; any other global becomes an opaque Object named after it.
//
// Every size read from the pickle is checked against the bytes that remain before anything is
// allocated, and the stack, memo and value counts are bounded, so hostile input costs at most
// memory proportional to its length. Values live in one arena and refer to each other by index,
// so cycles and deep nesting cannot overflow the C++ stack.
#pragma once

#include "core/dtype.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace rwkv {

struct PickleValue {
    enum class Kind : uint8_t { None, Bool, Int, Float, String, Bytes, Tuple, List, Dict, Global, Storage, Tensor, Object };

    Kind kind = Kind::None;
    bool intOverflow = false; // an Int too large for int64 (kept only to refuse it where used)
    int64_t integer = 0;      // Int, Bool; for Storage/Tensor the index into storages/tensors
    double real = 0;
    std::string text;         // String, Bytes; Global and Object: "module.name"
    std::vector<uint32_t> items; // Tuple, List; Dict: key, value, key, value, ...
};

// A storage named by a persistent id: zip entry data/<key> holding `numel` elements of `dtype`.
struct PickledStorage {
    DType dtype = DType::F32;
    std::string key;
    uint64_t numel = 0;
};

// A tensor rebuilt by _rebuild_tensor_v2: a strided view of a storage.
struct PickledTensor {
    uint32_t storage = 0; // index into storages
    int64_t storageOffset = 0;
    std::vector<int64_t> shape;
    std::vector<int64_t> stride;
};

struct UnpickledData {
    std::vector<PickleValue> values; // the arena
    uint32_t root = 0;               // index of the value STOP returned
    std::vector<PickledStorage> storages;
    std::vector<PickledTensor> tensors;
    size_t bytesRead = 0;            // up to and including STOP
};

// Interprets `pickle` up to its STOP opcode. `what` names it in messages ("model.pth: data.pkl").
// Throws Error(Truncated) when the bytes end before STOP, Error(Corrupt) for unknown opcodes
// (naming the byte and its position) and contradictions, Error(Unsupported) for pickle features
// no checkpoint needs, Error(ResourceLimit) past the bounds.
UnpickledData unpickleTorch(std::span<const std::byte> pickle, const std::string& what);

} // namespace rwkv
