#include "formats/checkpoint_writer.h"

#include "core/error.h"
#include "formats/little_endian.h"
#include "formats/output_file.h"
#include "formats/zip_writer.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace rwkv {

namespace {

void checkTensors(std::span<const TensorView> tensors, const std::string& path)
{
    std::set<std::string> names;
    for (const TensorView& t : tensors) {
        if (t.name.empty())
            throw Error(ErrorCode::InvalidArgument, "cannot write " + path + ": a tensor has no name");
        if (!names.insert(t.name).second)
            throw Error(ErrorCode::InvalidArgument, "cannot write " + path + ": two tensors are named '" + t.name + "'");
        for (int64_t dim : t.shape)
            if (dim < 0)
                throw Error(ErrorCode::InvalidArgument,
                            "cannot write " + path + ": tensor '" + t.name + "' has a negative size");
        if (!t.data && t.byteSize() > 0)
            throw Error(ErrorCode::InvalidArgument, "cannot write " + path + ": tensor '" + t.name + "' has no data");
    }
}

const char* safetensorsDType(DType dtype)
{
    switch (dtype) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    case DType::F64: return "F64";
    case DType::I64: return "I64";
    case DType::I32: return "I32";
    case DType::I16: return "I16";
    case DType::I8: return "I8";
    case DType::U8: return "U8";
    case DType::Bool: return "BOOL";
    }
    return "?";
}

// The legacy typed-storage class torch.load maps back to each dtype.
const char* torchStorageClass(DType dtype)
{
    switch (dtype) {
    case DType::F32: return "FloatStorage";
    case DType::F16: return "HalfStorage";
    case DType::BF16: return "BFloat16Storage";
    case DType::F64: return "DoubleStorage";
    case DType::I64: return "LongStorage";
    case DType::I32: return "IntStorage";
    case DType::I16: return "ShortStorage";
    case DType::I8: return "CharStorage";
    case DType::U8: return "ByteStorage";
    case DType::Bool: return "BoolStorage";
    }
    return "?";
}

// Emits the protocol 2 opcodes Python's pickler would choose for the values a state dict needs.
class PickleText {
public:
    PickleText() { op(0x80), byte(2); }

    void global(const std::string& module, const std::string& name) { op('c'), text += module + "\n" + name + "\n"; }
    void mark() { op('('); }
    void string(const std::string& value)
    {
        op('X');
        le::append(text, value.size(), 4);
        text += value;
    }
    void integer(int64_t value)
    {
        if (value >= 0 && value < 256) {
            op('K'), le::append(text, uint64_t(value), 1);
        } else if (value >= 0 && value < 65536) {
            op('M'), le::append(text, uint64_t(value), 2);
        } else if (value >= INT32_MIN && value <= INT32_MAX) {
            op('J'), le::append(text, uint64_t(value), 4);
        } else { // LONG1: the shortest little-endian two's complement
            std::string digits;
            int64_t rest = value;
            do {
                digits.push_back(char(rest & 0xff));
                rest >>= 8;
            } while (!((rest == 0 && !(digits.back() & 0x80)) || (rest == -1 && (digits.back() & 0x80))));
            op(0x8a), byte(uint8_t(digits.size()));
            text += digits;
        }
    }
    void tuple(const std::vector<int64_t>& values)
    {
        if (values.empty())
            return op(')');
        if (values.size() > 3)
            mark();
        for (int64_t v : values)
            integer(v);
        op(values.size() > 3 ? 't' : uint8_t(0x84 + values.size()));
    }
    void op(uint8_t code) { text.push_back(char(code)); }
    void byte(uint8_t value) { text.push_back(char(value)); }

    std::string text;
};

std::string stemOf(const std::string& path)
{
    size_t slash = path.find_last_of('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    size_t dot = name.find_last_of('.');
    if (dot != std::string::npos && dot > 0)
        name.resize(dot);
    return name.empty() ? "archive" : name;
}

std::vector<int64_t> rowMajorStride(const std::vector<int64_t>& shape)
{
    std::vector<int64_t> stride(shape.size());
    int64_t step = 1;
    for (size_t i = shape.size(); i-- > 0;) {
        stride[i] = step;
        step *= shape[i];
    }
    return stride;
}

} // namespace

void writeSafetensors(const std::string& path, std::span<const TensorView> tensors)
{
    checkTensors(tensors, path);
    std::vector<const TensorView*> order;
    for (const TensorView& t : tensors)
        order.push_back(&t);
    std::stable_sort(order.begin(), order.end(), [](const TensorView* a, const TensorView* b) {
        return dtypeSize(a->dtype) > dtypeSize(b->dtype);
    });

    nlohmann::json header = nlohmann::json::object();
    header["__metadata__"] = {{"format", "pt"}};
    uint64_t offset = 0;
    for (const TensorView* t : order) {
        header[t->name] = {{"dtype", safetensorsDType(t->dtype)},
                           {"shape", t->shape},
                           {"data_offsets", {offset, offset + t->byteSize()}}};
        offset += t->byteSize();
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' '); // data starts 8-byte aligned

    OutputFile out(path);
    std::string length;
    le::append(length, text.size(), 8);
    out.write(length.data(), length.size());
    out.write(text.data(), text.size());
    for (const TensorView* t : order)
        out.write(t->data, t->byteSize());
    out.commit();
}

void writePth(const std::string& path, std::span<const TensorView> tensors)
{
    checkTensors(tensors, path);
    PickleText pickle;
    pickle.global("collections", "OrderedDict");
    pickle.op(')'), pickle.op('R');
    pickle.mark();
    for (size_t i = 0; i < tensors.size(); ++i) {
        const TensorView& t = tensors[i];
        pickle.string(t.name);
        pickle.global("torch._utils", "_rebuild_tensor_v2");
        pickle.mark();
        // Persistent id ('storage', torch.<Type>Storage, key, location, numel).
        pickle.mark();
        pickle.string("storage");
        pickle.global("torch", torchStorageClass(t.dtype));
        pickle.string(std::to_string(i));
        pickle.string("cpu");
        pickle.integer(int64_t(t.numel()));
        pickle.op('t');
        pickle.op('Q');
        pickle.integer(0); // storage offset
        pickle.tuple(t.shape);
        pickle.tuple(rowMajorStride(t.shape));
        pickle.op(0x89); // requires_grad = False
        pickle.global("collections", "OrderedDict"); // backward hooks
        pickle.op(')'), pickle.op('R');
        pickle.op('t');
        pickle.op('R');
    }
    pickle.op('u');
    pickle.op('.');

    const std::string stem = stemOf(path);
    OutputFile out(path);
    ZipWriter zip(out);
    zip.addEntry(stem + "/data.pkl", pickle.text);
    zip.addEntry(stem + "/byteorder", std::string("little"));
    for (size_t i = 0; i < tensors.size(); ++i)
        zip.addEntry(stem + "/data/" + std::to_string(i), std::span(tensors[i].data, tensors[i].byteSize()));
    zip.addEntry(stem + "/version", std::string("3\n"));
    zip.finish();
    out.commit();
}

} // namespace rwkv
