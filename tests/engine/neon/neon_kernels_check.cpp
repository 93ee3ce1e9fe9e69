// Self-checking driver for the NEON kernel table, cross-compiled for AArch64 and run under
// qemu by tst_neon_kernels (no Qt here: only the engine's cpu and core sources are built for
// the target). It compares the neon table with the scalar table and with float64 evaluations for
// every weight format, odd sizes, one token and many, the element-wise functions and the WKV-7
// head; it prints what it checked and exits 1 with the first mismatches on any disagreement.
#include "cpu/kernels.h"
#include "cpu/ops.h"
#include "cpu/weight_matrix.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace rwkv;

namespace {

int g_failures = 0;
int g_checks = 0;

void check(bool ok, const std::string& what)
{
    ++g_checks;
    if (ok)
        return;
    if (++g_failures <= 20)
        std::fprintf(stderr, "MISMATCH: %s\n", what.c_str());
}

std::vector<float> randomValues(size_t n, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::vector<float> v(n);
    for (float& x : v)
        x = float(int(rng() % 20001) - 10000) / 10000.0f;
    return v;
}

bool isQuantized(WeightFormat f)
{
    return f == WeightFormat::Q8 || f == WeightFormat::Q4;
}

// x as the int8/q4 decoding path sees it: quantized per group of 32, then scaled back.
std::vector<float> quantizedInput(const float* x, int cols)
{
    std::vector<int8_t> q(static_cast<size_t>(cols));
    std::vector<float> s(static_cast<size_t>(cols / kQuantGroup)), back(static_cast<size_t>(cols));
    cpu::quantizeInput(x, cols, q.data(), s.data());
    for (int i = 0; i < cols; ++i)
        back[size_t(i)] = float(q[size_t(i)]) * s[size_t(i / kQuantGroup)];
    return back;
}

double referenceDot(const float* w, const float* x, int n)
{
    double s = 0;
    for (int i = 0; i < n; ++i)
        s += double(w[i]) * double(x[i]);
    return s;
}

std::string caseName(const Matrix& m, int T)
{
    return std::string(weightFormatName(m.format)) + " " + std::to_string(m.rows) + "x" + std::to_string(m.cols) +
           " T=" + std::to_string(T);
}

// cpu::matmul with the neon table (decode and prefill paths) against float64 on the same
// dequantized weights, and against the scalar table.
void checkMatmul(const Matrix& m, const std::vector<float>& x, int T)
{
    const int rows = m.rows, cols = m.cols;
    std::vector<float> neon(size_t(T) * rows, -99.0f), scalar(size_t(T) * rows, -99.0f);
    cpu::selectKernels("neon");
    cpu::matmul(m, x.data(), T, neon.data());
    cpu::selectKernels("scalar");
    cpu::matmul(m, x.data(), T, scalar.data());
    const std::vector<float> w = m.toFloats();
    // Decoding int8/q4 quantizes the input; prefill (no integer products here) does not.
    const bool quantizedInputs = isQuantized(m.format) && T <= 2;
    double worstRef = 0, worstScalar = 0;
    for (int t = 0; t < T; ++t) {
        const float* xt = x.data() + size_t(t) * cols;
        std::vector<float> xs = quantizedInputs ? quantizedInput(xt, cols) : std::vector<float>(xt, xt + cols);
        for (int o = 0; o < rows; ++o) {
            const double ref = referenceDot(w.data() + size_t(o) * cols, xs.data(), cols);
            const float a = neon[size_t(t) * rows + o], b = scalar[size_t(t) * rows + o];
            worstRef = std::max(worstRef, std::abs(ref - double(a)));
            worstScalar = std::max(worstScalar, double(std::abs(a - b)) / (1.0 + std::abs(b)));
        }
    }
    check(worstRef < 1e-4, "matmul " + caseName(m, T) + ": off the float64 reference by " + std::to_string(worstRef));
    check(worstScalar <= 1e-5, "matmul " + caseName(m, T) + ": off the scalar table by " + std::to_string(worstScalar));
}

// gemv over a row range that starts inside the matrix, and expandRows, against the scalar table.
void checkRowRanges(const Matrix& m, const std::vector<float>& x)
{
    const cpu::KernelTable& neon = *cpu::neonKernels();
    const cpu::KernelTable& scalar = cpu::scalarKernels();
    const int begin = std::min(3, m.rows - 1), end = std::max(begin + 1, m.rows - 2);
    cpu::PreparedInput pn, ps;
    neon.prepare(m, x.data(), pn);
    scalar.prepare(m, x.data(), ps);
    std::vector<float> a(size_t(end - begin) + 1, -7.0f), b(size_t(end - begin) + 1, -7.0f);
    neon.gemv(m, pn, a.data(), begin, end);
    scalar.gemv(m, ps, b.data(), begin, end);
    bool close = a.back() == -7.0f; // nothing written past the range
    for (int i = 0; i < end - begin; ++i)
        close = close && std::abs(a[size_t(i)] - b[size_t(i)]) <= 1e-5f * (1.0f + std::abs(b[size_t(i)]));
    check(close, "gemv rows [" + std::to_string(begin) + ", " + std::to_string(end) + ") " + caseName(m, 1));

    const int n = end - begin;
    std::vector<float> ea(size_t(n) * m.cols), eb(size_t(n) * m.cols);
    neon.expandRows(m, begin, n, ea.data());
    scalar.expandRows(m, begin, n, eb.data());
    // Every conversion is exact, so the expansions are bit for bit the same.
    check(std::memcmp(ea.data(), eb.data(), ea.size() * sizeof(float)) == 0, "expandRows " + caseName(m, 1));
}

// The float gemm tile and its edges (rows, tokens and K not multiples of 4; ldy wider than n).
void checkGemm()
{
    for (int n : {1, 4, 7, 9})
        for (int K : {3, 16, 45})
            for (int T : {1, 3, 4, 6, 9}) {
                const int ldy = n + 5;
                std::vector<float> w = randomValues(size_t(n) * K, 20), x = randomValues(size_t(T) * K, 21);
                std::vector<float> y(size_t(T) * ldy, -7.0f);
                cpu::neonKernels()->gemm(w.data(), n, x.data(), T, K, y.data(), ldy);
                double worst = 0;
                bool paddingUntouched = true;
                for (int t = 0; t < T; ++t) {
                    for (int r = 0; r < n; ++r) {
                        double ref = referenceDot(w.data() + size_t(r) * K, x.data() + size_t(t) * K, K);
                        worst = std::max(worst, std::abs(ref - double(y[size_t(t) * ldy + r])));
                    }
                    for (int r = n; r < ldy; ++r)
                        paddingUntouched = paddingUntouched && y[size_t(t) * ldy + r] == -7.0f;
                }
                const std::string name = "gemm n=" + std::to_string(n) + " K=" + std::to_string(K) + " T=" + std::to_string(T);
                check(worst < 1e-5, name + ": off by " + std::to_string(worst));
                check(paddingUntouched, name + ": wrote outside its rows");
            }
}

// Units in the last place between a float result and the float nearest the exact value.
double ulps(float got, double exact)
{
    const float nearest = float(exact);
    const float ulp = std::nextafter(std::abs(nearest), INFINITY) - std::abs(nearest);
    return std::abs(double(got) - double(nearest)) / double(ulp);
}

std::string valueAt(const char* function, float x, float value)
{
    char text[96];
    std::snprintf(text, sizeof text, "%s(%.9g) = %.9g", function, double(x), double(value));
    return text;
}

void checkElementwise()
{
    const cpu::KernelTable& k = *cpu::neonKernels();
    double worstExpUlps = 0;
    for (size_t n : {size_t(1), size_t(3), size_t(7), size_t(37), size_t(1000)}) {
        std::vector<float> x(n);
        for (size_t i = 0; i < n; ++i)
            x[i] = -30.0f + 60.0f * float(i) / float(n);
        std::vector<float> e = x, s = x, t = x;
        k.exp(e.data(), n);
        k.sigmoid(s.data(), n);
        k.tanh(t.data(), n);
        for (size_t i = 0; i < n; ++i) {
            const double xe = std::exp(double(x[i])), xs = 1.0 / (1.0 + std::exp(-double(x[i]))), xt = std::tanh(double(x[i]));
            check(std::abs(e[i] - xe) <= 4e-7 * xe, valueAt("exp", x[i], e[i]));
            check(std::abs(s[i] - xs) <= 1e-6 * xs + 1e-30, valueAt("sigmoid", x[i], s[i]));
            check(std::abs(t[i] - xt) <= 5e-7, valueAt("tanh", x[i], t[i]));
        }
    }
    // exp over its whole normal range, in ulps.
    std::vector<float> x;
    for (float v = -87.0f; v <= 88.0f; v += 0.0137f)
        x.push_back(v);
    std::vector<float> e = x;
    k.exp(e.data(), e.size());
    for (size_t i = 0; i < x.size(); ++i)
        worstExpUlps = std::max(worstExpUlps, ulps(e[i], std::exp(double(x[i]))));
    check(worstExpUlps <= 2.0, "exp is off by " + std::to_string(worstExpUlps) + " ulp");
    std::printf("exp: within %.2f ulp over [-87, 88]\n", worstExpUlps);

    std::vector<float> edges = {-100.0f, -1e30f, -87.4f, 0.0f, 88.0f};
    k.exp(edges.data(), edges.size());
    check(edges[0] == 0.0f && edges[1] == 0.0f && edges[2] == 0.0f, "exp below -87.3 is not 0");
    check(edges[3] == 1.0f, "exp(0) = " + std::to_string(edges[3]));
    check(std::abs(edges[4] / std::exp(88.0) - 1.0) < 1e-6, "exp(88) = " + std::to_string(edges[4]));
}

// The WKV-7 head update against float64 and the scalar table, for head sizes the vector code
// covers (64, 16) and one it hands to the scalar code (20, not a multiple of 8).
void checkWkv7Head()
{
    for (int N : {64, 16, 20}) {
        std::vector<float> S = randomValues(size_t(N) * N, 6), r = randomValues(size_t(N), 7), k = randomValues(size_t(N), 8),
                           v = randomValues(size_t(N), 9), kk = randomValues(size_t(N), 10), b = randomValues(size_t(N), 11),
                           w = randomValues(size_t(N), 12);
        for (float& d : w)
            d = 0.5f + 0.5f * std::abs(d);
        std::vector<double> Sref(S.begin(), S.end()), yref(static_cast<size_t>(N));
        for (int i = 0; i < N; ++i) {
            double sa = 0;
            for (int j = 0; j < N; ++j)
                sa -= Sref[size_t(i) * N + j] * kk[size_t(j)];
            double y = 0;
            for (int j = 0; j < N; ++j) {
                double& s = Sref[size_t(i) * N + j];
                s = s * w[size_t(j)] + sa * b[size_t(j)] + double(v[size_t(i)]) * k[size_t(j)];
                y += s * r[size_t(j)];
            }
            yref[size_t(i)] = y;
        }
        std::vector<float> Sn = S, Ss = S, yn(static_cast<size_t>(N), -99.0f), ys(static_cast<size_t>(N), -99.0f);
        cpu::neonKernels()->wkv7Head(Sn.data(), N, r.data(), w.data(), k.data(), v.data(), kk.data(), b.data(), yn.data());
        cpu::scalarKernels().wkv7Head(Ss.data(), N, r.data(), w.data(), k.data(), v.data(), kk.data(), b.data(), ys.data());
        double worstS = 0, worstY = 0, worstScalar = 0;
        for (size_t i = 0; i < S.size(); ++i) {
            worstS = std::max(worstS, std::abs(double(Sn[i]) - Sref[i]));
            worstScalar = std::max(worstScalar, double(std::abs(Sn[i] - Ss[i])));
        }
        for (size_t i = 0; i < size_t(N); ++i) {
            worstY = std::max(worstY, std::abs(double(yn[i]) - yref[i]));
            worstScalar = std::max(worstScalar, double(std::abs(yn[i] - ys[i])));
        }
        const std::string name = "wkv7Head N=" + std::to_string(N);
        check(worstS <= 1e-4, name + ": state off by " + std::to_string(worstS));
        check(worstY <= 1e-3, name + ": output off by " + std::to_string(worstY));
        check(worstScalar <= 1e-4, name + ": off the scalar table by " + std::to_string(worstScalar));
    }
}

} // namespace

int main()
{
    if (!cpu::neonKernels() || !cpu::selectKernels("neon")) {
        std::fprintf(stderr, "MISMATCH: the neon table is not available on this build\n");
        return 1;
    }
    std::printf("dotprod: %s\n", cpu::neonHasDotProd() ? "yes" : "no");
    cpu::selectKernels("auto");
    check(std::strcmp(cpu::kernels().name, "neon") == 0, std::string("\"auto\" picks ") + cpu::kernels().name);

    int cases = 0;
    for (int f = 0; f <= int(WeightFormat::Q4); ++f)
        for (auto [rows, cols] : {std::pair{37, 96}, std::pair{64, 256}, std::pair{5, 45}, std::pair{19, 160}}) {
            const std::vector<float> w = randomValues(size_t(rows) * cols, 1 + uint32_t(f));
            const Matrix m = Matrix::encode(rows, cols, w.data(), WeightFormat(f));
            for (int T : {1, 2, 3, 5, 9}) {
                checkMatmul(m, randomValues(size_t(T) * cols, 2 + uint32_t(T)), T);
                ++cases;
            }
            checkRowRanges(m, randomValues(size_t(cols), 99));
        }
    std::printf("matmul: %d cases over f32, f16, bf16, int8, q4\n", cases);
    checkGemm();
    checkElementwise();
    checkWkv7Head();

    if (g_failures > 0) {
        std::fprintf(stderr, "%d of %d checks failed\n", g_failures, g_checks);
        return 1;
    }
    std::printf("neon kernels agree: %d checks\n", g_checks);
    return 0;
}
