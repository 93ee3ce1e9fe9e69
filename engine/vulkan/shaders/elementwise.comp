#version 450
// The element-wise steps of the forward pass, chosen by `op` (kept in step with ElementOp in
// gpu_kernels.h). `a`, `b` and `out` hold n elements; `c` is a per-channel vector of `period`
// elements (index i % period). `out` may be the same buffer as `a` or `b`.
#include "common.glsl"

layout(push_constant) uniform Params {
    Floats a;
    Floats b;
    Floats c;
    Floats out_;
    uint n;
    uint period;
    uint op;
} p;

const uint ADD = 0;           // out = a + b
const uint MUL = 1;           // out = a * b
const uint TANH = 2;          // out = tanh(a)
const uint SIGMOID = 3;       // out = σ(a)
const uint SILU = 4;          // out = a σ(a)
const uint RELU_SQUARE = 5;   // out = max(a, 0)²
const uint V7_DECAY = 6;      // out = exp(-e^-0.5 σ(c + a))
const uint SIGMOID_BIAS = 7;  // out = σ(c + a)
const uint V6_DECAY = 8;      // out = exp(-exp(c + a))
const uint V7_VALUE_MIX = 9;  // out = out + (b - out) σ(c + a)   (a = gate, b = first layer's v)
const uint MUL_SIGMOID = 10;  // out = a σ(b)
const uint ADD_MUL = 11;      // out = (out + a) * b
const uint ADD_SCALED = 12;   // out = a + b * c
const uint V6_MAA = 13;       // out = a + b * (c + out)

float apply(uint i)
{
    uint j = p.period > 0 ? i % p.period : 0;
    switch (p.op) {
    case ADD: return p.a.v[i] + p.b.v[i];
    case MUL: return p.a.v[i] * p.b.v[i];
    case TANH: return tanh(p.a.v[i]);
    case SIGMOID: return sigmoid(p.a.v[i]);
    case SILU: { float x = p.a.v[i]; return x * sigmoid(x); }
    case RELU_SQUARE: { float x = max(p.a.v[i], 0.0); return x * x; }
    case V7_DECAY: return exp(-0.606531 * sigmoid(p.c.v[j] + p.a.v[i]));
    case SIGMOID_BIAS: return sigmoid(p.c.v[j] + p.a.v[i]);
    case V6_DECAY: return exp(-exp(p.c.v[j] + p.a.v[i]));
    case V7_VALUE_MIX: { float v = p.out_.v[i]; return v + (p.b.v[i] - v) * sigmoid(p.c.v[j] + p.a.v[i]); }
    case MUL_SIGMOID: return p.a.v[i] * sigmoid(p.b.v[i]);
    case ADD_MUL: return (p.out_.v[i] + p.a.v[i]) * p.b.v[i];
    case ADD_SCALED: return p.a.v[i] + p.b.v[i] * p.c.v[j];
    case V6_MAA: return p.a.v[i] + p.b.v[i] * (p.c.v[j] + p.out_.v[i]);
    }
    return 0.0;
}

void main()
{
    uint stride = gl_NumWorkGroups.x * WG;
    for (uint i = gl_GlobalInvocationID.x; i < p.n; i += stride)
        p.out_.v[i] = apply(i);
}
