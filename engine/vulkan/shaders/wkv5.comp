#version 450
// The v5/v6 recurrence (docs/RWKV.md "v6 time mix"), one workgroup per (head, sequence),
// invocation j owning column j (value j) of the head's state s[key i][value j]:
//   y_j = Σ_i r_i (u_i k_i v_j + s_ij),  then s_ij = k_i v_j + w_i s_ij.
// v5's decay is one vector per layer (wPerToken = 0); v6's is per token.
#include "common.glsl"

layout(push_constant) uniform Params {
    Floats r;
    Floats k;
    Floats v;
    Floats w;
    Floats u;      // bonus [D]
    Floats y;
    Floats state;
    uint width;
    uint headSize;
    uint tokens;
    uint stateStride;
    uint wPerToken;
} p;

shared float rS[WG];
shared float kS[WG];
shared float wS[WG];
shared float uS[WG];

void main()
{
    uint h = gl_WorkGroupID.x, seq = gl_WorkGroupID.y;
    uint j = gl_LocalInvocationID.x;
    uint N = p.headSize;
    bool owned = j < N;
    uint c = h * N + j;
    uint sBase = seq * p.stateStride + h * N * N + j;
    for (uint t = 0; t < p.tokens; ++t) {
        uint idx = (seq * p.tokens + t) * p.width + c;
        if (owned) {
            rS[j] = p.r.v[idx];
            kS[j] = p.k.v[idx];
            wS[j] = p.wPerToken != 0 ? p.w.v[idx] : p.w.v[c];
            uS[j] = p.u.v[c];
        }
        barrier();
        if (owned) {
            float vj = p.v.v[idx];
            float y = 0.0;
            for (uint i = 0; i < N; ++i) {
                float a = kS[i] * vj;
                float s = p.state.v[sBase + i * N];
                y += rS[i] * (uS[i] * a + s);
                p.state.v[sBase + i * N] = a + wS[i] * s;
            }
            p.y.v[idx] = y;
        }
        barrier();
    }
}
