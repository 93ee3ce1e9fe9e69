#include "app/store/conversation_exchange.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>

#include <cmath>

namespace {

const QString kFormat = QStringLiteral("rwkv-studio-conversation");
constexpr int kFormatVersion = 1;
constexpr qsizetype kMaxFileBytes = 256 * 1024 * 1024;
constexpr qsizetype kMaxMessages = 1000000;
constexpr qsizetype kMaxTextChars = 64 * 1024 * 1024;

// The messages the chat shows: from the active root along each active child.
QList<Message> activePathOf(const ConversationTree& tree)
{
    QHash<MessageId, const Message*> byId;
    for (const Message& m : tree.messages)
        byId.insert(m.id, &m);
    QList<Message> path;
    QSet<MessageId> seen; // a hand-made tree could link in a circle
    for (MessageId id = tree.activeRootId; byId.contains(id) && !seen.contains(id);) {
        seen.insert(id);
        path.append(*byId.value(id));
        id = byId.value(id)->activeChildId;
    }
    return path;
}

QString roleHeading(MessageRole role)
{
    switch (role) {
    case MessageRole::System: return QStringLiteral("System");
    case MessageRole::User: return QStringLiteral("User");
    case MessageRole::Assistant: return QStringLiteral("Assistant");
    }
    return QString();
}

QString isoTime(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonValue idValue(MessageId id)
{
    return id == kNoMessage ? QJsonValue(QJsonValue::Null) : QJsonValue(double(id));
}

StoreError invalid(const QString& why)
{
    return StoreError(StoreError::Code::InvalidImport,
                      QStringLiteral("This file cannot be imported: %1. Nothing was imported.")
                          .arg(why));
}

// A JSON number that is a whole id in 1..2^53 (beyond that doubles lose integers).
bool readId(const QJsonValue& v, MessageId* id)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    if (!(d >= 1 && d <= 9007199254740992.0) || std::floor(d) != d)
        return false;
    *id = MessageId(d);
    return true;
}

// Optional id: absent or null is kNoMessage.
bool readOptionalId(const QJsonValue& v, MessageId* id)
{
    if (v.isUndefined() || v.isNull()) {
        *id = kNoMessage;
        return true;
    }
    return readId(v, id);
}

bool readOptionalString(const QJsonObject& o, const char* key, QString* out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isString())
        return false;
    *out = v.toString();
    return true;
}

bool readOptionalTime(const QJsonObject& o, const char* key, QDateTime* out)
{
    QString text;
    if (!readOptionalString(o, key, &text))
        return false;
    if (text.isEmpty())
        return true;
    *out = QDateTime::fromString(text, Qt::ISODateWithMs);
    return out->isValid();
}

Result<ConversationSettings> readSettings(const QJsonValue& value)
{
    ConversationSettings s;
    if (value.isUndefined() || value.isNull())
        return s;
    if (!value.isObject())
        return invalid(QStringLiteral("\"settings\" is not an object"));
    const QJsonObject o = value.toObject();
    QString fingerprint;
    if (!readOptionalString(o, "modelId", &s.modelId) || !readOptionalString(o, "persona", &s.persona) ||
        !readOptionalString(o, "systemPrompt", &s.systemPrompt) ||
        !readOptionalString(o, "modelFingerprint", &fingerprint))
        return invalid(QStringLiteral("a conversation setting is not text"));
    if (!fingerprint.isEmpty()) {
        bool ok = false;
        s.modelFingerprint = fingerprint.toULongLong(&ok, 16);
        if (!ok)
            return invalid(QStringLiteral("\"modelFingerprint\" is not a hexadecimal number"));
    }
    const QJsonValue sampling = o.value(QLatin1String("sampling"));
    if (!sampling.isUndefined() && !sampling.isNull()) {
        if (!sampling.isObject())
            return invalid(QStringLiteral("\"sampling\" is not an object"));
        s.sampling = sampling.toObject();
    }
    return s;
}

Result<Message> readMessage(const QJsonValue& value, qsizetype index, const QSet<MessageId>& known)
{
    const QString where = QStringLiteral("message %1").arg(index + 1);
    if (!value.isObject())
        return invalid(where + QStringLiteral(" is not an object"));
    const QJsonObject o = value.toObject();
    Message m;
    if (!readId(o.value(QLatin1String("id")), &m.id))
        return invalid(where + QStringLiteral(" has no valid \"id\""));
    if (known.contains(m.id))
        return invalid(where + QStringLiteral(" repeats id %1").arg(m.id));
    if (!readOptionalId(o.value(QLatin1String("parent")), &m.parentId))
        return invalid(where + QStringLiteral(" has an invalid \"parent\""));
    if (m.parentId != kNoMessage && !known.contains(m.parentId))
        return invalid(where + QStringLiteral(" names parent %1, which does not come before it")
                                   .arg(m.parentId));
    const QJsonValue role = o.value(QLatin1String("role"));
    if (!role.isString() || !parseMessageRole(role.toString(), &m.role))
        return invalid(where + QStringLiteral(" has a role other than system, user or assistant"));
    const QJsonValue text = o.value(QLatin1String("text"));
    if (!text.isString())
        return invalid(where + QStringLiteral(" has no \"text\""));
    m.text = text.toString();
    if (!readOptionalTime(o, "createdAt", &m.createdAt))
        return invalid(where + QStringLiteral(" has an unreadable \"createdAt\""));
    const QJsonValue tokens = o.value(QLatin1String("tokenCount"));
    if (!tokens.isUndefined() && !tokens.isNull()) {
        const double d = tokens.toDouble(-1);
        if (!tokens.isDouble() || d < 0 || d > 2147483647.0 || std::floor(d) != d)
            return invalid(where + QStringLiteral(" has an invalid \"tokenCount\""));
        m.tokenCount = int(d);
    }
    const QJsonValue stats = o.value(QLatin1String("stats"));
    if (!stats.isUndefined() && !stats.isNull()) {
        if (!stats.isObject())
            return invalid(where + QStringLiteral(" has \"stats\" that are not an object"));
        m.stats = stats.toObject();
    }
    if (!readOptionalId(o.value(QLatin1String("activeChild")), &m.activeChildId))
        return invalid(where + QStringLiteral(" has an invalid \"activeChild\""));
    return m;
}

} // namespace

QString ConversationExchange::toMarkdown(const ConversationTree& tree, Scope scope)
{
    const Conversation& c = tree.conversation;
    QString md = QStringLiteral("# ") + c.title + QStringLiteral("\n\n");
    if (!c.settings.modelId.isEmpty())
        md += QStringLiteral("*Model:* ") + c.settings.modelId + QStringLiteral("  \n");
    if (!c.settings.persona.isEmpty())
        md += QStringLiteral("*Persona:* ") + c.settings.persona + QStringLiteral("  \n");
    if (c.createdAt.isValid())
        md += QStringLiteral("*Started:* ") + isoTime(c.createdAt) + QStringLiteral("\n");
    if (!c.settings.systemPrompt.isEmpty())
        md += QStringLiteral("\n> ") +
              QString(c.settings.systemPrompt).replace(QLatin1Char('\n'), QStringLiteral("\n> ")) +
              QStringLiteral("\n");

    const QList<Message> path = activePathOf(tree);
    QSet<MessageId> onPath;
    for (const Message& m : path)
        onPath.insert(m.id);
    const QList<Message>& messages = scope == Scope::ActivePath ? path : tree.messages;
    for (const Message& m : messages) {
        md += QStringLiteral("\n### ") + roleHeading(m.role);
        if (scope == Scope::WholeTree && m.siblingCount > 1)
            md += QStringLiteral(" (branch %1 of %2%3)")
                      .arg(m.siblingIndex + 1)
                      .arg(m.siblingCount)
                      .arg(onPath.contains(m.id) ? QStringLiteral(", shown") : QString());
        if (scope == Scope::WholeTree && m.parentId != kNoMessage)
            md += QStringLiteral(" — reply to #%1").arg(m.parentId);
        if (scope == Scope::WholeTree)
            md += QStringLiteral(" {#%1}").arg(m.id);
        md += QStringLiteral("\n\n") + m.text + QStringLiteral("\n");
    }
    return md;
}

QByteArray ConversationExchange::toJson(const ConversationTree& tree, Scope scope)
{
    const Conversation& c = tree.conversation;
    QJsonObject settings{
        {QStringLiteral("modelId"), c.settings.modelId},
        {QStringLiteral("modelFingerprint"), QString::number(c.settings.modelFingerprint, 16)},
        {QStringLiteral("persona"), c.settings.persona},
        {QStringLiteral("systemPrompt"), c.settings.systemPrompt},
        {QStringLiteral("sampling"), c.settings.sampling},
    };

    QList<Message> messages = scope == Scope::ActivePath ? activePathOf(tree) : tree.messages;
    if (scope == Scope::ActivePath) {
        // Only the path is written, so each message's parent and active child are its neighbours.
        for (qsizetype i = 0; i < messages.size(); ++i) {
            messages[i].parentId = i > 0 ? messages[i - 1].id : kNoMessage;
            messages[i].activeChildId = i + 1 < messages.size() ? messages[i + 1].id : kNoMessage;
        }
    }
    QJsonArray array;
    for (const Message& m : messages) {
        array.append(QJsonObject{
            {QStringLiteral("id"), double(m.id)},
            {QStringLiteral("parent"), idValue(m.parentId)},
            {QStringLiteral("role"), messageRoleName(m.role)},
            {QStringLiteral("text"), m.text},
            {QStringLiteral("createdAt"), isoTime(m.createdAt)},
            {QStringLiteral("tokenCount"), m.tokenCount},
            {QStringLiteral("stats"), m.stats},
            {QStringLiteral("activeChild"), idValue(m.activeChildId)},
        });
    }
    const QJsonObject root{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("version"), kFormatVersion},
        {QStringLiteral("title"), c.title},
        {QStringLiteral("createdAt"), isoTime(c.createdAt)},
        {QStringLiteral("pinned"), c.pinned},
        {QStringLiteral("settings"), settings},
        {QStringLiteral("activeRoot"),
         idValue(messages.isEmpty() ? kNoMessage
                                    : scope == Scope::ActivePath ? messages.first().id
                                                                 : tree.activeRootId)},
        {QStringLiteral("messages"), array},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<ConversationTree> ConversationExchange::fromJson(const QByteArray& json)
{
    if (json.size() > kMaxFileBytes)
        return invalid(QStringLiteral("it is larger than %1 MiB").arg(kMaxFileBytes >> 20));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("it is not valid JSON (%1 at byte %2)")
                           .arg(parseError.errorString())
                           .arg(parseError.offset));
    if (!doc.isObject())
        return invalid(QStringLiteral("it is not a JSON object"));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toString() != kFormat)
        return invalid(QStringLiteral("it is not an RWKV Studio conversation export"));
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!version.isDouble() || version.toDouble() != kFormatVersion)
        return invalid(version.isDouble() && version.toDouble() > kFormatVersion
                           ? QStringLiteral("it was written by a newer RWKV Studio (format "
                                            "version %1)").arg(version.toDouble())
                           : QStringLiteral("its format version is missing or unknown"));

    ConversationTree tree;
    const QJsonValue title = root.value(QLatin1String("title"));
    if (!title.isString())
        return invalid(QStringLiteral("it has no \"title\""));
    tree.conversation.title = title.toString();
    if (!readOptionalTime(root, "createdAt", &tree.conversation.createdAt))
        return invalid(QStringLiteral("its \"createdAt\" is unreadable"));
    const QJsonValue pinned = root.value(QLatin1String("pinned"));
    if (!pinned.isUndefined() && !pinned.isBool())
        return invalid(QStringLiteral("\"pinned\" is not true or false"));
    tree.conversation.pinned = pinned.toBool();
    auto settings = readSettings(root.value(QLatin1String("settings")));
    if (!settings.ok())
        return settings.error();
    tree.conversation.settings = std::move(settings).value();

    const QJsonValue messages = root.value(QLatin1String("messages"));
    if (!messages.isArray())
        return invalid(QStringLiteral("it has no \"messages\" list"));
    const QJsonArray array = messages.toArray();
    if (array.size() > kMaxMessages)
        return invalid(QStringLiteral("it has more than %1 messages").arg(kMaxMessages));

    QSet<MessageId> known;
    QHash<MessageId, MessageId> parentOf;
    qsizetype textChars = 0;
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto m = readMessage(array.at(i), i, known);
        if (!m.ok())
            return m.error();
        textChars += m.value().text.size();
        if (textChars > kMaxTextChars)
            return invalid(QStringLiteral("its messages hold more than %1 MiB of text")
                               .arg(kMaxTextChars >> 20));
        known.insert(m.value().id);
        parentOf.insert(m.value().id, m.value().parentId);
        tree.messages.append(std::move(m).value());
    }
    for (const Message& m : tree.messages)
        if (m.activeChildId != kNoMessage && parentOf.value(m.activeChildId, -1) != m.id)
            return invalid(QStringLiteral("the active reply of message %1 is not one of its "
                                          "replies").arg(m.id));
    if (!readOptionalId(root.value(QLatin1String("activeRoot")), &tree.activeRootId) ||
        (tree.activeRootId != kNoMessage && parentOf.value(tree.activeRootId, -1) != kNoMessage))
        return invalid(QStringLiteral("\"activeRoot\" is not one of the first messages"));
    return tree;
}

Result<QString> ConversationExchange::exportMarkdown(const ConversationStore& store,
                                                     ConversationId id, Scope scope)
{
    auto tree = store.tree(id);
    if (!tree.ok())
        return tree.error();
    return toMarkdown(tree.value(), scope);
}

Result<QByteArray> ConversationExchange::exportJson(const ConversationStore& store,
                                                    ConversationId id, Scope scope)
{
    auto tree = store.tree(id);
    if (!tree.ok())
        return tree.error();
    return toJson(tree.value(), scope);
}

Result<ConversationId> ConversationExchange::importJson(ConversationStore& store,
                                                        const QByteArray& json)
{
    auto tree = fromJson(json);
    if (!tree.ok())
        return tree.error();
    return store.insertTree(tree.value());
}
