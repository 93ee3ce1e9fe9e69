#version 450
// Layer norm (groups = 1) or group norm of rows: y[r] = LN(x[src(r)]) * w + b per group, where
// src(r) = srcStart + r * srcStep lets the head normalise only the rows whose logits are wanted.
// One workgroup per (row, group).
#include "common.glsl"

layout(push_constant) uniform Params {
    Floats x;
    Floats y;
    Floats w;
    Floats b;
    uint width;    // D, the full row
    uint groups;
    uint srcStart;
    uint srcStep;
    float eps;
} p;

void main()
{
    uint r = gl_WorkGroupID.x;
    uint g = gl_WorkGroupID.y;
    uint tid = gl_LocalInvocationID.x;
    uint gw = p.width / p.groups;
    uint src = (p.srcStart + r * p.srcStep) * p.width + g * gw;
    uint dst = r * p.width + g * gw;
    float s = 0.0;
    for (uint i = tid; i < gw; i += WG)
        s += p.x.v[src + i];
    float mean = workgroupSum(s) / float(gw);
    float q = 0.0;
    for (uint i = tid; i < gw; i += WG) {
        float d = p.x.v[src + i] - mean;
        q += d * d;
    }
    float var = workgroupSum(q) / float(gw);
    float inv = inversesqrt(var + p.eps);
    for (uint i = tid; i < gw; i += WG) {
        uint c = g * gw + i;
        p.y.v[dst + i] = (p.x.v[src + i] - mean) * inv * p.w.v[c] + p.b.v[c];
    }
}
