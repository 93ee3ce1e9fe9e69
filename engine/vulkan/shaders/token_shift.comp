#version 450
// Token shift over a batch of `batch` sequences of `tokens` rows each (row = s * tokens + t): the
// previous row of t = 0 is the sequence's saved x_prev in the state. `mode` (ShiftMode in
// gpu_kernels.h):
//   0 shift-add  out = x + (prev - x) * m     (v6/v7)
//   1 lerp       out = x * m + prev * (1 - m) (v4/v5)
//   2 delta      out = prev - x               (v6's dx)
//   3 save       state x_prev = last row of each sequence (run after every reader of x_prev)
#include "common.glsl"

layout(push_constant) uniform Params {
    Floats x;      // [batch * tokens, width]
    Floats prev;   // x_prev of sequence 0; sequence s at prev + s * stateStride
    Floats m;      // [width]
    Floats out_;   // [batch * tokens, width]
    uint width;
    uint tokens;
    uint batch;
    uint stateStride;
    uint mode;
} p;

void main()
{
    uint D = p.width;
    uint stride = gl_NumWorkGroups.x * WG;
    if (p.mode == 3) {
        for (uint i = gl_GlobalInvocationID.x; i < p.batch * D; i += stride) {
            uint s = i / D, j = i % D;
            p.prev.v[s * p.stateStride + j] = p.x.v[(s * p.tokens + p.tokens - 1) * D + j];
        }
        return;
    }
    uint n = p.batch * p.tokens * D;
    for (uint i = gl_GlobalInvocationID.x; i < n; i += stride) {
        uint row = i / D, j = i % D;
        uint t = row % p.tokens, s = row / p.tokens;
        float x = p.x.v[i];
        float pr = t == 0 ? p.prev.v[s * p.stateStride + j] : p.x.v[i - D];
        float r;
        if (p.mode == 0)
            r = x + (pr - x) * p.m.v[j];
        else if (p.mode == 1)
            r = x * p.m.v[j] + pr * (1.0 - p.m.v[j]);
        else
            r = pr - x;
        p.out_.v[i] = r;
    }
}
