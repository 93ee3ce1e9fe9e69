// libFuzzer target: any bytes given to the .pth reader (zip directory, local headers, data.pkl,
// storages) must produce tensors that lie within the input, or an rwkv::Error; nothing else.
#include "core/error.h"
#include "formats/checkpoint_readers.h"
#include "fuzz_touch.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    try {
        auto contents = rwkv::readPth({reinterpret_cast<const std::byte*>(data), size}, "fuzz.pth");
        rwkv::fuzz::touchAllTensors(contents);
    } catch (const rwkv::Error&) {
    }
    return 0;
}
