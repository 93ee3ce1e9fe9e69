// The GPU matrix product in every weight format, with the subgroup and the shared-memory
// reduction, against float math on the CPU, with shapes that
// hit the edges (rows not a multiple of the 4-row tile, more outputs than one dispatch dimension
// holds, widths that force a wider format). Quantized formats must stay within the rounding bound
// of their scales: |y_q - y| <= Σ_i |x_i| · (scale of w_oi) / 2.
#include "vulkan_test_support.h"

#ifdef RWKV_HAVE_VULKAN
#include "vulkan/gpu_arena.h"
#include "vulkan/gpu_kernels.h"
#include "vulkan/weight_uploader.h"
#endif

#include <cmath>
#include <cstring>
#include <random>

using namespace rwkvtest;

class VulkanKernelsTest : public QObject {
    Q_OBJECT

    size_t validationBefore_ = 0;

private slots:
    void initTestCase() { enableVulkanValidation(); }
    void init() { validationBefore_ = rwkv::vulkan::validationErrors().size(); }
    void cleanup() { RWKV_VERIFY_NO_VALIDATION_ERRORS(validationBefore_); }

    void matmulMatchesCpuInEveryFormat_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("out");
        QTest::addColumn<int>("in");
        QTest::addColumn<int>("rows");
        QTest::addColumn<bool>("subgroups");
        const rwkv::GpuWeights formats[] = {rwkv::GpuWeights::F32, rwkv::GpuWeights::F16, rwkv::GpuWeights::Q8,
                                            rwkv::GpuWeights::Q4};
        for (bool subgroups : {true, false}) {
            for (rwkv::GpuWeights f : formats) {
                QString name = QString(rwkv::gpuWeightsName(f)) + (subgroups ? " subgroup" : " shared-memory");
                QTest::newRow(qPrintable(name + " 70x96 5 rows")) << int(f) << 70 << 96 << 5 << subgroups;
                QTest::newRow(qPrintable(name + " 33x30 1 row")) << int(f) << 33 << 30 << 1 << subgroups;
                QTest::newRow(qPrintable(name + " 3x320 64 rows")) << int(f) << 3 << 320 << 64 << subgroups;
            }
        }
        QTest::newRow("f16 70000x32 2 rows (two dispatch rows)")
            << int(rwkv::GpuWeights::F16) << 70000 << 32 << 2 << true;
    }

    void matmulMatchesCpuInEveryFormat()
    {
#ifndef RWKV_HAVE_VULKAN
        RWKV_REQUIRE_VULKAN();
#else
        RWKV_REQUIRE_VULKAN();
        using namespace rwkv::vulkan;
        QFETCH(int, format);
        QFETCH(int, out);
        QFETCH(int, in);
        QFETCH(int, rows);
        QFETCH(bool, subgroups);
        std::mt19937 rng(1234);
        std::normal_distribution<float> normal(0.0f, 1.0f);
        std::vector<float> values(size_t(out) * in);
        for (float& v : values)
            v = normal(rng) * 0.1f;
        const rwkv::Matrix w = rwkv::Matrix::fromFloats(out, in, values);
        std::vector<float> x(size_t(rows) * in);
        for (float& v : x)
            v = normal(rng);

        // Devices without subgroup arithmetic run the shared-memory reduction: force it here.
        if (!subgroups)
            qputenv("RWKV_VULKAN_NO_SUBGROUPS", "1");
        auto device = VulkanDevice::open(-1, true);
        qunsetenv("RWKV_VULKAN_NO_SUBGROUPS");
        QVERIFY(subgroups || !device->hasSubgroupArithmetic());
        std::vector<float> y(size_t(rows) * out);
        {
            GpuArena weights(*device, MemoryKind::Device);
            GpuArena host(*device, MemoryKind::Readback, VkDeviceSize(4) << 20);
            WeightUploader up(*device, weights, rwkv::GpuWeights(format));
            GpuMatrix m = up.matrix(w);
            up.finish();
            GpuRange xs = host.allocate(x.size() * sizeof(float));
            GpuRange ys = host.allocate(y.size() * sizeof(float));
            std::memcpy(xs.mapped, x.data(), x.size() * sizeof(float));
            GpuKernels kernels(*device);
            VkCommandBuffer cmd = device->allocateCommandBuffer();
            VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO, nullptr, 0, nullptr};
            QCOMPARE(vkBeginCommandBuffer(cmd, &begin), VK_SUCCESS);
            kernels.begin(cmd);
            kernels.matmul(m, xs.address, ys.address, rows);
            VkMemoryBarrier toHost{VK_STRUCTURE_TYPE_MEMORY_BARRIER, nullptr, VK_ACCESS_SHADER_WRITE_BIT,
                                   VK_ACCESS_HOST_READ_BIT};
            vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &toHost, 0,
                                 nullptr, 0, nullptr);
            QCOMPARE(vkEndCommandBuffer(cmd), VK_SUCCESS);
            device->submitAndWait({&cmd, 1});
            device->freeCommandBuffer(cmd);
            std::memcpy(y.data(), ys.mapped, y.size() * sizeof(float));
            // Formats a width cannot hold fall back to a wider one.
            if (in % 32 != 0)
                QVERIFY(m.format != rwkv::GpuWeights::Q4);
            if (in % 4 != 0)
                QVERIFY(m.format == rwkv::GpuWeights::F16 || m.format == rwkv::GpuWeights::F32);
            format = int(m.format);
        }

        // The rounding bound of each weight: half a step of its scale (f16: 2^-11 relative).
        auto weightError = [&](int o, int i) -> double {
            const float* row = w.f32Row(o);
            switch (rwkv::GpuWeights(format)) {
            case rwkv::GpuWeights::F32: return 0.0;
            case rwkv::GpuWeights::F16: return std::fabs(row[i]) / 2048.0;
            case rwkv::GpuWeights::Q8: {
                float m = 0;
                for (int j = 0; j < in; ++j)
                    m = std::max(m, std::fabs(row[j]));
                return m / 127.0 / 2.0;
            }
            case rwkv::GpuWeights::Q4: {
                float m = 0;
                for (int j = i / 32 * 32; j < i / 32 * 32 + 32; ++j)
                    m = std::max(m, std::fabs(row[j]));
                return m / 7.0 / 2.0;
            }
            }
            return 0.0;
        };
        double worstRatio = 0;
        for (int r = 0; r < rows; ++r)
            for (int o = 0; o < out; o += (out > 1000 ? 97 : 1)) {
                double exact = 0, bound = 0, magnitude = 0;
                for (int i = 0; i < in; ++i) {
                    double xv = x[size_t(r) * in + i];
                    exact += double(w.f32Row(o)[i]) * xv;
                    bound += std::fabs(xv) * weightError(o, i);
                    magnitude += std::fabs(double(w.f32Row(o)[i]) * xv);
                }
                bound += 1e-5 * magnitude + 1e-6; // float32 summation
                double err = std::fabs(double(y[size_t(r) * out + o]) - exact);
                worstRatio = std::max(worstRatio, err / bound);
                if (err > bound)
                    QFAIL(qPrintable(QString("row %1 out %2: %3 vs %4 (bound %5)")
                                         .arg(r).arg(o).arg(y[size_t(r) * out + o]).arg(exact).arg(bound)));
            }
        qInfo("worst error / bound: %.3f", worstRatio);
#endif
    }
};

QTEST_GUILESS_MAIN(VulkanKernelsTest)
#include "tst_vulkan_kernels.moc"
