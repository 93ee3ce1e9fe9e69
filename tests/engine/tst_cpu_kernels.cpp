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
    void cleanup() { cpu::selectKernels("avx2") || cpu::selectKernels("scalar"); }

    void matmulMatchesReference_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<int>("tokens");
        for (const char* table : {"scalar", "avx2"})
            for (int f = 0; f <= int(WeightFormat::Q4); ++f)
                for (auto [rows, cols] : {std::pair{37, 96}, std::pair{64, 256}, std::pair{5, 45}})
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
        QVERIFY2(maxError(m, x, tokens, y) < 1e-4, qPrintable(QString::number(maxError(m, x, tokens, y))));
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

    void simdAndScalarTablesAgree()
    {
        if (!cpu::avx2Kernels() || !cpu::selectKernels("avx2"))
            QSKIP("no AVX2 on this processor");
        std::vector<float> w = randomValues(48 * 320, 4), x = randomValues(9 * 320, 5);
        for (int f = 0; f <= int(WeightFormat::Q4); ++f) {
            Matrix m = Matrix::encode(48, 320, w.data(), WeightFormat(f));
            for (int T : {1, 9}) {
                std::vector<float> a(size_t(T) * 48), b(size_t(T) * 48);
                QVERIFY(cpu::selectKernels("avx2"));
                cpu::matmul(m, x.data(), T, a.data());
                QVERIFY(cpu::selectKernels("scalar"));
                cpu::matmul(m, x.data(), T, b.data());
                for (size_t i = 0; i < a.size(); ++i)
                    QVERIFY(std::abs(a[i] - b[i]) <= 1e-4f * (1.0f + std::abs(b[i])));
            }
        }
    }
};

QTEST_GUILESS_MAIN(CpuKernelsTest)
#include "tst_cpu_kernels.moc"
