// Reading checkpoints: every fixture model reads the same from .pth and .safetensors, the edge
// cases of fixtures/formats read as PyTorch reads them (listing.json), and what the writers write
// reads back identically.
#include "checkpoint_test_files.h"
#include "fixtures.h"

#include "formats/checkpoint_writer.h"
#include "formats/crc32.h"
#include "formats/mapped_file.h"
#include "formats/zip_reader.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

using namespace rwkv;
using rwkvtest::fixture;

namespace {

std::string path(const QString& p) { return p.toStdString(); }

bool sameBytes(const TensorView& a, const TensorView& b)
{
    return a.byteSize() == b.byteSize() && std::memcmp(a.data, b.data, a.byteSize()) == 0;
}

// Tensors of every dtype, including a scalar and an empty one, with distinctive bytes.
struct SampleTensors {
    std::vector<std::string> storage;
    std::vector<TensorView> views;

    SampleTensors()
    {
        const DType dtypes[] = {DType::F32, DType::F16, DType::BF16, DType::F64, DType::I64,
                                DType::I32, DType::I16, DType::I8,   DType::U8,  DType::Bool};
        const std::vector<std::vector<int64_t>> shapes = {{3, 5}, {7}, {2, 3, 4}, {}, {4}, {2, 2}, {9}, {3}, {0, 4}, {5}};
        storage.reserve(10);
        for (size_t i = 0; i < 10; ++i) {
            TensorView v;
            v.name = std::string("blocks.") + std::to_string(i) + ".w";
            v.dtype = dtypes[i];
            v.shape = shapes[i];
            std::string bytes(v.byteSize(), '\0');
            for (size_t b = 0; b < bytes.size(); ++b)
                bytes[b] = char(v.dtype == DType::Bool ? (b % 3 == 0) : (b * 37 + i * 11) % 251);
            storage.push_back(std::move(bytes));
            v.data = reinterpret_cast<const std::byte*>(storage.back().data());
            views.push_back(v);
        }
    }
};

void expectSameTensors(const std::vector<TensorView>& expected, const TensorFile& actual)
{
    QCOMPARE(actual.tensors().size(), expected.size());
    for (const TensorView& e : expected) {
        const TensorView* a = actual.find(e.name);
        QVERIFY2(a, e.name.c_str());
        QCOMPARE(a->dtype, e.dtype);
        QCOMPARE(a->shape, e.shape);
        QVERIFY2(sameBytes(*a, e), e.name.c_str());
    }
}

} // namespace

class CheckpointReading : public QObject {
    Q_OBJECT

private slots:
    void everyModelReadsIdenticallyInBothFormats()
    {
        RWKV_REQUIRE_FIXTURE("models");
        const QStringList models = QDir(fixture("models")).entryList({"*.pth"}, QDir::Files);
        QVERIFY(models.size() >= 6);
        for (const QString& name : models) {
            const QString stem = name.chopped(4);
            auto pth = TensorFile::open(path(fixture("models/" + name)));
            auto st = TensorFile::open(path(fixture("models/" + stem + ".safetensors")));
            QCOMPARE(pth->format(), CheckpointFormat::Pth);
            QCOMPARE(st->format(), CheckpointFormat::Safetensors);
            QVERIFY(!pth->tensors().empty());
            expectSameTensors(pth->tensors(), *st);
        }
    }

    void bf16CopyAgreesWithFp32AfterConversion()
    {
        for (const char* stem : {"tiny-rwkv-7v0-834K", "rand-rwkv7-L3-D128-V300"}) {
            RWKV_REQUIRE_FIXTURE(QString("models/%1-bf16.pth").arg(stem));
            auto f32 = TensorFile::open(path(fixture(QString("models/%1.pth").arg(stem))));
            auto bf16 = TensorFile::open(path(fixture(QString("models/%1-bf16.pth").arg(stem))));
            QCOMPARE(bf16->tensors().size(), f32->tensors().size());
            for (const TensorView& full : f32->tensors()) {
                const TensorView* half = bf16->find(full.name);
                QVERIFY2(half, full.name.c_str());
                QCOMPARE(half->shape, full.shape);
                const std::vector<float> a = full.toFloat();
                const std::vector<float> b = half->toFloat();
                for (size_t i = 0; i < a.size(); ++i)
                    QVERIFY2(std::fabs(a[i] - b[i]) <= std::fabs(a[i]) / 128 + 1e-30f, full.name.c_str());
            }
        }
    }

    void edgeCasesReadAsPyTorchListsThem()
    {
        RWKV_REQUIRE_FIXTURE("formats/listing.json");
        const nlohmann::json listing = nlohmann::json::parse(rwkvtest::readBytes(path(fixture("formats/listing.json"))));
        const std::map<std::string, DType> dtypes = {
            {"float32", DType::F32}, {"float16", DType::F16}, {"bfloat16", DType::BF16}, {"float64", DType::F64},
            {"int64", DType::I64},   {"int32", DType::I32},   {"uint8", DType::U8},      {"bool", DType::Bool}};
        QVERIFY(listing.size() >= 2);
        for (const auto& [fileName, tensors] : listing.items()) {
            auto file = TensorFile::open(path(fixture("formats/" + QString::fromStdString(fileName))));
            QCOMPARE(file->tensors().size(), tensors.size());
            for (const auto& [name, expected] : tensors.items()) {
                const TensorView* t = file->find(name);
                QVERIFY2(t, name.c_str());
                QCOMPARE(t->dtype, dtypes.at(expected["dtype"].get<std::string>()));
                QCOMPARE(t->shape, expected["shape"].get<std::vector<int64_t>>());
                const std::vector<float> values = t->toFloat();
                double sum = 0;
                for (float v : values)
                    sum += v;
                const double expectedSum = expected["sum"].get<double>();
                QVERIFY2(std::fabs(sum - expectedSum) <= 1e-4 * std::fabs(expectedSum) + 1e-3,
                         qPrintable(QString("%1: sum %2, PyTorch %3").arg(name.c_str()).arg(sum).arg(expectedSum)));
                const auto first = expected["first"].get<std::vector<double>>();
                QVERIFY(values.size() >= first.size());
                for (size_t i = 0; i < first.size(); ++i)
                    QCOMPARE(values[i], float(first[i]));
            }
        }
    }

    void stridedViewsAreMaterialisedInRowMajorOrder()
    {
        RWKV_REQUIRE_FIXTURE("formats/views-and-dtypes.pth");
        auto file = TensorFile::open(path(fixture("formats/views-and-dtypes.pth")));
        const std::vector<float> full = file->find("shared.full")->toFloat(); // [6, 8]
        const std::vector<float> tail = file->find("shared.tail_rows")->toFloat(); // rows 2..5
        const std::vector<float> column = file->find("shared.column")->toFloat(); // column 3
        QCOMPARE(tail.size(), size_t(32));
        for (size_t i = 0; i < tail.size(); ++i)
            QCOMPARE(tail[i], full[16 + i]);
        QCOMPARE(column.size(), size_t(6));
        for (size_t r = 0; r < 6; ++r)
            QCOMPARE(column[r], full[r * 8 + 3]);
        const TensorView* scalar = file->find("scalar");
        QVERIFY(scalar->shape.empty());
        QCOMPARE(scalar->numel(), size_t(1));
        QCOMPARE(scalar->shapeString(), std::string("[]"));
        QCOMPARE(file->find("shared.full")->shapeString(), std::string("[6, 8]"));
    }

    void everyTensorIsAlignedToItsElementSize()
    {
        RWKV_REQUIRE_FIXTURE("formats");
        for (const char* name : {"formats/views-and-dtypes.pth", "formats/torch2-ordereddict-aligned.pth",
                                 "models/tiny-rwkv-4v0-660K.pth", "models/tiny-rwkv-4v0-660K.safetensors"}) {
            auto file = TensorFile::open(path(fixture(name)));
            for (const TensorView& t : file->tensors())
                QVERIFY2(reinterpret_cast<uintptr_t>(t.data) % dtypeSize(t.dtype) == 0, t.name.c_str());
        }
    }

    void findReturnsNullForUnknownNames()
    {
        RWKV_REQUIRE_FIXTURE("formats/views-and-dtypes.pth");
        auto file = TensorFile::open(path(fixture("formats/views-and-dtypes.pth")));
        QVERIFY(file->find("int64"));
        QVERIFY(!file->find("no.such.tensor"));
        QCOMPARE(file->fileSize(), uint64_t(QFileInfo(fixture("formats/views-and-dtypes.pth")).size()));
    }

    void writtenPthReadsBackIdentically()
    {
        QTemporaryDir dir;
        SampleTensors sample;
        const std::string out = path(dir.filePath("sample.pth"));
        writePth(out, sample.views);
        auto file = TensorFile::open(out);
        QCOMPARE(file->format(), CheckpointFormat::Pth);
        expectSameTensors(sample.views, *file);
        for (size_t i = 0; i < sample.views.size(); ++i) // file order is the order given
            QCOMPARE(file->tensors()[i].name, sample.views[i].name);
        QVERIFY(!QFileInfo::exists(dir.filePath("sample.pth.partial")));
    }

    void writtenSafetensorsReadsBackIdentically()
    {
        QTemporaryDir dir;
        SampleTensors sample;
        const std::string out = path(dir.filePath("sample.safetensors"));
        writeSafetensors(out, sample.views);
        auto file = TensorFile::open(out);
        QCOMPARE(file->format(), CheckpointFormat::Safetensors);
        expectSameTensors(sample.views, *file);
        const std::string bytes = rwkvtest::readBytes(out);
        uint64_t headerSize = 0;
        std::memcpy(&headerSize, bytes.data(), 8);
        QCOMPARE((8 + headerSize) % 8, uint64_t(0));
        QVERIFY(bytes.find("\"__metadata__\"") != std::string::npos);
    }

    void fixtureCheckpointsSurviveAWriteReadRoundTrip()
    {
        RWKV_REQUIRE_FIXTURE("formats/views-and-dtypes.pth");
        QTemporaryDir dir;
        for (const char* name : {"formats/views-and-dtypes.pth", "models/tiny-rwkv-7v0-834K-bf16.pth"}) {
            auto original = TensorFile::open(path(fixture(name)));
            writePth(path(dir.filePath("copy.pth")), original->tensors());
            writeSafetensors(path(dir.filePath("copy.safetensors")), original->tensors());
            expectSameTensors(original->tensors(), *TensorFile::open(path(dir.filePath("copy.pth"))));
            expectSameTensors(original->tensors(), *TensorFile::open(path(dir.filePath("copy.safetensors"))));
        }
    }

    void writtenPthFollowsPyTorchLayout()
    {
        QTemporaryDir dir;
        SampleTensors sample;
        const std::string out = path(dir.filePath("my-model.v7.pth"));
        writePth(out, sample.views);
        MappedFile mapped = MappedFile::open(out);
        ZipReader zip(mapped.bytes(), "my-model.v7.pth");
        QCOMPARE(zip.entries().front().name, std::string("my-model.v7/data.pkl"));
        QCOMPARE(zip.entries().back().name, std::string("my-model.v7/version"));
        auto text = [&](const char* name) {
            auto bytes = zip.contents(*zip.find(name));
            return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        };
        QCOMPARE(text("my-model.v7/version"), std::string("3\n"));
        QCOMPARE(text("my-model.v7/byteorder"), std::string("little"));
        const std::string pickle = text("my-model.v7/data.pkl");
        QVERIFY(pickle.starts_with("\x80\x02"));
        QVERIFY(pickle.ends_with("u."));
        QVERIFY(pickle.find("ctorch._utils\n_rebuild_tensor_v2\n") != std::string::npos);
        QVERIFY(pickle.find("ctorch\nBFloat16Storage\n") != std::string::npos);
        for (size_t i = 0; i < sample.views.size(); ++i) {
            const ZipEntry* entry = zip.find("my-model.v7/data/" + std::to_string(i));
            QVERIFY(entry);
            auto bytes = zip.contents(*entry);
            QCOMPARE(bytes.size(), sample.views[i].byteSize());
            QCOMPARE(reinterpret_cast<uintptr_t>(bytes.data()) % 64, uintptr_t(0));
        }
        // The central directory's CRC must be right: PyTorch's reader checks it.
        const uint32_t crc = crc32Update(0, pickle.data(), pickle.size());
        const std::string all = rwkvtest::readBytes(out);
        std::string crcBytes;
        rwkvtest::appendLe(crcBytes, crc, 4);
        QVERIFY(all.find("PK\x07\x08" + crcBytes) != std::string::npos);
    }

    void crc32MatchesTheStandardCheckValue()
    {
        QCOMPARE(crc32Update(0, "123456789", 9), 0xcbf43926u);
        const std::string text(1000, 'x');
        QCOMPARE(crc32Update(crc32Update(0, text.data(), 333), text.data() + 333, 667), crc32Update(0, text.data(), 1000));
    }

    void zip64ArchivesAreRead()
    {
        QTemporaryDir dir;
        SampleTensors sample;
        writePth(path(dir.filePath("plain.pth")), sample.views);
        // Same entries again, with ZIP64 sizes and offsets everywhere (as in checkpoints > 4 GB).
        MappedFile plain = MappedFile::open(path(dir.filePath("plain.pth")));
        ZipReader zip(plain.bytes(), "plain.pth");
        std::vector<std::pair<std::string, std::string>> entries;
        for (const ZipEntry& entry : zip.entries()) {
            auto bytes = zip.contents(entry);
            entries.emplace_back(entry.name, std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
        }
        rwkvtest::writeZip(path(dir.filePath("zip64.pth")), entries, {.alignment = 64, .forceZip64 = true});
        expectSameTensors(sample.views, *TensorFile::open(path(dir.filePath("zip64.pth"))));
    }

    void anyTopFolderAndAZipCommentAreAccepted()
    {
        QTemporaryDir dir;
        const std::string storage = rwkvtest::floatBytes({1, 2, 3, 4});
        for (const std::string top : {"archive/", "10/", ""}) {
            const std::string pickle =
                rwkvtest::PickleBuilder().beginDict().tensor("x", "FloatStorage", "0", 4, 0, {2, 2}, {2, 1}).endDict();
            const std::string out = path(dir.filePath("top.pth"));
            rwkvtest::writeZip(out, {{top + "data.pkl", pickle}, {top + "data/0", storage}, {top + "version", "3\n"}},
                               {.alignment = 1});
            // A zip comment after the end record: the reader must scan back over it.
            std::string bytes = rwkvtest::readBytes(out);
            const std::string comment = "written by a tool that comments its zips";
            bytes[bytes.size() - 2] = char(comment.size());
            rwkvtest::writeBytes(out, bytes + comment);
            auto file = TensorFile::open(out);
            QCOMPARE(file->tensors().size(), size_t(1));
            QCOMPARE(file->find("x")->toFloat(), (std::vector<float>{1, 2, 3, 4}));
        }
    }

    void nestedDictsAndParametersAreFlattened()
    {
        QTemporaryDir dir;
        // {"model": {"w": Parameter(tensor)}, "step": 7}
        rwkvtest::PickleBuilder p;
        p.op("}(").str("model").op("}(").str("w");
        p.global("torch._utils", "_rebuild_parameter");
        p.global("torch._utils", "_rebuild_tensor_v2").op("((").str("storage").global("torch", "HalfStorage");
        p.str("0").str("cpu").integer(3).op("tQ").integer(0).tuple({3}).tuple({1}).op("\x89}tR");
        p.op("\x88}\x87R"); // (tensor, True, {}) -> _rebuild_parameter
        p.op("u").str("step").integer(7).op("u.");
        const std::string out = path(dir.filePath("nested.pth"));
        rwkvtest::writeZip(out, {{"nested/data.pkl", p.bytes}, {"nested/data/0", std::string("\0\x3c\0\x40\0\x42", 6)}});
        auto file = TensorFile::open(out);
        QCOMPARE(file->tensors().size(), size_t(1));
        QCOMPARE(file->tensors()[0].name, std::string("model.w"));
        QCOMPARE(file->tensors()[0].toFloat(), (std::vector<float>{1, 2, 3}));
    }

    void protocol4PicklesAreRead()
    {
        // What pickle protocol 4 writes for {"w": tensor, "lr": 0.5, "tag": None}: FRAME,
        // SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL, BINGET, LONG1 and BINFLOAT.
        auto s8 = [](const std::string& text) { return "\x8c" + std::string(1, char(text.size())) + text + "\x94"; };
        std::string body = s8("collections") + s8("OrderedDict") + "\x93\x94)R\x94(" + s8("w");
        body += s8("torch._utils") + s8("_rebuild_tensor_v2") + "\x93\x94((" + s8("storage") + s8("torch") +
                s8("FloatStorage") + "\x93\x94" + s8("0") + s8("cpu") + "K\x06t\x94Q";
        body += std::string("\x8a\x01\x02", 3);                     // storage offset 2 as LONG1
        body += std::string("K\x02K\x02\x86\x94K\x01K\x02\x86\x94\x89h\x02)R\x94t\x94R\x94", 22); // (2,2), (1,2): a transpose
        body += s8("lr") + "G" + std::string("\x3f\xe0\0\0\0\0\0\0", 8) + s8("tag") + "Nu.";
        std::string pickle = "\x80\x04\x95";
        rwkvtest::appendLe(pickle, body.size(), 8);
        pickle += body;
        QTemporaryDir dir;
        const std::string out = path(dir.filePath("p4.pth"));
        rwkvtest::writeZip(out, {{"p4/data.pkl", pickle}, {"p4/data/0", rwkvtest::floatBytes({0, 1, 2, 3, 4, 5})}});
        auto file = TensorFile::open(out);
        QCOMPARE(file->tensors().size(), size_t(1));
        QCOMPARE(file->find("w")->shape, (std::vector<int64_t>{2, 2}));
        QCOMPARE(file->find("w")->toFloat(), (std::vector<float>{2, 4, 3, 5}));
    }

    void safetensorsWhoseLengthLooksLikeAPickleIsRead()
    {
        // A 640-byte header starts the file with 0x80 0x02, as a legacy pickle does.
        std::string header = R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})";
        header.append(640 - header.size(), ' ');
        QTemporaryDir dir;
        const std::string out = path(dir.filePath("x.safetensors"));
        rwkvtest::writeRawSafetensors(out, header, rwkvtest::floatBytes({1, 2, 3, 4}));
        QCOMPARE(TensorFile::open(out)->find("w")->toFloat(), (std::vector<float>{1, 2, 3, 4}));
    }

    void writersRefuseBadInputAndLeaveNoFile()
    {
        QTemporaryDir dir;
        SampleTensors sample;
        std::vector<TensorView> twice = {sample.views[0], sample.views[0]};
        const std::string out = path(dir.filePath("bad.pth"));
        rwkv::Error error = rwkvtest::expectError([&] { writePth(out, twice); });
        QCOMPARE(error.code(), ErrorCode::InvalidArgument);
        QVERIFY(!QFileInfo::exists(dir.filePath("bad.pth")));
        error = rwkvtest::expectError([&] { writeSafetensors(path(dir.filePath("no/such/folder/x.safetensors")), sample.views); });
        QCOMPARE(error.code(), ErrorCode::Io);
        QVERIFY(std::string(error.what()).find("no/such/folder/x.safetensors") != std::string::npos);
    }

    void emptyCheckpointsRoundTrip()
    {
        QTemporaryDir dir;
        writePth(path(dir.filePath("empty.pth")), {});
        writeSafetensors(path(dir.filePath("empty.safetensors")), {});
        QVERIFY(TensorFile::open(path(dir.filePath("empty.pth")))->tensors().empty());
        QVERIFY(TensorFile::open(path(dir.filePath("empty.safetensors")))->tensors().empty());
    }
};

QTEST_GUILESS_MAIN(CheckpointReading)
#include "tst_formats.moc"
