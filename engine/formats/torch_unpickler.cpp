#include "formats/torch_unpickler.h"

#include "core/error.h"
#include "formats/little_endian.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <unordered_map>

namespace rwkv {

namespace {

using Kind = PickleValue::Kind;

// Generous for any state dict (a 7B model's data.pkl has ~10^4 values) yet bounded for hostile input.
constexpr size_t kMaxValues = size_t(1) << 24;
constexpr size_t kMaxStack = size_t(1) << 20;
constexpr size_t kMaxMemo = size_t(1) << 22;
constexpr size_t kMaxDims = 64;
constexpr int kMaxCallDepth = 4;

bool storageDType(std::string_view global, DType& dtype)
{
    std::string_view name;
    if (global.starts_with("torch.cuda."))
        name = global.substr(11);
    else if (global.starts_with("torch."))
        name = global.substr(6);
    else
        return false;
    static const struct { std::string_view name; DType dtype; } table[] = {
        {"FloatStorage", DType::F32}, {"HalfStorage", DType::F16},  {"BFloat16Storage", DType::BF16},
        {"DoubleStorage", DType::F64}, {"LongStorage", DType::I64}, {"IntStorage", DType::I32},
        {"ShortStorage", DType::I16}, {"CharStorage", DType::I8},   {"ByteStorage", DType::U8},
        {"BoolStorage", DType::Bool}, {"UntypedStorage", DType::U8},
    };
    for (const auto& entry : table)
        if (entry.name == name) {
            dtype = entry.dtype;
            return true;
        }
    return false;
}

class Machine {
public:
    Machine(std::span<const std::byte> in, const std::string& what) : in_(in), what_(what) {}

    UnpickledData run()
    {
        for (;;) {
            opAt_ = pos_;
            uint8_t op = uint8_t(*take(1));
            if (op == '.') {
                out_.root = pop();
                out_.bytesRead = pos_;
                return std::move(out_);
            }
            step(op);
        }
    }

private:
    [[noreturn]] void fail(ErrorCode code, const std::string& message) const
    {
        throw Error(code, what_ + " " + message + " (at byte " + std::to_string(opAt_) + ")");
    }

    const std::byte* take(size_t n)
    {
        if (in_.size() - pos_ < n)
            throw Error(ErrorCode::Truncated, what_ + " ends after " + std::to_string(in_.size()) +
                                                  " bytes, before its STOP opcode: the pickle is cut short");
        const std::byte* p = in_.data() + pos_;
        pos_ += n;
        return p;
    }
    uint64_t readUnsigned(int n) { return le::read(take(size_t(n)), n); }
    // A length read from the pickle, checked against what remains before anything is allocated.
    size_t readLength(int n)
    {
        uint64_t length = readUnsigned(n);
        if (length > in_.size() - pos_)
            fail(ErrorCode::Truncated, "declares " + std::to_string(length) + " bytes of data but only " +
                                           std::to_string(in_.size() - pos_) + " remain");
        return size_t(length);
    }
    std::string_view readLine()
    {
        const char* begin = reinterpret_cast<const char*>(in_.data() + pos_);
        const void* newline = std::memchr(begin, '\n', in_.size() - pos_);
        if (!newline)
            fail(ErrorCode::Truncated, "ends inside a text argument");
        size_t length = size_t(static_cast<const char*>(newline) - begin);
        pos_ += length + 1;
        return {begin, length};
    }
    int64_t parseDecimal(std::string_view text)
    {
        if (!text.empty() && text.back() == 'L')
            text.remove_suffix(1);
        int64_t value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size())
            fail(ErrorCode::Corrupt, "has a malformed decimal number");
        return value;
    }

    PickleValue& value(uint32_t index) { return out_.values[index]; }
    uint32_t add(PickleValue v)
    {
        if (out_.values.size() >= kMaxValues)
            fail(ErrorCode::ResourceLimit, "holds more values than any checkpoint needs");
        out_.values.push_back(std::move(v));
        return uint32_t(out_.values.size() - 1);
    }
    uint32_t add(Kind kind, int64_t integer = 0)
    {
        PickleValue v;
        v.kind = kind;
        v.integer = integer;
        return add(std::move(v));
    }
    uint32_t addText(Kind kind, std::string_view text)
    {
        PickleValue v;
        v.kind = kind;
        v.text.assign(text);
        return add(std::move(v));
    }
    uint32_t addSequence(Kind kind, std::vector<uint32_t> items)
    {
        PickleValue v;
        v.kind = kind;
        v.items = std::move(items);
        return add(std::move(v));
    }
    void push(uint32_t index)
    {
        if (stack_.size() >= kMaxStack)
            fail(ErrorCode::ResourceLimit, "needs a deeper stack than any checkpoint needs");
        stack_.push_back(index);
    }
    uint32_t pop()
    {
        if (stack_.size() <= (marks_.empty() ? 0 : marks_.back()))
            fail(ErrorCode::Corrupt, "pops from an empty stack");
        uint32_t index = stack_.back();
        stack_.pop_back();
        return index;
    }
    uint32_t top()
    {
        if (stack_.size() <= (marks_.empty() ? 0 : marks_.back()))
            fail(ErrorCode::Corrupt, "reads from an empty stack");
        return stack_.back();
    }
    std::vector<uint32_t> popToMark()
    {
        if (marks_.empty())
            fail(ErrorCode::Corrupt, "has no MARK for an opcode that needs one");
        std::vector<uint32_t> items(stack_.begin() + ptrdiff_t(marks_.back()), stack_.end());
        stack_.resize(marks_.back());
        marks_.pop_back();
        return items;
    }
    void memoize(uint64_t index)
    {
        if (memo_.size() >= kMaxMemo && !memo_.count(index))
            fail(ErrorCode::ResourceLimit, "memoizes more values than any checkpoint needs");
        memo_[index] = top();
    }
    void recall(uint64_t index)
    {
        auto it = memo_.find(index);
        if (it == memo_.end())
            fail(ErrorCode::Corrupt, "reads memo entry " + std::to_string(index) + ", which was never stored");
        push(it->second);
    }
    void pushInteger(int64_t integer) { push(add(Kind::Int, integer)); }
    void pushLong(const std::byte* bytes, size_t n)
    {
        PickleValue v;
        v.kind = Kind::Int;
        // Two's complement little-endian of any width; beyond 8 bytes it must be a sign extension.
        bool negative = n > 0 && (uint8_t(bytes[n - 1]) & 0x80u);
        uint64_t bits = negative ? ~uint64_t(0) : 0;
        for (size_t i = n; i-- > 0;) {
            if (i >= 8) {
                if (uint8_t(bytes[i]) != (negative ? 0xffu : 0u))
                    v.intOverflow = true;
                continue;
            }
            bits = (bits << 8) | uint64_t(bytes[i]);
        }
        if (n > 8 && !v.intOverflow && (bits >> 63) != uint64_t(negative))
            v.intOverflow = true;
        v.integer = int64_t(bits);
        push(add(std::move(v)));
    }
    void addTo(uint32_t container, const std::vector<uint32_t>& items, bool pairs)
    {
        PickleValue& target = value(container);
        if (target.kind == Kind::Object)
            return; // an opaque object's contents are not needed
        if (pairs ? target.kind != Kind::Dict : (target.kind != Kind::List))
            fail(ErrorCode::Corrupt, pairs ? "sets items on something that is not a dict"
                                           : "appends to something that is not a list");
        if (pairs && items.size() % 2)
            fail(ErrorCode::Corrupt, "sets a dict key without a value");
        target.items.insert(target.items.end(), items.begin(), items.end());
    }

    void step(uint8_t op);
    uint32_t call(uint32_t callable, uint32_t args, int depth);
    uint32_t rebuildTensor(const PickleValue& args);
    uint32_t loadPersistent(uint32_t pid);
    int64_t intArgument(uint32_t index, const char* what);

    std::span<const std::byte> in_;
    const std::string& what_;
    size_t pos_ = 0;
    size_t opAt_ = 0;
    UnpickledData out_;
    std::vector<uint32_t> stack_;
    std::vector<size_t> marks_; // stack sizes at each MARK
    std::unordered_map<uint64_t, uint32_t> memo_;
};

void Machine::step(uint8_t op)
{
    switch (op) {
    case 0x80: { // PROTO
        uint64_t protocol = readUnsigned(1);
        if (protocol > 5)
            fail(ErrorCode::Unsupported, "uses pickle protocol " + std::to_string(protocol) + ", newer than 5");
        return;
    }
    case 0x95: readUnsigned(8); return; // FRAME: a read-ahead hint only
    case '(':
        if (marks_.size() >= kMaxStack)
            fail(ErrorCode::ResourceLimit, "nests more MARKs than any checkpoint needs");
        marks_.push_back(stack_.size());
        return;
    case '0': pop(); return;
    case '1': popToMark(); return;
    case '2': push(top()); return;
    case 'N': push(add(Kind::None)); return;
    case 0x88: push(add(Kind::Bool, 1)); return;
    case 0x89: push(add(Kind::Bool, 0)); return;
    case 'J': pushInteger(int32_t(uint32_t(readUnsigned(4)))); return;
    case 'K': pushInteger(int64_t(readUnsigned(1))); return;
    case 'M': pushInteger(int64_t(readUnsigned(2))); return;
    case 0x8a: { size_t n = readLength(1); pushLong(take(n), n); return; }
    case 0x8b: { size_t n = readLength(4); pushLong(take(n), n); return; }
    case 'I': {
        std::string_view text = readLine();
        if (text == "00" || text == "01")
            push(add(Kind::Bool, text == "01"));
        else
            pushInteger(parseDecimal(text));
        return;
    }
    case 'L': pushInteger(parseDecimal(readLine())); return;
    case 'G': { // BINFLOAT is big-endian
        const std::byte* p = take(8);
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i)
            bits = (bits << 8) | uint64_t(p[i]);
        PickleValue v;
        v.kind = Kind::Float;
        std::memcpy(&v.real, &bits, 8);
        push(add(std::move(v)));
        return;
    }
    case 'F': {
        std::string text(readLine());
        PickleValue v;
        v.kind = Kind::Float;
        v.real = std::strtod(text.c_str(), nullptr);
        push(add(std::move(v)));
        return;
    }
    case 'X': case 0x8c: case 0x8d: case 'T': case 'U': { // text strings
        int width = op == 'X' || op == 'T' ? 4 : op == 0x8d ? 8 : 1;
        size_t n = readLength(width);
        push(addText(Kind::String, {reinterpret_cast<const char*>(take(n)), n}));
        return;
    }
    case 'B': case 'C': case 0x8e: case 0x96: { // bytes, bytearray
        int width = op == 'B' ? 4 : op == 'C' ? 1 : 8;
        size_t n = readLength(width);
        push(addText(Kind::Bytes, {reinterpret_cast<const char*>(take(n)), n}));
        return;
    }
    case 'V': case 'S': push(addText(Kind::String, readLine())); return; // protocol 0 text, kept raw
    case ')': push(addSequence(Kind::Tuple, {})); return;
    case 't': push(addSequence(Kind::Tuple, popToMark())); return;
    case 0x85: case 0x86: case 0x87: {
        std::vector<uint32_t> items(size_t(op - 0x84));
        for (size_t i = items.size(); i-- > 0;)
            items[i] = pop();
        push(addSequence(Kind::Tuple, std::move(items)));
        return;
    }
    case ']': case 0x8f: push(addSequence(Kind::List, {})); return; // sets read as lists
    case 'l': case 0x91: push(addSequence(Kind::List, popToMark())); return;
    case 'a': { uint32_t item = pop(); addTo(top(), {item}, false); return; }
    case 'e': case 0x90: { auto items = popToMark(); addTo(top(), items, false); return; }
    case '}': push(addSequence(Kind::Dict, {})); return;
    case 'd': {
        auto items = popToMark();
        if (items.size() % 2)
            fail(ErrorCode::Corrupt, "builds a dict from an odd number of items");
        push(addSequence(Kind::Dict, std::move(items)));
        return;
    }
    case 's': { uint32_t v = pop(); uint32_t k = pop(); addTo(top(), {k, v}, true); return; }
    case 'u': { auto items = popToMark(); addTo(top(), items, true); return; }
    case 'c': {
        std::string module(readLine());
        std::string_view name = readLine();
        push(addText(Kind::Global, module + "." + std::string(name)));
        return;
    }
    case 0x93: { // STACK_GLOBAL
        uint32_t name = pop();
        uint32_t module = pop();
        if (value(name).kind != Kind::String || value(module).kind != Kind::String)
            fail(ErrorCode::Corrupt, "names a global with something that is not a string");
        push(addText(Kind::Global, value(module).text + "." + value(name).text));
        return;
    }
    case 'R': case 0x81: { uint32_t args = pop(); uint32_t callable = pop(); push(call(callable, args, 0)); return; }
    case 0x92: { pop(); uint32_t args = pop(); uint32_t callable = pop(); push(call(callable, args, 0)); return; }
    case 'b': pop(); top(); return; // BUILD: object state (e.g. a state dict's _metadata) is not needed
    case 'q': memoize(readUnsigned(1)); return;
    case 'r': memoize(readUnsigned(4)); return;
    case 0x94: memoize(memo_.size()); return;
    case 'p': memoize(uint64_t(parseDecimal(readLine()))); return;
    case 'h': recall(readUnsigned(1)); return;
    case 'j': recall(readUnsigned(4)); return;
    case 'g': recall(uint64_t(parseDecimal(readLine()))); return;
    case 'Q': push(loadPersistent(pop())); return;
    case 'P': fail(ErrorCode::Unsupported, "uses a text persistent id (PERSID), which torch.save never writes");
    case 0x82: case 0x83: case 0x84:
        fail(ErrorCode::Unsupported, "uses the pickle extension registry (EXT opcodes), which checkpoints never need");
    case 0x97: case 0x98:
        fail(ErrorCode::Unsupported, "uses out-of-band buffers (pickle protocol 5), which torch.save never writes");
    case 'i': case 'o':
        fail(ErrorCode::Unsupported, "builds class instances with protocol 0 opcodes, which checkpoints never need");
    default: {
        char text[8];
        std::snprintf(text, sizeof text, "0x%02x", op);
        throw Error(ErrorCode::Corrupt, what_ + " has unknown pickle opcode " + text + " at byte " +
                                            std::to_string(opAt_) + ": the file is damaged or not a checkpoint");
    }
    }
}

int64_t Machine::intArgument(uint32_t index, const char* what)
{
    const PickleValue& v = value(index);
    if (v.kind != Kind::Int || v.intOverflow || v.integer < 0)
        fail(ErrorCode::Corrupt, std::string("rebuilds a tensor whose ") + what + " is not a non-negative integer");
    return v.integer;
}

// Applies a global to its arguments without executing anything: the callables a state dict
// needs are modelled here, every other call yields an opaque Object named after the global.
uint32_t Machine::call(uint32_t callable, uint32_t args, int depth)
{
    if (value(callable).kind != Kind::Global)
        return addText(Kind::Object, "(call of a non-global)");
    const std::string name = value(callable).text;
    const bool tupleArgs = value(args).kind == Kind::Tuple;
    const size_t argCount = tupleArgs ? value(args).items.size() : 0;
    if (name == "collections.OrderedDict" || name == "builtins.dict")
        return addSequence(Kind::Dict, {});
    if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
        if (!tupleArgs || argCount < 4)
            fail(ErrorCode::Corrupt, "calls " + name + " with too few arguments");
        return rebuildTensor(value(args));
    }
    if (name == "torch._utils._rebuild_parameter" || name == "torch._utils._rebuild_parameter_with_state") {
        if (!tupleArgs || argCount < 1)
            fail(ErrorCode::Corrupt, "calls " + name + " without its tensor");
        return value(args).items[0];
    }
    if (name == "torch._tensor._rebuild_from_type_v2" && tupleArgs && argCount >= 3 && depth < kMaxCallDepth) {
        // (func, type, args, state): a tensor subclass rebuilt by func(*args).
        uint32_t innerCallable = value(args).items[0];
        uint32_t innerArgs = value(args).items[2];
        return call(innerCallable, innerArgs, depth + 1);
    }
    return addText(Kind::Object, name);
}

uint32_t Machine::rebuildTensor(const PickleValue& args)
{
    const std::vector<uint32_t> items = args.items; // copy: add() below may move the arena
    if (value(items[0]).kind != Kind::Storage)
        fail(ErrorCode::Corrupt, "rebuilds a tensor from something that is not a storage");
    PickledTensor tensor;
    tensor.storage = uint32_t(value(items[0]).integer);
    tensor.storageOffset = intArgument(items[1], "storage offset");
    for (int part = 0; part < 2; ++part) {
        const PickleValue& dims = value(items[2 + size_t(part)]);
        if (dims.kind != Kind::Tuple && dims.kind != Kind::List)
            fail(ErrorCode::Corrupt, part == 0 ? "rebuilds a tensor whose shape is not a tuple"
                                               : "rebuilds a tensor whose stride is not a tuple");
        if (dims.items.size() > kMaxDims)
            fail(ErrorCode::Unsupported, "rebuilds a tensor with " + std::to_string(dims.items.size()) + " dimensions");
        std::vector<int64_t>& target = part == 0 ? tensor.shape : tensor.stride;
        const std::vector<uint32_t> dimItems = dims.items;
        for (uint32_t item : dimItems)
            target.push_back(intArgument(item, part == 0 ? "shape" : "stride"));
    }
    if (tensor.shape.size() != tensor.stride.size())
        fail(ErrorCode::Corrupt, "rebuilds a tensor whose shape and stride have different lengths");
    out_.tensors.push_back(std::move(tensor));
    return add(Kind::Tensor, int64_t(out_.tensors.size() - 1));
}

uint32_t Machine::loadPersistent(uint32_t pid)
{
    const PickleValue& id = value(pid);
    if (id.kind != Kind::Tuple || id.items.empty() || value(id.items[0]).kind != Kind::String)
        fail(ErrorCode::Corrupt, "has a persistent id that is not a ('storage', ...) tuple");
    if (value(id.items[0]).text != "storage")
        fail(ErrorCode::Unsupported, "refers to a persistent object of kind '" + value(id.items[0]).text +
                                         "'; only storages are supported");
    if (id.items.size() < 5)
        fail(ErrorCode::Corrupt, "has a storage persistent id with fewer than 5 fields");
    const PickleValue& type = value(id.items[1]);
    const PickleValue& key = value(id.items[2]);
    const PickleValue& numel = value(id.items[4]);
    PickledStorage storage;
    if (type.kind != Kind::Global)
        fail(ErrorCode::Corrupt, "has a storage whose type is not a global");
    if (!storageDType(type.text, storage.dtype))
        fail(ErrorCode::Unsupported, "holds a storage of type " + type.text + ", which the engine cannot read");
    if (key.kind == Kind::String)
        storage.key = key.text;
    else if (key.kind == Kind::Int)
        storage.key = std::to_string(key.integer);
    else
        fail(ErrorCode::Corrupt, "has a storage whose key is not a string");
    if (numel.kind != Kind::Int || numel.intOverflow || numel.integer < 0)
        fail(ErrorCode::Corrupt, "has a storage whose size is not a non-negative integer");
    storage.numel = uint64_t(numel.integer);
    out_.storages.push_back(std::move(storage));
    return add(Kind::Storage, int64_t(out_.storages.size() - 1));
}

} // namespace

UnpickledData unpickleTorch(std::span<const std::byte> pickle, const std::string& what)
{
    return Machine(pickle, what).run();
}

} // namespace rwkv
