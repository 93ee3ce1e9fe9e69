// Matrix is a weight matrix in the checkpoint's [out, in] orientation, stored in one of the
// compute formats the CPU kernels read directly: float32, float16, bfloat16, or 8-/4-bit integers
// with one float32 scale per group of 32 weights along a row (docs: issue "CPU speed"). Data is
// either owned or borrowed from a memory-mapped checkpoint (zero copy); `owner` keeps it alive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rwkv {

enum class WeightFormat { F32, F16, BF16, Q8, Q4 };

const char* weightFormatName(WeightFormat f); // "f32", "f16", "bf16", "int8", "q4"
// Parses "f32|fp32|f16|fp16|bf16|int8|q8|q4"; throws Error(InvalidArgument) otherwise.
WeightFormat parseWeightFormat(const std::string& text);

constexpr int kQuantGroup = 32;

// Q8 group: 32 signed bytes; Q4 group: 16 bytes where byte j holds column j in its low nibble and
// column j + 16 in its high nibble, values 0..15 meaning (q - 8) (SIMD-friendly split halves). Each group has a float scale: w ≈ scale * q.
struct Matrix {
    int rows = 0; // out
    int cols = 0; // in
    WeightFormat format = WeightFormat::F32;
    const void* data = nullptr;    // rows × rowBytes()
    const float* scales = nullptr; // Q8/Q4: rows × cols/32
    std::shared_ptr<const void> owner;

    size_t rowBytes() const;
    size_t bytes() const; // data plus scales
    const float* f32Row(int r) const { return static_cast<const float*>(data) + size_t(r) * size_t(cols); }

    // Owned float32 matrix from `values` ([rows, cols] row-major).
    static Matrix fromFloats(int rows, int cols, std::vector<float> values);
    // Converts (or quantizes) `values` into `format`. Q8/Q4 need cols % 32 == 0; otherwise the
    // nearest exact format (bf16 for q4/q8) is used instead (encodedFormat says which).
    static Matrix encode(int rows, int cols, const float* values, WeightFormat format);
    static WeightFormat encodedFormat(int cols, WeightFormat format);
    // Writes `values` ([rows, cols]) in this matrix's format to `data` (rows × rowBytes()) and, for
    // Q8/Q4, `scales` (scaleBytes()): for callers that place matrices themselves (HugePageArena).
    void encodeInto(const float* values, void* data, float* scales) const;
    size_t scaleBytes() const; // Q8/Q4: rows × cols/32 floats; 0 otherwise
    // Every element as float32 (for tests and format conversions).
    std::vector<float> toFloats() const;
    // Rows [first, last) as float32 into out ((last - first) × cols): training multiplies by the
    // transpose of a frozen quantized matrix a block of rows at a time.
    void rowsToFloats(int first, int last, float* out) const;
};

} // namespace rwkv
