// What the Vulkan tests share: the Khronos validation layer is switched on (when installed) before
// any device is opened, and a test that needs a device skips with a message when the machine has
// none, except under CI (CI=true), where `make deps` installs lavapipe and a missing device fails.
#pragma once

#include "fixtures.h"

#include "core/error.h"
#include "model/model.h"
#include "vulkan/vulkan_backend.h"

#include <QFileInfo>
#include <QtTest>

namespace rwkvtest {

inline void enableVulkanValidation()
{
    qputenv("RWKV_VULKAN_VALIDATION", "1");
}

// Empty when a Vulkan device can be used, otherwise why not.
inline QString vulkanUnavailableReason()
{
    if (!rwkv::vulkan::compiledIn())
        return "this build has no Vulkan backend";
    try {
        if (rwkv::vulkan::listDevices().empty())
            return "Vulkan reports no device";
    } catch (const rwkv::Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// Loads `path` on the best Vulkan device (lavapipe included) with matrices stored as `weights`.
inline std::shared_ptr<const rwkv::Model> loadOnGpu(const QString& path, rwkv::GpuWeights weights = rwkv::GpuWeights::F32,
                                                    rwkv::LoadOptions options = {})
{
    options.backend = "vulkan";
    options.gpuWeights = weights;
    return rwkv::Model::load(path.toStdString(), options);
}

} // namespace rwkvtest

#define RWKV_REQUIRE_VULKAN()                                                                      \
    do {                                                                                           \
        const QString rwkvVulkanWhy_ = rwkvtest::vulkanUnavailableReason();                        \
        if (!rwkvVulkanWhy_.isEmpty()) {                                                           \
            if (rwkvtest::underCi())                                                               \
                QFAIL(qPrintable("no Vulkan device under CI: " + rwkvVulkanWhy_));                 \
            QSKIP(qPrintable("no Vulkan device: " + rwkvVulkanWhy_));                              \
        }                                                                                          \
    } while (0)

// Fails the current test when the validation layer reported errors during it.
#define RWKV_VERIFY_NO_VALIDATION_ERRORS(countBefore)                                              \
    do {                                                                                           \
        std::vector<std::string> rwkvErrors_ = rwkv::vulkan::validationErrors();                   \
        if (rwkvErrors_.size() > (countBefore))                                                    \
            QFAIL(qPrintable("Vulkan validation error: " +                                         \
                             QString::fromStdString(rwkvErrors_[(countBefore)])));                 \
    } while (0)
