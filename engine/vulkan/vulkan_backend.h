// The engine's entry to the Vulkan backend, free of Vulkan types so that everything builds without
// it: parsing `--backend` specs, listing devices, and opening a GPU model that Model::load fills
// from the checkpoint. In a build without Vulkan (RWKV_HAVE_VULKAN undefined) the same functions
// exist and say that the build has no Vulkan.
#pragma once

#include "model/model.h"
#include "vulkan/device_summary.h"

#include <memory>
#include <string>
#include <vector>

namespace rwkv {

class WeightSource;

// What `LoadOptions::backend` asks for: "cpu", "auto" (a GPU when one is worth using, else the
// CPU), "vulkan" (the best Vulkan device, even a CPU emulation) or "vulkan:N" (device N of
// `rwkv-cli devices`).
struct BackendRequest {
    enum class Kind { Cpu, Auto, Vulkan } kind = Kind::Cpu;
    int device = -1; // -1: choose
};

// Throws Error(InvalidArgument) for anything but the forms above.
BackendRequest parseBackend(const std::string& spec);

// "f32", "f16", "q8", "q4" and back; parsing throws Error(InvalidArgument) for other names.
const char* gpuWeightsName(GpuWeights w);
GpuWeights parseGpuWeights(const std::string& name);

// States moved between the CPU and a GPU model's device memory since load (whole states).
struct StateTransfers {
    uint64_t uploads = 0;     // CPU -> device
    uint64_t downloads = 0;   // device -> CPU (a CPU read, or an eviction to free a slot)
    uint64_t deviceMoves = 0; // slot to slot on the device (batches in another order)
};

// A model whose forward pass runs on a GPU. Model::load builds it like the CPU models: build()
// takes the weights, then the final info and the initial state are set.
class GpuModel : public Model {
public:
    virtual void build(WeightSource& weights) = 0;
    virtual void setInfo(const ModelInfo& info) = 0;
    virtual void setInitialState(State state) = 0;
    virtual StateTransfers stateTransfers() const = 0;
};

namespace vulkan {

// False in a build without the Vulkan backend.
bool compiledIn();

// Every Vulkan device of this machine. Throws Error(Unsupported) with a sentence when there is no
// Vulkan (not built in, disabled by RWKV_VULKAN_DISABLE=1, no driver).
std::vector<DeviceSummary> listDevices();

// Opens the device `request` names and an empty model of `info`'s shape on it. Returns nullptr
// and sets `whyNot` to a sentence when no device can be used (none, not built in, missing
// feature, the user asked for a device that does not exist).
std::unique_ptr<GpuModel> openModel(const BackendRequest& request, const ModelInfo& info,
                                    const LoadOptions& options, std::string& whyNot);

// Error messages reported by the Khronos validation layer since the process started (the layer is
// enabled by RWKV_VULKAN_VALIDATION=1 when installed).
std::vector<std::string> validationErrors();

} // namespace vulkan
} // namespace rwkv
