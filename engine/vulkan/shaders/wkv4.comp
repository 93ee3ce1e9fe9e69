#version 450
// The v4 WKV (docs/RWKV.md "v4 time mix") with the running maximum pp that keeps the
// exponentials finite; one invocation per (channel, sequence), walking the tokens in order.
// Writes y = σ(r) * wkv.
#include "common.glsl"

layout(push_constant) uniform Params {
    Floats r;
    Floats k;
    Floats v;
    Floats first;  // time_first [D]
    Floats decay;  // -exp(time_decay) [D]
    Floats y;
    Floats state;  // aa of sequence 0 for this layer (bb, pp follow at +D, +2D)
    uint width;
    uint tokens;
    uint batch;
    uint stateStride;
} p;

void main()
{
    uint g = gl_GlobalInvocationID.x;
    uint D = p.width;
    if (g >= D * p.batch)
        return;
    uint seq = g / D, j = g % D;
    uint s = seq * p.stateStride + j;
    float aa = p.state.v[s], bb = p.state.v[s + D], pp = p.state.v[s + 2 * D];
    float u = p.first.v[j], w = p.decay.v[j];
    for (uint t = 0; t < p.tokens; ++t) {
        uint idx = (seq * p.tokens + t) * D + j;
        float kt = p.k.v[idx], vt = p.v.v[idx];
        float ww = u + kt;
        float q = max(pp, ww);
        float e1 = exp(pp - q), e2 = exp(ww - q);
        float wkv = (e1 * aa + e2 * vt) / (e1 * bb + e2);
        ww = w + pp;
        q = max(ww, kt);
        e1 = exp(ww - q);
        e2 = exp(kt - q);
        aa = e1 * aa + e2 * vt;
        bb = e1 * bb + e2;
        pp = q;
        p.y.v[idx] = sigmoid(p.r.v[idx]) * wkv;
    }
    p.state.v[s] = aa;
    p.state.v[s + D] = bb;
    p.state.v[s + 2 * D] = pp;
}
