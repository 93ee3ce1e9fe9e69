#version 450
// Greedy sampling on the GPU: the id of the largest logit of each row (the lowest id among equal
// values, NaN never chosen; 0xffffffff when every value is -inf or NaN), so that only one id per
// sequence comes back instead of V logits. One workgroup per row.
#include "common.glsl"

layout(push_constant) uniform Params {
    Floats logits; // [rows, vocab]
    Uints ids;     // [rows]
    uint vocab;
} p;

shared float bestValue[WG];
shared uint bestId[WG];

void main()
{
    uint row = gl_WorkGroupID.x;
    uint tid = gl_LocalInvocationID.x;
    float best = uintBitsToFloat(0xff800000u); // -inf
    uint id = 0xffffffffu;
    for (uint i = tid; i < p.vocab; i += WG) {
        float v = p.logits.v[row * p.vocab + i];
        if (!isnan(v) && v > best) { // i grows, so the first of equal values stays
            best = v;
            id = i;
        }
    }
    bestValue[tid] = best;
    bestId[tid] = id;
    barrier();
    for (uint s = WG / 2; s > 0; s >>= 1) {
        if (tid < s) {
            float o = bestValue[tid + s];
            uint oid = bestId[tid + s];
            if (oid != 0xffffffffu && (bestId[tid] == 0xffffffffu || o > bestValue[tid] ||
                                       (o == bestValue[tid] && oid < bestId[tid]))) {
                bestValue[tid] = o;
                bestId[tid] = oid;
            }
        }
        barrier();
    }
    if (tid == 0)
        p.ids.v[row] = bestId[0];
}
