// Malformed checkpoints: each is refused with the right ErrorCode and a sentence that names the
// problem, never a crash. Files are built in a QTemporaryDir from fixtures or by hand.
#include "checkpoint_test_files.h"
#include "fixtures.h"

#include "formats/checkpoint_writer.h"

#include <QTemporaryDir>
#include <QTest>

using namespace rwkv;
using rwkvtest::fixture;

namespace {

std::string path(const QString& p) { return p.toStdString(); }

const std::string kFour = rwkvtest::floatBytes({1, 2, 3, 4});

std::string onePickle(int64_t numel, int64_t offset, const std::vector<int64_t>& shape, const std::vector<int64_t>& stride,
                      const std::string& storageType = "FloatStorage")
{
    return rwkvtest::PickleBuilder().beginDict().tensor("w", storageType, "0", numel, offset, shape, stride).endDict();
}

} // namespace

class CheckpointErrors : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::string file(const char* name) { return path(dir_.filePath(name)); }
    std::string pth(const std::string& pickle, const std::string& storage = kFour)
    {
        const std::string out = file("crafted.pth");
        rwkvtest::writeZip(out, {{"crafted/data.pkl", pickle}, {"crafted/data/0", storage}, {"crafted/version", "3\n"}});
        return out;
    }

private slots:
    void missingFileIsAnIoError()
    {
        RWKV_EXPECT_OPEN_ERROR(file("absent.pth"), ErrorCode::Io, "absent.pth");
        RWKV_EXPECT_OPEN_ERROR(path(dir_.path()), ErrorCode::Io, "folder");
    }

    void emptyFileIsRejected()
    {
        rwkvtest::writeBytes(file("empty.pth"), "");
        RWKV_EXPECT_OPEN_ERROR(file("empty.pth"), ErrorCode::Truncated, "empty");
    }

    void truncatedPthIsRejectedWithSizes()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-4v0-660K.pth");
        const std::string whole = rwkvtest::readBytes(path(fixture("models/tiny-rwkv-4v0-660K.pth")));
        for (size_t length : {size_t(10), size_t(100), size_t(5000), size_t(20000), whole.size() / 2,
                              whole.size() - 200, whole.size() - 23, whole.size() - 1}) {
            rwkvtest::writeBytes(file("cut.pth"), whole.substr(0, length));
            RWKV_EXPECT_OPEN_ERROR(file("cut.pth"), ErrorCode::Truncated, "cut.pth ends after");
        }
        // Once data.pkl is complete, the message says how large the file should be.
        rwkvtest::writeBytes(file("cut.pth"), whole.substr(0, whole.size() / 2));
        RWKV_EXPECT_OPEN_ERROR(file("cut.pth"), ErrorCode::Truncated, "but its tensors need at least 2.");
    }

    void truncatedSafetensorsIsRejected()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-4v0-660K.safetensors");
        const std::string whole = rwkvtest::readBytes(path(fixture("models/tiny-rwkv-4v0-660K.safetensors")));
        for (size_t length : {size_t(4), size_t(100), whole.size() / 2, whole.size() - 1}) {
            rwkvtest::writeBytes(file("cut.safetensors"), whole.substr(0, length));
            RWKV_EXPECT_OPEN_ERROR(file("cut.safetensors"), ErrorCode::Truncated, "cut.safetensors");
        }
        rwkvtest::writeBytes(file("cut.safetensors"), whole.substr(0, whole.size() / 2));
        RWKV_EXPECT_OPEN_ERROR(file("cut.safetensors"), ErrorCode::Truncated, "the file is incomplete");
    }

    void garbageIsNotTakenForACheckpoint()
    {
        rwkvtest::writeBytes(file("notes.txt"), "These are my notes, not a model. They are long enough to read.");
        RWKV_EXPECT_OPEN_ERROR(file("notes.txt"), ErrorCode::Corrupt, "neither a PyTorch zip checkpoint nor a safetensors");
        rwkvtest::writeRawSafetensors(file("bad.safetensors"), "{\"w\": [1, 2", "");
        RWKV_EXPECT_OPEN_ERROR(file("bad.safetensors"), ErrorCode::Corrupt, "not a JSON object");
    }

    void badZipIsRejected()
    {
        rwkvtest::writeZip(file("other.zip"), {{"readme.txt", "hello"}});
        RWKV_EXPECT_OPEN_ERROR(file("other.zip"), ErrorCode::Corrupt, "without a data.pkl");

        std::string bytes = rwkvtest::readBytes(pth(onePickle(4, 0, {4}, {1})));
        const size_t directory = bytes.find("PK\x01\x02");
        QVERIFY(directory != std::string::npos);
        bytes[directory + 2] = 'X';
        rwkvtest::writeBytes(file("damaged.pth"), bytes);
        RWKV_EXPECT_OPEN_ERROR(file("damaged.pth"), ErrorCode::Corrupt, "damaged zip directory");
    }

    void compressedEntriesAreRefused()
    {
        std::string bytes = rwkvtest::readBytes(pth(onePickle(4, 0, {4}, {1})));
        // Mark data.pkl as deflated in its local header (offset 8) and directory entry (offset 10).
        bytes[8] = 8;
        bytes[bytes.find("PK\x01\x02") + 10] = 8;
        rwkvtest::writeBytes(file("deflated.pth"), bytes);
        RWKV_EXPECT_OPEN_ERROR(file("deflated.pth"), ErrorCode::Unsupported, "compressed");
    }

    void unknownPickleOpcodeIsNamedWithItsPosition()
    {
        RWKV_EXPECT_OPEN_ERROR(pth(std::string("\x80\x02}\xfe.", 5)), ErrorCode::Corrupt,
                               "unknown pickle opcode 0xfe at byte 3");
    }

    void truncatedPickleIsRejected()
    {
        const std::string pickle = onePickle(4, 0, {4}, {1});
        RWKV_EXPECT_OPEN_ERROR(pth(pickle.substr(0, pickle.size() - 2)), ErrorCode::Truncated, "before its STOP");
    }

    void picklesThatRunCodeAreNotExecuted()
    {
        // os.system("echo hi") as a pickle: it must read as an opaque object, not run.
        const std::string evil = rwkvtest::PickleBuilder().op("}(").str("w").global("os", "system").str("echo hi")
                                     .op("\x85R").op("u.").bytes;
        auto checkpoint = TensorFile::open(pth(evil));
        QVERIFY(checkpoint->tensors().empty());
        RWKV_EXPECT_OPEN_ERROR(pth(rwkvtest::PickleBuilder().global("os", "system").str("echo hi").op("\x85R.").bytes),
                               ErrorCode::Unsupported, "rather than a dict of tensors");
    }

    void storageShorterThanShapeNeedsIsRejected()
    {
        RWKV_EXPECT_OPEN_ERROR(pth(onePickle(4, 0, {3, 2}, {2, 1})), ErrorCode::Corrupt,
                               "tensor 'w' [3, 2] reaches past the end of its storage");
        RWKV_EXPECT_OPEN_ERROR(pth(onePickle(4, 2, {3}, {1})), ErrorCode::Corrupt, "reaches past the end");
        RWKV_EXPECT_OPEN_ERROR(pth(onePickle(4, 0, {2, 2}, {1, 3})), ErrorCode::Corrupt, "reaches past the end");
        RWKV_EXPECT_OPEN_ERROR(pth(onePickle(9, 0, {4}, {1})), ErrorCode::Corrupt,
                               "declares 9 f32 elements");
    }

    void missingStorageIsNamed()
    {
        const std::string out = file("nostorage.pth");
        rwkvtest::writeZip(out, {{"a/data.pkl", onePickle(4, 0, {4}, {1})}, {"a/version", "3\n"}});
        RWKV_EXPECT_OPEN_ERROR(out, ErrorCode::Corrupt, "storage a/data/0, which is missing");
    }

    void offsetsPastTheEndAreRejected()
    {
        std::string bytes = rwkvtest::readBytes(pth(onePickle(4, 0, {4}, {1})));
        // Point the directory entry of data/0 far past the end of the file.
        const size_t entry = bytes.find(std::string("PK\x01\x02", 4), bytes.find("crafted/version") - 200);
        const size_t dataEntry = bytes.rfind(std::string("PK\x01\x02", 4), bytes.rfind("crafted/data/0"));
        QVERIFY(entry != std::string::npos && dataEntry != std::string::npos);
        std::string huge;
        rwkvtest::appendLe(huge, 0x7fff0000u, 4);
        bytes.replace(dataEntry + 42, 4, huge);
        rwkvtest::writeBytes(file("offsets.pth"), bytes);
        RWKV_EXPECT_OPEN_ERROR(file("offsets.pth"), ErrorCode::Corrupt, "inside the zip directory");

        rwkvtest::writeRawSafetensors(file("offsets.safetensors"),
                                      R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[16,32]}})", kFour);
        RWKV_EXPECT_OPEN_ERROR(file("offsets.safetensors"), ErrorCode::Truncated, "tensor 'w' needs");
        rwkvtest::writeRawSafetensors(file("reversed.safetensors"),
                                      R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", kFour);
        RWKV_EXPECT_OPEN_ERROR(file("reversed.safetensors"), ErrorCode::Corrupt, "end before they begin");
    }

    void absurdSizesAreRejectedBeforeAllocating()
    {
        std::string header;
        rwkvtest::appendLe(header, uint64_t(1) << 60, 8);
        rwkvtest::writeBytes(file("huge-header.safetensors"), header + "{}");
        RWKV_EXPECT_OPEN_ERROR(file("huge-header.safetensors"), ErrorCode::Corrupt, "header would be");

        rwkvtest::writeRawSafetensors(file("huge-shape.safetensors"),
                                      R"({"w":{"dtype":"F32","shape":[1048576,1048576],"data_offsets":[0,16]}})", kFour);
        RWKV_EXPECT_OPEN_ERROR(file("huge-shape.safetensors"), ErrorCode::Corrupt, "[1048576, 1048576] f32 does not fit");

        const int64_t big = int64_t(1) << 40;
        RWKV_EXPECT_OPEN_ERROR(pth(onePickle(4, 0, {big}, {1})), ErrorCode::Corrupt, "reaches past the end");
        RWKV_EXPECT_OPEN_ERROR(pth(onePickle(big, 0, {4}, {1})), ErrorCode::Corrupt, "holds 16 bytes");
        // A broadcast view (stride 0) of 2^40 elements of one float: refused, not allocated.
        RWKV_EXPECT_OPEN_ERROR(pth(onePickle(4, 0, {big}, {0})), ErrorCode::ResourceLimit, "more memory");
        // A string length far past the end of the pickle.
        RWKV_EXPECT_OPEN_ERROR(pth(std::string("\x80\x02X\xff\xff\xff\x7f", 8)), ErrorCode::Truncated,
                               "declares 2147483647 bytes");
    }

    void overlappingSafetensorsOffsetsAreRejected()
    {
        rwkvtest::writeRawSafetensors(
            file("overlap.safetensors"),
            R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
            kFour);
        RWKV_EXPECT_OPEN_ERROR(file("overlap.safetensors"), ErrorCode::Corrupt, "'a' and 'b' overlap");
        rwkvtest::writeRawSafetensors(file("size.safetensors"),
                                      R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}})", kFour);
        RWKV_EXPECT_OPEN_ERROR(file("size.safetensors"), ErrorCode::Corrupt, "does not fit the 16 bytes");
    }

    void unsupportedContentIsNamed()
    {
        rwkvtest::writeRawSafetensors(file("fp8.safetensors"),
                                      R"({"w":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}})", kFour);
        RWKV_EXPECT_OPEN_ERROR(file("fp8.safetensors"), ErrorCode::Unsupported, "dtype F8_E4M3");

        const std::string out = file("bigendian.pth");
        rwkvtest::writeZip(out, {{"b/data.pkl", onePickle(4, 0, {4}, {1})}, {"b/byteorder", "big"}, {"b/data/0", kFour}});
        RWKV_EXPECT_OPEN_ERROR(out, ErrorCode::Unsupported, "byte order 'big'");

        RWKV_EXPECT_OPEN_ERROR(pth(onePickle(4, 0, {4}, {1}, "ComplexFloatStorage")), ErrorCode::Unsupported,
                               "torch.ComplexFloatStorage");

        rwkvtest::writeBytes(file("legacy.pth"), std::string("\x80\x02\x8a\x0a" "lZ\xfc\x9c" "F\xf9 j\xa8" "P\x19.", 15));
        RWKV_EXPECT_OPEN_ERROR(file("legacy.pth"), ErrorCode::Unsupported, "legacy PyTorch format");
    }
};

QTEST_GUILESS_MAIN(CheckpointErrors)
#include "tst_format_errors.moc"
