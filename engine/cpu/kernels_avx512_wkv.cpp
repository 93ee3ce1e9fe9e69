// The WKV-7 head update on AVX-512, part of the AVX-512 kernel table: one token of one head
// (decoding), and many tokens of one head on its state transposed to key-major order (prefill).
#include "cpu/avx512_target.h"
#include "cpu/kernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <cstddef>

namespace rwkv::cpu {

namespace {

// dst = srcᵀ for a 64 × 64 matrix, in 16 × 16 register transposes. (GCC 12 reports the shuffle
// intrinsics' own "undefined" pass-through operand as uninitialised once this is unrolled.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
RWKV_AVX512 void transpose64(const float* src, float* dst)
{
    for (int bi = 0; bi < 64; bi += 16)
        for (int bj = 0; bj < 64; bj += 16) {
            __m512 r[16];
            for (int i = 0; i < 16; ++i)
                r[i] = _mm512_loadu_ps(src + size_t(bi + i) * 64 + size_t(bj));
            transpose16(r);
            for (int i = 0; i < 16; ++i)
                _mm512_storeu_ps(dst + size_t(bj + i) * 64 + size_t(bi), r[i]);
        }
}
#pragma GCC diagnostic pop

} // namespace

RWKV_AVX512 void wkv7HeadAvx512(float* S, int N, const float* r, const float* w, const float* k, const float* v,
                                const float* kk, const float* b, float* y)
{
    if (N % 16 != 0) {
        wkv7HeadScalar(S, N, r, w, k, v, kk, b, y);
        return;
    }
    if (N == 64) {
        // The usual head size: the five input vectors in 20 registers, loaded once (the compiler
        // cannot hoist them itself, as the state's stores might alias them).
        __m512 kk4[4], w4[4], b4[4], k4[4], r4[4];
        for (int j = 0; j < 4; ++j) {
            kk4[j] = _mm512_loadu_ps(kk + 16 * j);
            w4[j] = _mm512_loadu_ps(w + 16 * j);
            b4[j] = _mm512_loadu_ps(b + 16 * j);
            k4[j] = _mm512_loadu_ps(k + 16 * j);
            r4[j] = _mm512_loadu_ps(r + 16 * j);
        }
        for (int i = 0; i < 64; ++i) {
            float* Si = S + size_t(i) * 64;
            __m512 s4[4];
            for (int j = 0; j < 4; ++j)
                s4[j] = _mm512_loadu_ps(Si + 16 * j);
            __m512 acc = _mm512_add_ps(_mm512_fmadd_ps(s4[0], kk4[0], _mm512_mul_ps(s4[1], kk4[1])),
                                       _mm512_fmadd_ps(s4[2], kk4[2], _mm512_mul_ps(s4[3], kk4[3])));
            const __m512 sa = _mm512_set1_ps(-_mm512_reduce_add_ps(acc));
            const __m512 vi = _mm512_set1_ps(v[i]);
            __m512 out[4];
            for (int j = 0; j < 4; ++j) {
                __m512 st = _mm512_fmadd_ps(vi, k4[j], _mm512_fmadd_ps(sa, b4[j], _mm512_mul_ps(s4[j], w4[j])));
                _mm512_storeu_ps(Si + 16 * j, st);
                out[j] = _mm512_mul_ps(st, r4[j]);
            }
            y[i] = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(out[0], out[1]), _mm512_add_ps(out[2], out[3])));
        }
        return;
    }
    for (int i = 0; i < N; ++i) {
        float* Si = S + size_t(i) * N;
        __m512 acc = _mm512_setzero_ps();
        for (int j = 0; j < N; j += 16)
            acc = _mm512_fmadd_ps(_mm512_loadu_ps(Si + j), _mm512_loadu_ps(kk + j), acc);
        const __m512 sa = _mm512_set1_ps(-_mm512_reduce_add_ps(acc));
        const __m512 vi = _mm512_set1_ps(v[i]);
        __m512 out = _mm512_setzero_ps();
        for (int j = 0; j < N; j += 16) {
            __m512 s = _mm512_mul_ps(_mm512_loadu_ps(Si + j), _mm512_loadu_ps(w + j));
            s = _mm512_fmadd_ps(sa, _mm512_loadu_ps(b + j), s);
            s = _mm512_fmadd_ps(vi, _mm512_loadu_ps(k + j), s);
            _mm512_storeu_ps(Si + j, s);
            out = _mm512_fmadd_ps(s, _mm512_loadu_ps(r + j), out);
        }
        y[i] = _mm512_reduce_add_ps(out);
    }
}

// Prefill's form of the head update. The head's state is transposed once into key-major order
// (St row j = column j of S), so for every token sa = -Σ_j kk_j St_j and y = Σ_j r_j St_j are
// sums of whole vectors over the 64 values: the per-token kernel's two horizontal sums per row
// were most of its time. Four partial sums per vector keep the FMA chains short; the state is
// transposed back after the last token.
RWKV_AVX512 void wkv7HeadTokensAvx512(float* S, int N, int T, size_t stride, const float* r, const float* w,
                                      const float* k, const float* v, const float* kk, const float* b, float* y)
{
    if (N != 64) {
        for (int t = 0; t < T; ++t) {
            const size_t o = size_t(t) * stride, p = size_t(t) * size_t(N);
            wkv7HeadAvx512(S, N, r + o, w + o, k + o, v + o, kk + p, b + p, y + o);
        }
        return;
    }
    alignas(64) float St[64 * 64];
    transpose64(S, St);
    for (int t = 0; t < T; ++t) {
        const size_t o = size_t(t) * stride;
        const float *rt = r + o, *wt = w + o, *kt = k + o, *vt = v + o;
        const float *kkt = kk + size_t(t) * 64, *bt = b + size_t(t) * 64;
        __m512 part[4][4];
        for (int u = 0; u < 4; ++u)
            for (int q = 0; q < 4; ++q)
                part[u][q] = _mm512_setzero_ps();
        for (int j = 0; j < 64; j += 4)
            for (int u = 0; u < 4; ++u) {
                const __m512 c = _mm512_set1_ps(kkt[j + u]);
                for (int q = 0; q < 4; ++q)
                    part[u][q] = _mm512_fmadd_ps(_mm512_load_ps(St + size_t(j + u) * 64 + 16 * q), c, part[u][q]);
            }
        __m512 sa[4], vv[4];
        for (int q = 0; q < 4; ++q) {
            const __m512 sum = _mm512_add_ps(_mm512_add_ps(part[0][q], part[1][q]), _mm512_add_ps(part[2][q], part[3][q]));
            sa[q] = _mm512_sub_ps(_mm512_setzero_ps(), sum);
            vv[q] = _mm512_loadu_ps(vt + 16 * q);
        }
        for (int u = 0; u < 4; ++u)
            for (int q = 0; q < 4; ++q)
                part[u][q] = _mm512_setzero_ps();
        for (int j = 0; j < 64; j += 4)
            for (int u = 0; u < 4; ++u) {
                const __m512 wj = _mm512_set1_ps(wt[j + u]), bj = _mm512_set1_ps(bt[j + u]);
                const __m512 kj = _mm512_set1_ps(kt[j + u]), rj = _mm512_set1_ps(rt[j + u]);
                float* row = St + size_t(j + u) * 64;
                for (int q = 0; q < 4; ++q) {
                    const __m512 st = _mm512_fmadd_ps(vv[q], kj, _mm512_fmadd_ps(sa[q], bj, _mm512_mul_ps(_mm512_load_ps(row + 16 * q), wj)));
                    _mm512_store_ps(row + 16 * q, st);
                    part[u][q] = _mm512_fmadd_ps(st, rj, part[u][q]);
                }
            }
        for (int q = 0; q < 4; ++q)
            _mm512_storeu_ps(y + o + 16 * q,
                             _mm512_add_ps(_mm512_add_ps(part[0][q], part[1][q]), _mm512_add_ps(part[2][q], part[3][q])));
    }
    transpose64(St, S);
}

} // namespace rwkv::cpu

#endif
