// Memory stays flat however long a sequence runs (RWKV's state is fixed-size), and weights kept in
// their stored precision are read from the mapped file rather than copied.
#include "fixtures.h"

#include "model/model.h"
#include "model/random_checkpoint.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

namespace {

// Resident set size in KB from /proc (Linux).
long residentKb()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * 4;
}

// Peak resident set size in KB since the last resetPeak(), or -1 when /proc cannot tell.
long peakKb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::atol(line.c_str() + 6);
    return -1;
}

// A random v7 checkpoint of the given shape in `dir`, for the memory checks below.
std::string randomModel(const QTemporaryDir& dir, int layers, int embd, int vocab)
{
    rwkv::RandomModelSpec spec;
    spec.layers = layers;
    spec.embd = embd;
    spec.vocab = vocab;
    const std::string path = dir.filePath("m.safetensors").toStdString();
    rwkv::writeRandomModel(path, spec);
    return path;
}

bool resetPeak()
{
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5"; // resets VmHWM to the current resident size
    clear.close();
    return bool(clear);
}

} // namespace

class MemoryTest : public QObject {
    Q_OBJECT

private slots:
    void residentMemoryIsFlatInSequenceLength()
    {
        RWKV_REQUIRE_FIXTURE("models/rand-rwkv7-L3-D128-V300.safetensors");
        auto model = rwkv::Model::load(rwkvtest::fixture("models/rand-rwkv7-L3-D128-V300.safetensors").toStdString());
        rwkv::State state = model->newState();
        std::vector<int32_t> chunk(100);
        for (size_t i = 0; i < chunk.size(); ++i)
            chunk[i] = int32_t(i * 3 % 300);
        model->prefill(state, chunk);
        for (int i = 0; i < 20; ++i)
            model->step(state, int32_t(i));
        const long after100 = residentKb();
        for (int rep = 0; rep < 200; ++rep) // 20,000 more tokens
            model->prefill(state, chunk);
        for (int i = 0; i < 20; ++i)
            model->step(state, int32_t(i));
        const long after20k = residentKb();
        qInfo("RSS after ~100 tokens %ld KB, after ~20k tokens %ld KB", after100, after20k);
        QCOMPARE(state.tokensSeen(), uint64_t(100 * 201 + 40));
        QVERIFY2(after20k - after100 < 1024, qPrintable(QString::number(after20k - after100)));
    }

    void weightsAreResidentOnce()
    {
        QTemporaryDir dir;
        const std::string path = randomModel(dir, 4, 512, 16384);
        const long before = residentKb();
        auto model = rwkv::Model::load(path);
        const long afterLoad = residentKb();
        const double fileMb = double(model->info().fileSize) / 1e6;
        rwkv::State state = model->newState();
        model->step(state, 1);
        const long afterStep = residentKb();
        qInfo("file %.1f MB; RSS grew %.1f MB at load, %.1f MB after one token", fileMb, (afterLoad - before) / 1e3,
              (afterStep - before) / 1e3);
        // The matrices are copied into huge pages and their file pages dropped; the embedding
        // table stays mapped and only its used rows are touched: at most 1.1 × the weights plus
        // a few MB.
        QVERIFY((afterStep - before) / 1e3 <= 1.1 * fileMb + 8);
    }

    void convertingLoadKeepsOneCopy()
    {
        // Converting bf16 to int8 (writing the weight cache too) reads each tensor once, a block
        // of rows at a time through an 8 MB float32 buffer: its file pages are dropped once
        // converted and the converted copy lives only in the arena. The peak is then the int8
        // weights plus that buffer, not the file or a whole tensor in float32 on top (the head
        // here is 16.8 MB as float32).
        QTemporaryDir dir;
        const std::string path = randomModel(dir, 8, 512, 8192);
        if (!resetPeak() || peakKb() < 0)
            QSKIP("this system does not report or reset the peak resident size");
        const long before = residentKb();
        rwkv::LoadOptions options;
        options.weights = rwkv::WeightFormat::Q8;
        options.useWeightCache = true;
        auto model = rwkv::Model::load(path, options);
        const double peakMb = (peakKb() - before) / 1e3;
        const double fileMb = double(model->info().fileSize) / 1e6;
        const double int8Mb = double(model->weightBytesPerToken()) / 1e6;
        const double bufferMb = 8.4;
        qInfo("file %.1f MB, int8 weights %.1f MB; the load's peak grew %.1f MB", fileMb, int8Mb, peakMb);
        QVERIFY2(peakMb <= 1.1 * int8Mb + bufferMb + 4, qPrintable(QString::number(peakMb)));
    }
};

QTEST_GUILESS_MAIN(MemoryTest)
#include "tst_memory.moc"
