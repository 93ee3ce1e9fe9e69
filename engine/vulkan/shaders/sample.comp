#version 450
// Sampling on the GPU: the choice engine/sampling/sampler.cpp makes, per row of logits, so that
// only one id per sequence comes back. The CPU prepares what depends on history (the merged bias /
// ban / penalty of each affected id, and the uniform number drawn from the seeded generator) and
// this shader does the rest in the same order: sanitize, adjust, argmax, weights relative to the
// best, min-p, top-k, top-p, the draw. One workgroup per row.
//
// To make the same choice as the CPU, not merely a similar one:
// - weights are exp() computed in double and rounded to float, which is what glibc's expf gives
//   (the GPU's own float exp is a few ulp off); sums are in double like the CPU's.
// - top-k and top-p keep the CPU's order (weight descending, then id ascending) without sorting:
//   a bisection over the float bits of the weights finds the threshold weight, and ties at it are
//   taken in id order. The draw walks candidates in id order, or in that sorted order after a
//   top-k cut or a top-p, as the CPU does.
// Each invocation owns a contiguous chunk of ids, so every walk "in id order" is its chunk's walk
// after an exclusive prefix over the invocations, and no invocation reads another's memory.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_buffer_reference_uvec2 : require

#define WG 256
layout(local_size_x = WG) in;

const uint NONE = 0xffffffffu;
#define NEG_INF uintBitsToFloat(0xff800000u)
#define FLT_MAX uintBitsToFloat(0x7f7fffffu)
const uint ONE_BITS = 0x3f800000u; // 1.0: the best token's weight, the largest there is

layout(buffer_reference, std430, buffer_reference_align = 4) buffer Floats { float v[]; };
layout(buffer_reference, std430, buffer_reference_align = 4) buffer Uints { uint v[]; };
struct Adjustment { uint id; float bias; float penalty; uint banned; };
layout(buffer_reference, std430, buffer_reference_align = 16) buffer Adjustments { Adjustment v[]; };
// Kept in step with SampleRow in vulkan_sampling.h.
struct Row {
    uvec2 adjustments; // address of this row's adjustments, sorted by id
    uint adjustmentCount;
    float invTemperature;
    uint greedy;
    uint topK;
    float topP;
    uint pad;
    double minWeight;
    double uniformDraw; // in [0, 1), from the sampler's generator
};
layout(buffer_reference, std430, buffer_reference_align = 8) buffer Rows { Row v[]; };

layout(push_constant) uniform Params {
    Floats logits;  // [rows, vocab], adjusted in place
    Floats weights; // [rows, vocab] scratch
    Rows rows;      // [rows]
    Uints ids;      // [rows] out
    uint vocab;
} p;

shared uint sharedU[WG];
shared uint sharedU2[WG];
shared double sharedD[WG];

uint tid;
uint base;          // the row's first element
uint chunkBegin, chunkEnd;

uint sumU(uint v)
{
    sharedU[tid] = v;
    barrier();
    for (uint s = WG / 2; s > 0; s >>= 1) {
        if (tid < s)
            sharedU[tid] += sharedU[tid + s];
        barrier();
    }
    uint r = sharedU[0];
    barrier();
    return r;
}

uint minU(uint v)
{
    sharedU[tid] = v;
    barrier();
    for (uint s = WG / 2; s > 0; s >>= 1) {
        if (tid < s)
            sharedU[tid] = min(sharedU[tid], sharedU[tid + s]);
        barrier();
    }
    uint r = sharedU[0];
    barrier();
    return r;
}

uint maxU(uint v)
{
    sharedU[tid] = v;
    barrier();
    for (uint s = WG / 2; s > 0; s >>= 1) {
        if (tid < s)
            sharedU[tid] = max(sharedU[tid], sharedU[tid + s]);
        barrier();
    }
    uint r = sharedU[0];
    barrier();
    return r;
}

double sumD(double v)
{
    sharedD[tid] = v;
    barrier();
    for (uint s = WG / 2; s > 0; s >>= 1) {
        if (tid < s)
            sharedD[tid] += sharedD[tid + s];
        barrier();
    }
    double r = sharedD[0];
    barrier();
    return r;
}

// The sum of `v` over the invocations before this one (the ids before this chunk).
uint prefixU(uint v)
{
    sharedU[tid] = v;
    barrier();
    if (tid == 0) {
        uint acc = 0;
        for (uint i = 0; i < WG; ++i) {
            uint x = sharedU[i];
            sharedU[i] = acc;
            acc += x;
        }
    }
    barrier();
    uint r = sharedU[tid];
    barrier();
    return r;
}

double prefixD(double v)
{
    sharedD[tid] = v;
    barrier();
    if (tid == 0) {
        double acc = 0.0;
        for (uint i = 0; i < WG; ++i) {
            double x = sharedD[i];
            sharedD[i] = acc;
            acc += x;
        }
    }
    barrier();
    double r = sharedD[tid];
    barrier();
    return r;
}

// exp(x) for x <= 0, accurate to about 1e-15: rounded to float it is the correctly rounded expf.
double expNegative(float xf)
{
    double x = double(xf);
    if (x < -200.0)
        return 0.0;
    double k = round(x * 1.4426950408889634LF);
    double r = (x - k * 0.6931471803691238LF) - k * 1.9082149292705877e-10LF;
    double poly = 1.0LF;
    for (int i = 13; i >= 1; --i)
        poly = 1.0LF + poly * r / double(i);
    return ldexp(poly, int(k));
}

uint wbits(uint i) { return floatBitsToUint(p.weights.v[base + i]); }

// Sum / count of the weights whose float bits are at least `bits` (bits >= 1 skips zeros).
double sumAtLeast(uint bits)
{
    double s = 0.0LF;
    for (uint i = chunkBegin; i < chunkEnd; ++i) {
        uint b = wbits(i);
        if (b >= bits)
            s += double(uintBitsToFloat(b));
    }
    return sumD(s);
}

uint countAtLeast(uint bits)
{
    uint c = 0;
    for (uint i = chunkBegin; i < chunkEnd; ++i)
        if (wbits(i) >= bits)
            ++c;
    return sumU(c);
}

uint tiesIn(uint bits)
{
    uint c = 0;
    for (uint i = chunkBegin; i < chunkEnd; ++i)
        if (wbits(i) == bits)
            ++c;
    return c;
}

// Keeps the weights above `bits` and the first `ties` weights equal to it (in id order); zeroes
// the rest.
void keepAbove(uint bits, uint ties)
{
    uint seen = prefixU(tiesIn(bits));
    for (uint i = chunkBegin; i < chunkEnd; ++i) {
        uint b = wbits(i);
        if (b > bits)
            continue;
        if (b == bits && seen < ties) {
            ++seen;
            continue;
        }
        p.weights.v[base + i] = 0.0;
    }
}

// The id of the tie number `index` (0-based, in id order) among the weights equal to `bits`.
uint tieId(uint bits, uint index)
{
    uint seen = prefixU(tiesIn(bits));
    uint found = NONE;
    for (uint i = chunkBegin; i < chunkEnd && found == NONE; ++i)
        if (wbits(i) == bits) {
            if (seen == index)
                found = i;
            ++seen;
        }
    return minU(found);
}

double totalWeight()
{
    double s = 0.0LF;
    for (uint i = chunkBegin; i < chunkEnd; ++i)
        s += double(p.weights.v[base + i]);
    return sumD(s);
}

void main()
{
    tid = gl_LocalInvocationID.x;
    uint row = gl_WorkGroupID.x;
    uint V = p.vocab;
    base = row * V;
    uint chunk = (V + WG - 1) / WG;
    chunkBegin = min(tid * chunk, V);
    chunkEnd = min(chunkBegin + chunk, V);
    Row P = p.rows.v[row];

    // NaN is banned; +inf becomes the largest float so that (l - max) stays finite.
    for (uint i = chunkBegin; i < chunkEnd; ++i) {
        float l = p.logits.v[base + i];
        if (isnan(l))
            l = NEG_INF;
        else if (isinf(l) && l > 0.0)
            l = FLT_MAX;
        p.logits.v[base + i] = l;
    }
    // Bias, ban, penalty: the entries of this chunk, found by binary search in the sorted list.
    Adjustments adj = Adjustments(P.adjustments);
    uint lo = 0, hi = P.adjustmentCount;
    while (lo < hi) {
        uint mid = (lo + hi) / 2;
        if (adj.v[mid].id < chunkBegin)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint j = lo; j < P.adjustmentCount; ++j) {
        Adjustment a = adj.v[j];
        if (a.id >= chunkEnd)
            break;
        precise float l = p.logits.v[base + a.id] + a.bias;
        if (a.banned != 0u)
            l = NEG_INF;
        l = l - a.penalty;
        p.logits.v[base + a.id] = l;
    }

    // The best token: the lowest id among the largest values.
    float best = NEG_INF;
    uint bestId = NONE;
    for (uint i = chunkBegin; i < chunkEnd; ++i) {
        float l = p.logits.v[base + i];
        if (l > best) {
            best = l;
            bestId = i;
        }
    }
    // Chunks are in id order, so the lowest invocation holding the maximum has the lowest id.
    sharedD[tid] = double(best);
    barrier();
    for (uint s = WG / 2; s > 0; s >>= 1) {
        if (tid < s)
            sharedD[tid] = max(sharedD[tid], sharedD[tid + s]);
        barrier();
    }
    float maxLogit = float(sharedD[0]);
    barrier();
    bestId = minU(bestId != NONE && best == maxLogit ? bestId : NONE);
    if (bestId == NONE || P.greedy != 0u) {
        if (tid == 0)
            p.ids.v[row] = bestId;
        return;
    }

    // Weights relative to the best (so the best is exactly 1), min-p as a plain threshold.
    uint kept = 0;
    for (uint i = chunkBegin; i < chunkEnd; ++i) {
        float l = p.logits.v[base + i];
        float w = 0.0;
        if (l != NEG_INF) {
            precise float x = (l - maxLogit) * P.invTemperature;
            w = float(expNegative(x));
            if (!(w > 0.0 && double(w) >= P.minWeight))
                w = 0.0;
        }
        p.weights.v[base + i] = w;
        if (w > 0.0)
            ++kept;
    }
    kept = sumU(kept);

    bool sorted = false;
    if (P.topK > 0u && P.topK < kept) {
        // The largest weight T with at least topK weights >= T; ties at T by lowest id.
        uint a = 1u, b = ONE_BITS + 1u;
        while (b - a > 1u) {
            uint mid = a + (b - a) / 2u;
            if (countAtLeast(mid) >= P.topK)
                a = mid;
            else
                b = mid;
        }
        uint above = countAtLeast(a + 1u);
        keepAbove(a, P.topK - above);
        sorted = true;
    }

    double total = totalWeight();
    if (P.topP < 1.0) {
        // The nucleus: the smallest prefix in sorted order whose sum reaches topP of the total.
        double target = double(max(P.topP, 0.0)) * total;
        if (sumAtLeast(1u) >= target) {
            uint a = 1u, b = ONE_BITS + 1u;
            while (b - a > 1u) {
                uint mid = a + (b - a) / 2u;
                if (sumAtLeast(mid) >= target)
                    a = mid;
                else
                    b = mid;
            }
            double cumulative = sumAtLeast(a + 1u);
            uint ties = sumU(tiesIn(a));
            double w = double(uintBitsToFloat(a));
            uint take = 0;
            while (take < ties && (take == 0u || cumulative < target)) {
                cumulative += w;
                ++take;
            }
            keepAbove(a, take);
        }
        total = totalWeight();
        sorted = true;
    }

    double target = P.uniformDraw * total;
    uint chosen = NONE;
    if (!sorted) {
        // Walk in id order: this chunk starts where the chunks before it end.
        double local = 0.0LF;
        for (uint i = chunkBegin; i < chunkEnd; ++i)
            local += double(p.weights.v[base + i]);
        double cumulative = prefixD(local);
        uint found = NONE, last = NONE;
        for (uint i = chunkBegin; i < chunkEnd; ++i) {
            float w = p.weights.v[base + i];
            if (w > 0.0) {
                last = i;
                cumulative += double(w);
                if (found == NONE && target < cumulative)
                    found = i;
            }
        }
        chosen = minU(found);
        if (chosen == NONE) // rounding left the target at the very end
            chosen = maxU(last == NONE ? 0u : last);
    } else {
        // Walk in sorted order: the first weight T whose group (all weights >= T) passes the
        // target, then its ties in id order.
        if (sumAtLeast(1u) > target) {
            uint a = 1u, b = ONE_BITS + 1u;
            while (b - a > 1u) {
                uint mid = a + (b - a) / 2u;
                if (sumAtLeast(mid) > target)
                    a = mid;
                else
                    b = mid;
            }
            double cumulative = sumAtLeast(a + 1u);
            uint ties = sumU(tiesIn(a));
            double w = double(uintBitsToFloat(a));
            uint index = 0;
            cumulative += w;
            while (!(target < cumulative) && index + 1u < ties) {
                cumulative += w;
                ++index;
            }
            chosen = tieId(a, index);
        } else {
            // The last in sorted order: the smallest weight, and the highest id among those.
            uint smallest = NONE;
            for (uint i = chunkBegin; i < chunkEnd; ++i) {
                uint bits = wbits(i);
                if (bits != 0u)
                    smallest = min(smallest, bits);
            }
            smallest = minU(smallest);
            uint last = 0;
            for (uint i = chunkBegin; i < chunkEnd; ++i)
                if (wbits(i) == smallest)
                    last = i;
            chosen = maxU(last);
        }
    }
    if (tid == 0)
        p.ids.v[row] = chosen;
}
