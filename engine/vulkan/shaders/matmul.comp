#version 450
// Y[r, o] = sum_i W[o, i] X[r, i] for r < rows: one workgroup per output o and tile of ROWS rows,
// 64 invocations splitting the sum over i. W is float32, or float16 pairs packed in uints
// (WEIGHT_F16, read with unpackHalf2x16 so no 16-bit storage feature is needed). The reduction
// uses subgroupAdd where the device has subgroup arithmetic (USE_SUBGROUP), shared memory
// otherwise. WEIGHT_Q8: signed bytes, four per word, one scale per row (applied after the sum).
// WEIGHT_Q4: nibbles q + 8, eight per word, one scale per 32 inputs of a row.
#include "common.glsl"
#ifdef USE_SUBGROUP
#extension GL_KHR_shader_subgroup_arithmetic : require
#endif

#define ROWS 4

layout(push_constant) uniform Params {
    Uints w;       // [outDim, inDim] (f32 words, or inDim/2 packed f16 pairs per row)
    Floats x;      // row r at x + r * xStride
    Floats y;      // row r at y + r * yStride
    Floats scales; // Q8: [outDim]; Q4: [outDim, inDim / 32]
    uint outDim;
    uint inDim;
    uint rows;
    uint xStride;
    uint yStride;
} p;

#ifdef USE_SUBGROUP
shared float subgroupSums[ROWS][WG];
#endif

float rowScale(uint o)
{
#ifdef WEIGHT_Q8
    return p.scales.v[o];
#else
    return 1.0;
#endif
}

void main()
{
    uint o = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    if (o >= p.outDim)
        return; // uniform for the whole workgroup
    uint r0 = gl_WorkGroupID.z * ROWS;
    uint nr = min(ROWS, p.rows - r0);
    uint tid = gl_LocalInvocationID.x;
    float acc[ROWS];
    for (uint r = 0; r < ROWS; ++r)
        acc[r] = 0.0;
#ifdef WEIGHT_F16
    uint half_in = p.inDim / 2;
    uint base = o * half_in;
    for (uint i = tid; i < half_in; i += WG) {
        vec2 wv = unpackHalf2x16(p.w.v[base + i]);
        for (uint r = 0; r < nr; ++r) {
            uint xi = (r0 + r) * p.xStride + 2 * i;
            acc[r] += wv.x * p.x.v[xi] + wv.y * p.x.v[xi + 1];
        }
    }
#elif defined(WEIGHT_Q8)
    uint words = p.inDim / 4;
    uint base = o * words;
    for (uint i = tid; i < words; i += WG) {
        int u = int(p.w.v[base + i]);
        vec4 wv = vec4(bitfieldExtract(u, 0, 8), bitfieldExtract(u, 8, 8), bitfieldExtract(u, 16, 8),
                       bitfieldExtract(u, 24, 8));
        for (uint r = 0; r < nr; ++r) {
            uint xi = (r0 + r) * p.xStride + 4 * i;
            acc[r] += dot(wv, vec4(p.x.v[xi], p.x.v[xi + 1], p.x.v[xi + 2], p.x.v[xi + 3]));
        }
    }
#elif defined(WEIGHT_Q4)
    uint words = p.inDim / 8;
    uint base = o * words;
    uint blocks = p.inDim / 32;
    for (uint i = tid; i < words; i += WG) {
        uint u = p.w.v[base + i];
        float s = p.scales.v[o * blocks + i / 4];
        vec4 lo = (vec4(u & 15u, (u >> 4) & 15u, (u >> 8) & 15u, (u >> 12) & 15u) - 8.0) * s;
        vec4 hi = (vec4((u >> 16) & 15u, (u >> 20) & 15u, (u >> 24) & 15u, u >> 28) - 8.0) * s;
        for (uint r = 0; r < nr; ++r) {
            uint xi = (r0 + r) * p.xStride + 8 * i;
            acc[r] += dot(lo, vec4(p.x.v[xi], p.x.v[xi + 1], p.x.v[xi + 2], p.x.v[xi + 3])) +
                      dot(hi, vec4(p.x.v[xi + 4], p.x.v[xi + 5], p.x.v[xi + 6], p.x.v[xi + 7]));
        }
    }
#else
    uint base = o * p.inDim;
    for (uint i = tid; i < p.inDim; i += WG) {
        float wv = uintBitsToFloat(p.w.v[base + i]);
        for (uint r = 0; r < nr; ++r)
            acc[r] += wv * p.x.v[(r0 + r) * p.xStride + i];
    }
#endif
#ifdef USE_SUBGROUP
    for (uint r = 0; r < ROWS; ++r) {
        float s = subgroupAdd(acc[r]);
        if (subgroupElect())
            subgroupSums[r][gl_SubgroupID] = s;
    }
    barrier();
    if (tid < nr) {
        float s = 0.0;
        for (uint g = 0; g < gl_NumSubgroups; ++g)
            s += subgroupSums[tid][g];
        p.y.v[(r0 + tid) * p.yStride + o] = s * rowScale(o);
    }
#else
    for (uint r = 0; r < ROWS; ++r) {
        float s = workgroupSum(acc[r]);
        if (tid == 0 && r < nr)
            p.y.v[(r0 + r) * p.yStride + o] = s * rowScale(o);
    }
#endif
}
