// FitEstimate answers "will this model run here, and how fast?" before a multi-GB download: the
// memory a catalog entry needs in each weight format against this machine's RAM (or the GPU's
// memory when models run on a GPU), and decode tokens/s from the measured memory bandwidth and
// the bytes each token reads. recommend() picks the model a new user should download.
#pragma once

#include "app/models/model_catalog.h"

#include <QList>
#include <QString>

// What the estimate needs to know about the machine.
struct MachineProfile {
    qint64 ramBytes = 0;
    double bandwidthGBs = 0;   // CPU memory read bandwidth; 0 = not measured
    qint64 gpuMemoryBytes = 0; // > 0 when models run on a GPU
    QString gpuName;

    // RAM from the system; the bandwidth from the engine's probe (about a second, so call it off
    // the GUI thread, or pass a remembered figure); the GPU of `computeDevice` ("auto", "cpu",
    // "vulkan:N") when it has one.
    static MachineProfile probe(const QString& computeDevice, double knownBandwidthGBs = 0);
    static qint64 physicalMemory();
};

struct FitEstimate {
    enum class Fit { Comfortable, Tight, TooBig };
    QString format;          // "bf16", "int8", "q4"
    qint64 memoryBytes = 0;  // weights in this format, two states and working buffers
    Fit fit = Fit::TooBig;
    double tokensPerSecond = 0; // 0 when it cannot be estimated (GPU) or does not fit

    // "about 25 tokens/s here with q4", "needs 9.1 GB, this computer has 8.0 GB"
    QString sentence(const MachineProfile& machine) const;
};

// The weight formats a download can run in, best quality first.
QStringList downloadFormats();

FitEstimate estimateFit(const CatalogEntry& entry, const QString& format, const MachineProfile& machine);

struct Recommendation {
    QString entryId; // empty when nothing fits
    QString format;
    FitEstimate estimate;
};

// The chat model a new user should get here: the largest one that leaves half the memory to the
// rest of the computer and still decodes at a reading pace (6 tokens/s or more), in 8-bit where
// that fits (small models keep 16-bit: quantization hurts them most).
Recommendation recommend(const ModelCatalog& catalog, const MachineProfile& machine);
