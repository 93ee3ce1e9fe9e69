#version 450
// RWKV-7 state update and readout (docs/RWKV.md "v7 time mix"), one workgroup per (head,
// sequence), invocation i owning row i of the head's state S[value i][key j]. Walks the tokens
// of the sequence in order. Also writes bonus * v, the term added after the group norm.
#include "common.glsl"

layout(push_constant) uniform Params {
    Floats r;
    Floats k;
    Floats v;
    Floats w;      // decay, already exp(-e^-0.5 σ(...))
    Floats a;      // in-context learning rate, already σ(...)
    Floats kk;     // k_k [D]
    Floats ka;     // k_a [D]
    Floats rk;     // r_k [D]
    Floats y;      // [rows, D]
    Floats bonus;  // [rows, D]: (Σ r k' r_k) * v per head
    Floats state;  // S of sequence 0 for this layer; sequence s at state + s * stateStride
    uint width;
    uint headSize;
    uint tokens;
    uint stateStride;
} p;

shared float kkS[WG];
shared float kaS[WG];
shared float kpS[WG];
shared float rS[WG];
shared float wS[WG];

void main()
{
    uint h = gl_WorkGroupID.x, seq = gl_WorkGroupID.y;
    uint i = gl_LocalInvocationID.x;
    uint N = p.headSize;
    bool owned = i < N;
    uint c = h * N + i;
    uint sBase = seq * p.stateStride + h * N * N + i * N;
    for (uint t = 0; t < p.tokens; ++t) {
        uint idx = (seq * p.tokens + t) * p.width + c;
        float kv = 0.0, av = 0.0, rv = 0.0, wv = 0.0, vv = 0.0, kk = 0.0;
        if (owned) {
            kv = p.k.v[idx]; av = p.a.v[idx]; rv = p.r.v[idx]; wv = p.w.v[idx]; vv = p.v.v[idx];
            kk = kv * p.kk.v[c];
        }
        float norm = sqrt(workgroupSum(kk * kk));
        kk /= max(norm, 1e-12);
        float kp = kv * (1.0 + (av - 1.0) * (owned ? p.ka.v[c] : 0.0));
        kkS[i] = kk;
        kaS[i] = kk * av;
        kpS[i] = kp;
        rS[i] = rv;
        wS[i] = wv;
        float bonus = workgroupSum(owned ? rv * kp * p.rk.v[c] : 0.0); // its barrier publishes the arrays
        if (owned) {
            float sa = 0.0;
            for (uint j = 0; j < N; ++j)
                sa += p.state.v[sBase + j] * kkS[j];
            sa = -sa;
            float y = 0.0;
            for (uint j = 0; j < N; ++j) {
                float s = p.state.v[sBase + j] * wS[j] + sa * kaS[j] + vv * kpS[j];
                p.state.v[sBase + j] = s;
                y += s * rS[j];
            }
            p.y.v[idx] = y;
            p.bonus.v[idx] = bonus * vv;
        }
        barrier();
    }
}
