// Reads every byte of every tensor a reader returned, so AddressSanitizer reports any view that
// points outside the input or the reader's own buffers.
#pragma once

#include "formats/checkpoint_readers.h"

#include <cstdint>

namespace rwkv::fuzz {

inline void touchAllTensors(const CheckpointContents& contents)
{
    uint8_t sum = 0;
    for (const TensorView& tensor : contents.tensors) {
        const size_t size = tensor.byteSize();
        for (size_t i = 0; i < size; ++i)
            sum = uint8_t(sum + uint8_t(tensor.data[i]));
        if (!tensor.shapeString().empty() && tensor.numel() <= 4096 && tensor.dtype != DType::Bool)
            (void)tensor.toFloat();
    }
    volatile uint8_t sink = sum;
    (void)sink;
}

} // namespace rwkv::fuzz
