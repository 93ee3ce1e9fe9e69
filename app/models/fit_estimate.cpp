#include "app/models/fit_estimate.h"

#include "app/inference/model_summary.h"
#include "core/error.h"
#include "cpu/bandwidth.h"
#include "vulkan/vulkan_backend.h"

#include <QObject>

#include <unistd.h>

namespace {

// Share of the machine's memory a model may take and still leave the computer usable.
constexpr double kComfortableShare = 0.5;
constexpr double kTightShare = 0.8;
// What decoding reaches of the measured bandwidth (rwkv-cli bench reports it as decode_roofline).
constexpr double kBandwidthEfficiency = 0.6;
constexpr double kReadingPace = 6.0; // tokens/s

ModelSummary summaryOf(const CatalogEntry& e)
{
    ModelSummary s;
    s.arch = e.arch;
    s.layers = e.layers;
    s.embd = e.embd;
    s.heads = e.arch.startsWith(QLatin1Char('4')) ? 0 : e.embd / 64;
    s.headSize = s.heads > 0 ? 64 : 0;
    s.vocab = e.vocab;
    s.parameters = e.parameters;
    s.storedDType = QStringLiteral("bf16");
    return s;
}

} // namespace

qint64 MachineProfile::physicalMemory()
{
    return qint64(::sysconf(_SC_PHYS_PAGES)) * qint64(::sysconf(_SC_PAGE_SIZE));
}

MachineProfile MachineProfile::probe(const QString& computeDevice, double knownBandwidthGBs)
{
    MachineProfile m;
    m.ramBytes = physicalMemory();
    m.bandwidthGBs = knownBandwidthGBs > 0 ? knownBandwidthGBs : rwkv::cpu::measureReadBandwidth();
    if (computeDevice == QLatin1String("cpu"))
        return m;
    try {
        const int wanted = computeDevice.startsWith(QLatin1String("vulkan:")) ? computeDevice.mid(7).toInt() : -1;
        for (const auto& d : rwkv::vulkan::listDevices()) {
            // "auto" picks a real GPU, never the CPU emulation (InferenceService does the same).
            if ((wanted >= 0 && d.index == wanted) || (wanted < 0 && d.type != "cpu")) {
                m.gpuMemoryBytes = qint64(d.memoryBytes);
                m.gpuName = QString::fromStdString(d.name);
                break;
            }
        }
    } catch (const rwkv::Error&) {
        // No Vulkan: the model runs on the CPU, which is what the estimate then describes.
    }
    return m;
}

QStringList downloadFormats()
{
    return {QStringLiteral("bf16"), QStringLiteral("int8"), QStringLiteral("q4")};
}

FitEstimate estimateFit(const CatalogEntry& entry, const QString& format, const MachineProfile& machine)
{
    FitEstimate f;
    f.format = format;
    ModelSummary s = summaryOf(entry);
    estimateMemory(s, format);
    f.memoryBytes = s.ramBytes;
    const qint64 available = machine.gpuMemoryBytes > 0 ? machine.gpuMemoryBytes : machine.ramBytes;
    f.fit = f.memoryBytes <= available * kComfortableShare ? FitEstimate::Fit::Comfortable
        : f.memoryBytes <= available * kTightShare         ? FitEstimate::Fit::Tight
                                                           : FitEstimate::Fit::TooBig;
    if (machine.gpuMemoryBytes > 0 || machine.bandwidthGBs <= 0 || f.fit == FitEstimate::Fit::TooBig)
        return f;
    // Each token reads every matrix once, except the embedding, of which it reads one row.
    const double bytesPerToken = double(entry.parameters - qint64(entry.vocab) * entry.embd)
        * bytesPerWeight(format, QStringLiteral("bf16"));
    if (bytesPerToken > 0)
        f.tokensPerSecond = machine.bandwidthGBs * 1e9 * kBandwidthEfficiency / bytesPerToken;
    return f;
}

QString FitEstimate::sentence(const MachineProfile& machine) const
{
    const qint64 available = machine.gpuMemoryBytes > 0 ? machine.gpuMemoryBytes : machine.ramBytes;
    const QString where = machine.gpuMemoryBytes > 0 ? QObject::tr("the GPU has") : QObject::tr("this computer has");
    if (fit == Fit::TooBig)
        return QObject::tr("too big here with %1: needs %2, %3 %4")
            .arg(format, formatBytes(memoryBytes), where, formatBytes(available));
    QString text = tokensPerSecond > 0
        ? QObject::tr("about %1 tokens/s here with %2")
              .arg(tokensPerSecond >= 10 ? QString::number(qRound(tokensPerSecond))
                                         : QString::number(tokensPerSecond, 'f', 1),
                   format)
        : QObject::tr("fits here with %1").arg(format);
    text += QObject::tr(" (needs %1)").arg(formatBytes(memoryBytes));
    if (fit == Fit::Tight)
        text += QObject::tr(", leaving little memory for other programs");
    return text;
}

Recommendation recommend(const ModelCatalog& catalog, const MachineProfile& machine)
{
    QList<const CatalogEntry*> chat;
    for (const CatalogEntry& e : catalog.entries())
        if (e.purpose == QLatin1String("chat"))
            chat.append(&e);
    std::sort(chat.begin(), chat.end(), [](auto* a, auto* b) { return a->parameters > b->parameters; });
    for (const CatalogEntry* e : chat) {
        const QStringList formats = e->parameters < 1'000'000'000
            ? QStringList{QStringLiteral("bf16"), QStringLiteral("int8")}
            : QStringList{QStringLiteral("int8"), QStringLiteral("q4")};
        for (const QString& format : formats) {
            const FitEstimate f = estimateFit(*e, format, machine);
            const bool fastEnough = f.tokensPerSecond >= kReadingPace || machine.gpuMemoryBytes > 0
                || machine.bandwidthGBs <= 0;
            if (f.fit == FitEstimate::Fit::Comfortable && fastEnough)
                return {e->id, format, f};
        }
    }
    if (!chat.isEmpty()) { // nothing is comfortable: the smallest still runs, slowly
        const CatalogEntry* smallest = chat.last();
        return {smallest->id, QStringLiteral("int8"), estimateFit(*smallest, QStringLiteral("int8"), machine)};
    }
    return {};
}
