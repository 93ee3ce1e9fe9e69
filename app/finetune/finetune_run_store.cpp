#include "app/finetune/finetune_run_store.h"

#include "app/store/store_connection.h"
#include "app/store/store_values.h"

#include <QJsonArray>

using namespace StoreValues;

namespace {

const char* const kStatusNames[] = {"running", "paused", "finished", "cancelled", "failed"};

FinetuneRun::Status statusFrom(const QString& name)
{
    for (int i = 0; i < 5; ++i)
        if (name == QLatin1String(kStatusNames[i]))
            return FinetuneRun::Status(i);
    return FinetuneRun::Status::Failed;
}

QString arrayText(const QJsonArray& a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

QJsonArray arrayFrom(const QVariant& v)
{
    const QJsonDocument doc = QJsonDocument::fromJson(v.toString().toUtf8());
    return doc.isArray() ? doc.array() : QJsonArray();
}

QString curveText(const QList<LossPoint>& curve)
{
    QJsonArray a;
    for (const LossPoint& p : curve)
        a.append(QJsonArray{p.step, p.loss, p.validationLoss ? QJsonValue(*p.validationLoss) : QJsonValue()});
    return arrayText(a);
}

QList<LossPoint> curveFrom(const QVariant& v)
{
    QList<LossPoint> curve;
    for (const QJsonValue& e : arrayFrom(v)) {
        const QJsonArray p = e.toArray();
        LossPoint point{p.at(0).toInt(), p.at(1).toDouble(), std::nullopt};
        if (p.at(2).isDouble())
            point.validationLoss = p.at(2).toDouble();
        curve.push_back(point);
    }
    return curve;
}

StoreError noRun(qint64 id)
{
    return StoreError(StoreError::Code::NotFound, QStringLiteral("Fine-tuning run %1 does not exist any more.").arg(id));
}

const QString kColumns = QStringLiteral("id, title, created_at, updated_at, base_model, data_json, settings_json, status, "
                                        "steps_done, total_steps, run_dir, outputs_json, curve_json, error");

FinetuneRun runFrom(const QSqlQuery& q)
{
    FinetuneRun r;
    r.id = q.value(0).toLongLong();
    r.title = q.value(1).toString();
    r.created = timeFromMs(q.value(2));
    r.updated = timeFromMs(q.value(3));
    r.baseModel = q.value(4).toString();
    for (const QJsonValue& d : arrayFrom(q.value(5)))
        r.data << d.toString();
    r.settings = jsonObjectFrom(q.value(6));
    r.status = statusFrom(q.value(7).toString());
    r.stepsDone = q.value(8).toInt();
    r.totalSteps = q.value(9).toInt();
    r.runDir = q.value(10).toString();
    for (const QJsonValue& o : arrayFrom(q.value(11)))
        r.outputs << o.toString();
    r.curve = curveFrom(q.value(12));
    r.error = q.value(13).toString();
    return r;
}

} // namespace

QString FinetuneRun::statusName(Status s)
{
    return QLatin1String(kStatusNames[int(s)]);
}

FinetuneRunStore::FinetuneRunStore(std::unique_ptr<StoreConnection> db) : db_(std::move(db)) {}
FinetuneRunStore::FinetuneRunStore(FinetuneRunStore&&) noexcept = default;
FinetuneRunStore& FinetuneRunStore::operator=(FinetuneRunStore&&) noexcept = default;
FinetuneRunStore::~FinetuneRunStore() = default;

Result<FinetuneRunStore> FinetuneRunStore::open(const QString& path)
{
    auto connection = StoreConnection::open(path);
    if (!connection.ok())
        return connection.error();
    return FinetuneRunStore(std::move(connection).value());
}

Result<qint64> FinetuneRunStore::save(const FinetuneRun& run)
{
    const QVariantList values{run.title,
                              run.baseModel,
                              arrayText(QJsonArray::fromStringList(run.data)),
                              jsonText(run.settings),
                              FinetuneRun::statusName(run.status),
                              run.stepsDone,
                              run.totalSteps,
                              run.runDir,
                              arrayText(QJsonArray::fromStringList(run.outputs)),
                              curveText(run.curve),
                              run.error};
    if (run.id == 0) {
        auto q = db_->exec(QStringLiteral("INSERT INTO finetune_runs (created_at, updated_at, title, base_model, data_json, "
                                          "settings_json, status, steps_done, total_steps, run_dir, outputs_json, "
                                          "curve_json, error) VALUES (?, %1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                               .arg(nextUpdateTime("finetune_runs")),
                           QVariantList{nowMs(), nowMs()} + values);
        if (!q.ok())
            return q.error();
        return q.value().lastInsertId().toLongLong();
    }
    auto q = db_->exec(QStringLiteral("UPDATE finetune_runs SET updated_at = %1, title = ?, base_model = ?, data_json = ?, "
                                      "settings_json = ?, status = ?, steps_done = ?, total_steps = ?, run_dir = ?, "
                                      "outputs_json = ?, curve_json = ?, error = ? WHERE id = ?")
                           .arg(nextUpdateTime("finetune_runs")),
                       QVariantList{nowMs()} + values + QVariantList{run.id});
    if (!q.ok())
        return q.error();
    if (q.value().numRowsAffected() == 0)
        return noRun(run.id);
    return run.id;
}

Result<FinetuneRun> FinetuneRunStore::load(qint64 id) const
{
    auto q = db_->exec(QStringLiteral("SELECT %1 FROM finetune_runs WHERE id = ?").arg(kColumns), {id});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return noRun(id);
    return runFrom(q.value());
}

Result<QList<FinetuneRun>> FinetuneRunStore::list() const
{
    auto q = db_->exec(QStringLiteral("SELECT %1 FROM finetune_runs ORDER BY created_at DESC, id DESC").arg(kColumns));
    if (!q.ok())
        return q.error();
    QList<FinetuneRun> runs;
    while (q.value().next())
        runs.push_back(runFrom(q.value()));
    return runs;
}

Result<void> FinetuneRunStore::remove(qint64 id)
{
    return db_->run(QStringLiteral("DELETE FROM finetune_runs WHERE id = ?"), {id});
}

Result<void> FinetuneRunStore::pauseInterruptedRuns()
{
    return db_->run(QStringLiteral("UPDATE finetune_runs SET status = 'paused' WHERE status = 'running'"));
}
