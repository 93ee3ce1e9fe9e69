// libFuzzer target for the pickle interpreter alone (the .pth fuzzer rarely gets a mutated zip
// past its directory checks): any bytes must give a value graph whose indices are all valid, or
// an rwkv::Error; nothing else.
#include "core/error.h"
#include "formats/torch_unpickler.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    try {
        rwkv::UnpickledData out = rwkv::unpickleTorch({reinterpret_cast<const std::byte*>(data), size}, "fuzz.pkl");
        const size_t count = out.values.size();
        if (out.root >= count)
            std::abort();
        for (const rwkv::PickleValue& value : out.values) {
            for (uint32_t item : value.items)
                if (item >= count)
                    std::abort();
            if (value.kind == rwkv::PickleValue::Kind::Tensor && size_t(value.integer) >= out.tensors.size())
                std::abort();
            if (value.kind == rwkv::PickleValue::Kind::Storage && size_t(value.integer) >= out.storages.size())
                std::abort();
        }
        for (const rwkv::PickledTensor& tensor : out.tensors)
            if (tensor.storage >= out.storages.size() || tensor.shape.size() != tensor.stride.size())
                std::abort();
    } catch (const rwkv::Error&) {
    }
    return 0;
}
