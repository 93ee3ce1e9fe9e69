// The choices a user has for where models run: automatically, on the CPU, or on one of the
// machine's Vulkan GPUs, each with a label that names it. Listing GPUs starts Vulkan (a fraction
// of a second), so callers run it off the GUI thread.
#pragma once

#include <QList>
#include <QString>

struct ComputeDevice {
    QString id;    // what InferenceService::setComputeDevice takes: "auto", "cpu", "vulkan:N"
    QString label; // "GPU 0: NVIDIA GeForce RTX 4060 Laptop (8.0 GB)"
};

struct ComputeDeviceList {
    QList<ComputeDevice> devices; // always starts with "auto" and "cpu"
    QString note;                 // why no GPU is listed, when none is
};

ComputeDeviceList listComputeDevices();
