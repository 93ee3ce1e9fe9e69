#include "app/inference/compute_devices.h"

#include "app/inference/model_summary.h"
#include "core/error.h"
#include "vulkan/vulkan_backend.h"

#include <QObject>

ComputeDeviceList listComputeDevices()
{
    ComputeDeviceList list;
    list.devices.append({QStringLiteral("auto"), QObject::tr("Automatic (a GPU when there is one, else the CPU)")});
    list.devices.append({QStringLiteral("cpu"), QObject::tr("CPU")});
    try {
        for (const rwkv::vulkan::DeviceSummary& d : rwkv::vulkan::listDevices()) {
            QString label = QObject::tr("GPU %1: %2 (%3)")
                                .arg(d.index)
                                .arg(QString::fromStdString(d.name), formatBytes(qint64(d.memoryBytes)));
            if (d.type == "cpu")
                label += QObject::tr(", emulated on the CPU: slower than the CPU engine");
            list.devices.append({QStringLiteral("vulkan:%1").arg(d.index), label});
        }
        if (list.devices.size() == 2)
            list.note = QObject::tr("No Vulkan GPU was found.");
    } catch (const rwkv::Error& e) {
        list.note = QString::fromStdString(e.what());
    }
    return list;
}
