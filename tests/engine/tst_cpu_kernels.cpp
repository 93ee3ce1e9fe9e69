// Every weight format and kernel table computes W·X like a float64 reference on the same
// (dequantized) weights, for one token (decode) and many (prefill), odd sizes included; the SIMD
// table and the scalar table agree.
#include "cpu/kernels.h"
#include "cpu/ops.h"
#include "cpu/weight_matrix.h"

#include <QtTest>

#include <random>

using namespace rwkv;

class CpuKernelsTest : public QObject {
    Q_OBJECT

    static std::vector<float> randomValues(size_t n, uint32_t seed)
    {
        std::mt19937 rng(seed);
        std::vector<float> v(n);
        for (float& x : v)
            x = float(int(rng() % 20001) - 10000) / 10000.0f;
        return v;
    }

    static double maxError(const Matrix& m, const std::vector<float>& x, int T, const std::vector<float>& y)
    {
        std::vector<float> w = m.toFloats();
        double worst = 0;
        for (int t = 0; t < T; ++t)
            for (int o = 0; o < m.rows; ++o) {
                double ref = 0;
                for (int i = 0; i < m.cols; ++i)
                    ref += double(w[size_t(o) * m.cols + i]) * x[size_t(t) * m.cols + i];
                worst = std::max(worst, std::abs(ref - double(y[size_t(t) * m.rows + o])));
            }
        return worst;
    }

private slots:
    void cleanup() { QVERIFY(cpu::selectKernels("auto")); }

    void matmulMatchesReference_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<int>("tokens");
        for (const char* table : {"scalar", "avx2", "avx512", "neon"})
            for (int f = 0; f <= int(WeightFormat::Q4); ++f)
                // 9x2100 and 3x1100 have rows long enough for the paired-row decoding path of the
                // float formats (over 4 KB), an odd last row and tails of every width.
                for (auto [rows, cols] : {std::pair{37, 96}, std::pair{64, 256}, std::pair{5, 45}, std::pair{9, 2100},
                                          std::pair{3, 1100}, std::pair{7, 2080}})
                    for (int T : {1, 2, 3, 7, 40})
                        QTest::newRow(qPrintable(QString("%1 %2 %3x%4 T=%5").arg(table).arg(weightFormatName(WeightFormat(f)))
                                                      .arg(rows).arg(cols).arg(T)))
                            << QString(table) << f << rows << cols << T;
    }

    void matmulMatchesReference()
    {
        QFETCH(QString, table);
        QFETCH(int, format);
        QFETCH(int, rows);
        QFETCH(int, cols);
        QFETCH(int, tokens);
        if (!cpu::selectKernels(qPrintable(table)))
            QSKIP("this processor cannot run the table");
        std::vector<float> w = randomValues(size_t(rows) * cols, 1);
        std::vector<float> x = randomValues(size_t(tokens) * cols, 2);
        Matrix m = Matrix::encode(rows, cols, w.data(), WeightFormat(format));
        if (cols % 32 != 0 && (format == int(WeightFormat::Q8) || format == int(WeightFormat::Q4)))
            QCOMPARE(m.format, WeightFormat::BF16); // falls back to an exact format
        else
            QCOMPARE(int(m.format), format);
        std::vector<float> y(size_t(tokens) * rows, -99.0f);
        cpu::matmul(m, x.data(), tokens, y.data());
        std::vector<float> xRef = x;
        const bool quantized = m.format == WeightFormat::Q8 || m.format == WeightFormat::Q4;
        if (quantized && (tokens <= 2 || cpu::kernels().gemmQuantized)) {
            // Decode (and prefill where the table multiplies in integers) quantizes the input
            // too: exact against the dequantized input, and close to the float input.
            QVERIFY(maxError(m, x, tokens, y) < 0.01 * std::sqrt(double(cols)));
            for (int t = 0; t < tokens; ++t) {
                std::vector<int8_t> q(static_cast<size_t>(cols));
                std::vector<float> s(static_cast<size_t>(cols / 32));
                cpu::quantizeInput(x.data() + size_t(t) * cols, cols, q.data(), s.data());
                for (int i = 0; i < cols; ++i)
                    xRef[size_t(t) * cols + i] = float(q[size_t(i)]) * s[size_t(i / 32)];
            }
        }
        QVERIFY2(maxError(m, xRef, tokens, y) < 1e-4, qPrintable(QString::number(maxError(m, xRef, tokens, y))));
    }

    void quantizationErrorIsBounded()
    {
        std::vector<float> w = randomValues(64 * 256, 3);
        for (auto [format, bound] : {std::pair{WeightFormat::F16, 1e-3}, std::pair{WeightFormat::BF16, 4e-3},
                                     std::pair{WeightFormat::Q8, 5e-3}, std::pair{WeightFormat::Q4, 0.08}}) {
            Matrix m = Matrix::encode(64, 256, w.data(), format);
            std::vector<float> back = m.toFloats();
            double worst = 0;
            for (size_t i = 0; i < w.size(); ++i)
                worst = std::max(worst, double(std::abs(back[i] - w[i])));
            QVERIFY2(worst <= bound, qPrintable(QString("%1: %2").arg(weightFormatName(format)).arg(worst)));
            QVERIFY(worst > 0 || format == WeightFormat::F32);
        }
        QCOMPARE(Matrix::encode(64, 256, w.data(), WeightFormat::Q8).bytes(), size_t(64 * 256 + 64 * 8 * 4));
        QCOMPARE(Matrix::encode(64, 256, w.data(), WeightFormat::Q4).bytes(), size_t(64 * 128 + 64 * 8 * 4));
    }

    void simdAndScalarTablesAgree_data()
    {
        QTest::addColumn<QString>("table");
        QTest::newRow("avx2") << QString("avx2");
        QTest::newRow("avx512") << QString("avx512");
        QTest::newRow("neon") << QString("neon");
    }

    void simdAndScalarTablesAgree()
    {
        QFETCH(QString, table);
        if (!cpu::selectKernels(qPrintable(table)))
            QSKIP("this processor cannot run the table");
        std::vector<float> w = randomValues(48 * 320, 4), x = randomValues(9 * 320, 5);
        for (int f = 0; f <= int(WeightFormat::Q4); ++f) {
            Matrix m = Matrix::encode(48, 320, w.data(), WeightFormat(f));
            for (int T : {1, 9}) {
                std::vector<float> a(size_t(T) * 48), b(size_t(T) * 48);
                QVERIFY(cpu::selectKernels(qPrintable(table)));
                cpu::matmul(m, x.data(), T, a.data());
                const bool integerPrefill = cpu::kernels().gemmQuantized && (f == int(WeightFormat::Q8) || f == int(WeightFormat::Q4));
                QVERIFY(cpu::selectKernels("scalar"));
                if (integerPrefill) // the same quantized inputs as the scalar table's decoding
                    for (int t = 0; t < T; ++t)
                        cpu::matmul(m, x.data() + size_t(t) * 320, 1, b.data() + size_t(t) * 48);
                else
                    cpu::matmul(m, x.data(), T, b.data());
                for (size_t i = 0; i < a.size(); ++i)
                    QVERIFY(std::abs(a[i] - b[i]) <= 1e-4f * (1.0f + std::abs(b[i])));
                QVERIFY(a != std::vector<float>(a.size(), 0.0f));
            }
        }
    }

    // exp, sigmoid and tanh of every table against the C library over the range a model meets,
    // odd lengths included (the SIMD tails), and exp's underflow to exactly 0.
    void elementwiseMatchesTheLibrary_data()
    {
        QTest::addColumn<QString>("table");
        for (const char* table : {"scalar", "avx2", "avx512", "neon"})
            QTest::newRow(table) << QString(table);
    }

    void elementwiseMatchesTheLibrary()
    {
        QFETCH(QString, table);
        if (!cpu::selectKernels(qPrintable(table)))
            QSKIP("this processor cannot run the table");
        const cpu::KernelTable& k = cpu::kernels();
        for (size_t n : {size_t(1), size_t(7), size_t(37), size_t(1000)}) {
            std::vector<float> x(n);
            for (size_t i = 0; i < n; ++i)
                x[i] = -30.0f + 60.0f * float(i) / float(n);
            std::vector<float> e = x, s = x, t = x;
            k.exp(e.data(), n);
            k.sigmoid(s.data(), n);
            k.tanh(t.data(), n);
            for (size_t i = 0; i < n; ++i) {
                double xe = std::exp(double(x[i])), xs = 1.0 / (1.0 + std::exp(-double(x[i]))), xt = std::tanh(double(x[i]));
                QVERIFY2(std::abs(e[i] - xe) <= 4e-7 * xe, qPrintable(QString("exp(%1) = %2").arg(x[i]).arg(e[i])));
                QVERIFY2(std::abs(s[i] - xs) <= 1e-6 * xs + 1e-30, qPrintable(QString("sigmoid(%1) = %2").arg(x[i]).arg(s[i])));
                QVERIFY2(std::abs(t[i] - xt) <= 5e-7, qPrintable(QString("tanh(%1) = %2").arg(x[i]).arg(t[i])));
            }
        }
        std::vector<float> tiny = {-100.0f, -1e30f, 0.0f, 88.0f};
        k.exp(tiny.data(), tiny.size());
        QCOMPARE(tiny[0], 0.0f);
        QCOMPARE(tiny[1], 0.0f);
        QCOMPARE(tiny[2], 1.0f);
        QVERIFY(std::abs(tiny[3] / std::exp(88.0) - 1.0) < 1e-6);
    }

    // The WKV-7 head update of every table against a float64 evaluation of the same formula, for
    // head sizes the SIMD code covers (64) and one it hands to the scalar code (24).
    void wkv7HeadMatchesTheFormula_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<int>("N");
        for (const char* table : {"scalar", "avx2", "avx512", "neon"})
            for (int N : {64, 24})
                QTest::newRow(qPrintable(QString("%1 N=%2").arg(table).arg(N))) << QString(table) << N;
    }

    void wkv7HeadMatchesTheFormula()
    {
        QFETCH(QString, table);
        QFETCH(int, N);
        if (!cpu::selectKernels(qPrintable(table)))
            QSKIP("this processor cannot run the table");
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
        std::vector<float> y(static_cast<size_t>(N), -99.0f);
        cpu::kernels().wkv7Head(S.data(), N, r.data(), w.data(), k.data(), v.data(), kk.data(), b.data(), y.data());
        for (size_t i = 0; i < S.size(); ++i)
            QVERIFY(std::abs(S[i] - Sref[i]) <= 1e-4);
        for (int i = 0; i < N; ++i)
            QVERIFY(std::abs(y[size_t(i)] - yref[size_t(i)]) <= 1e-3);
    }

    // Prefill's many-token head update against the one-token scalar kernel run token by token:
    // heads interleaved in the token rows (stride 3N), a state that carries across the tokens,
    // and a head size other than 64 (the fallback inside the table).
    void wkv7HeadTokensMatchesTokenByToken_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<int>("N");
        for (const char* table : {"scalar", "avx2", "avx512", "neon"})
            for (int N : {64, 24})
                QTest::newRow(qPrintable(QString("%1 N=%2").arg(table).arg(N))) << QString(table) << N;
    }

    void wkv7HeadTokensMatchesTokenByToken()
    {
        QFETCH(QString, table);
        QFETCH(int, N);
        if (!cpu::selectKernels(qPrintable(table)))
            QSKIP("this processor cannot run the table");
        if (!cpu::kernels().wkv7HeadTokens)
            QSKIP("the table runs prefill's head update token by token");
        constexpr int T = 9;
        const size_t stride = size_t(3 * N);
        std::vector<float> S = randomValues(size_t(N) * N, 20), r = randomValues(T * stride, 21), k = randomValues(T * stride, 22),
                           v = randomValues(T * stride, 23), kk = randomValues(size_t(T) * N, 24), b = randomValues(size_t(T) * N, 25),
                           w = randomValues(T * stride, 26);
        for (float& d : w)
            d = 0.5f + 0.5f * std::abs(d);
        for (float& d : b)
            d *= 0.1f; // keeps the state bounded over the tokens, as a trained model's a and kk do
        std::vector<float> Sref = S, yref(T * stride, 0.0f), y(T * stride, -99.0f);
        for (int t = 0; t < T; ++t) {
            const size_t o = size_t(t) * stride, p = size_t(t) * N;
            cpu::wkv7HeadScalar(Sref.data(), N, r.data() + o, w.data() + o, k.data() + o, v.data() + o, kk.data() + p,
                                b.data() + p, yref.data() + o);
        }
        cpu::kernels().wkv7HeadTokens(S.data(), N, T, stride, r.data(), w.data(), k.data(), v.data(), kk.data(), b.data(),
                                      y.data());
        for (size_t i = 0; i < S.size(); ++i)
            QVERIFY2(std::abs(S[i] - Sref[i]) <= 1e-4f * std::max(1.0f, std::abs(Sref[i])), qPrintable(QString::number(i)));
        for (int t = 0; t < T; ++t)
            for (int i = 0; i < N; ++i) {
                const size_t at = size_t(t) * stride + size_t(i);
                QVERIFY2(std::abs(y[at] - yref[at]) <= 1e-3f * std::max(1.0f, std::abs(yref[at])),
                         qPrintable(QString("t=%1 i=%2: %3 vs %4").arg(t).arg(i).arg(y[at]).arg(yref[at])));
            }
        // Only the head's own columns of each token row are written.
        QCOMPARE(y[size_t(N)], -99.0f);
    }
};

QTEST_GUILESS_MAIN(CpuKernelsTest)
#include "tst_cpu_kernels.moc"
