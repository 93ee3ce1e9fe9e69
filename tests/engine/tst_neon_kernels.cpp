// The NEON kernel table on emulated ARM processors: the AArch64 build of the engine's cpu code and
// its self-checking driver (tests/engine/neon) runs under qemu-aarch64, once on a processor with
// the dot-product instructions and once on one without (the widening-multiply fallback), and
// agrees with the scalar table and float64 references. Skipped when the cross compiler or qemu is
// missing, except on CI (CI=true), where that is a failure.
#include <QFileInfo>
#include <QProcess>
#include <QtTest>

#ifndef RWKV_NEON_CHECK
#define RWKV_NEON_CHECK ""
#endif
#ifndef RWKV_QEMU_AARCH64
#define RWKV_QEMU_AARCH64 ""
#endif

class NeonKernelsTest : public QObject {
    Q_OBJECT

    // What is missing to run the check, in words a developer can act on; empty when nothing is.
    static QString missingTool()
    {
        const QString binary = QStringLiteral(RWKV_NEON_CHECK), qemu = QStringLiteral(RWKV_QEMU_AARCH64);
        if (binary.isEmpty())
            return "the AArch64 cross compiler (apt-get install g++-aarch64-linux-gnu, then reconfigure)";
        if (!QFileInfo(binary).isExecutable())
            return binary + " (build the neon_kernels_check_aarch64 target)";
        if (qemu.isEmpty() || !QFileInfo(qemu).isExecutable())
            return "qemu-aarch64 (apt-get install qemu-user, then reconfigure)";
        return {};
    }

private slots:
    void neonTableAgreesWithScalarUnderQemu_data()
    {
        QTest::addColumn<QString>("cpu");
        QTest::addColumn<bool>("dotProduct");
        QTest::newRow("max (sdot)") << QString("max") << true;
        QTest::newRow("cortex-a53 (no sdot)") << QString("cortex-a53") << false;
    }

    void neonTableAgreesWithScalarUnderQemu()
    {
        QFETCH(QString, cpu);
        QFETCH(bool, dotProduct);
        const QString missing = missingTool();
        if (!missing.isEmpty()) {
            if (qEnvironmentVariable("CI") == "true")
                QFAIL(qPrintable("CI must run the NEON check but lacks " + missing));
            QSKIP(qPrintable("the NEON check needs " + missing));
        }
        QProcess run;
        run.start(QStringLiteral(RWKV_QEMU_AARCH64), {"-cpu", cpu, QStringLiteral(RWKV_NEON_CHECK)});
        QVERIFY2(run.waitForStarted(10000), qPrintable(run.errorString()));
        if (!run.waitForFinished(180000)) {
            run.kill();
            run.waitForFinished(5000);
            QFAIL("the NEON check did not finish within 3 minutes under qemu");
        }
        const QString out = QString::fromUtf8(run.readAllStandardOutput());
        const QString err = QString::fromUtf8(run.readAllStandardError());
        qInfo().noquote() << "qemu-aarch64 -cpu" << cpu << ":\n" << out.trimmed();
        QVERIFY2(run.exitStatus() == QProcess::NormalExit, qPrintable("the NEON check crashed:\n" + out + err));
        QVERIFY2(run.exitCode() == 0, qPrintable(QString("exit code %1:\n").arg(run.exitCode()) + out + err));
        QVERIFY2(out.contains(dotProduct ? "dotprod: yes" : "dotprod: no"),
                 qPrintable("the emulated processor did not select the expected int8/q4 path:\n" + out));
        QVERIFY2(out.contains("matmul: 100 cases over f32, f16, bf16, int8, q4"), qPrintable(out));
        QVERIFY2(out.contains("neon kernels agree"), qPrintable(out + err));
        QVERIFY2(!err.contains("MISMATCH"), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(NeonKernelsTest)
#include "tst_neon_kernels.moc"
