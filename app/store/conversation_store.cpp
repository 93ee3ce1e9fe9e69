// ConversationStore: opening, conversations, search and whole trees. Messages and states are in
// conversation_messages.cpp.
#include "app/store/conversation_store.h"

#include "app/store/conversation_rows.h"
#include "app/store/store_connection.h"
#include "app/store/store_values.h"

#include <QHash>
#include <QSqlQuery>

using namespace StoreValues;

QString messageRoleName(MessageRole role)
{
    switch (role) {
    case MessageRole::System: return QStringLiteral("system");
    case MessageRole::User: return QStringLiteral("user");
    case MessageRole::Assistant: return QStringLiteral("assistant");
    }
    return QStringLiteral("user");
}

bool parseMessageRole(const QString& name, MessageRole* role)
{
    for (MessageRole r : {MessageRole::System, MessageRole::User, MessageRole::Assistant}) {
        if (name == messageRoleName(r)) {
            *role = r;
            return true;
        }
    }
    return false;
}

namespace {

const QString kConversationColumns = QStringLiteral(
    "id, title, created_at, updated_at, pinned, model_id, model_fingerprint, persona, "
    "system_prompt, sampling_json");

Conversation conversationFrom(const QSqlQuery& q)
{
    Conversation c;
    c.id = q.value(0).toLongLong();
    c.title = q.value(1).toString();
    c.createdAt = timeFromMs(q.value(2));
    c.updatedAt = timeFromMs(q.value(3));
    c.pinned = q.value(4).toBool();
    c.settings.modelId = q.value(5).toString();
    c.settings.modelFingerprint = fingerprintFrom(q.value(6));
    c.settings.persona = q.value(7).toString();
    c.settings.systemPrompt = q.value(8).toString();
    c.settings.sampling = jsonObjectFrom(q.value(9));
    return c;
}

QString snippetAround(const QString& text, const QString& needle)
{
    constexpr int kWidth = 120;
    const qsizetype at = qMax<qsizetype>(0, text.indexOf(needle, 0, Qt::CaseInsensitive));
    const qsizetype start = qMax<qsizetype>(0, at - (kWidth - needle.size()) / 2);
    QString snippet = text.mid(start, kWidth).simplified();
    if (start > 0)
        snippet.prepend(QChar(0x2026));
    if (start + kWidth < text.size())
        snippet.append(QChar(0x2026));
    return snippet;
}

} // namespace

ConversationStore::ConversationStore(std::unique_ptr<StoreConnection> connection)
    : db_(std::move(connection))
{
}

ConversationStore::ConversationStore(ConversationStore&&) noexcept = default;
ConversationStore& ConversationStore::operator=(ConversationStore&&) noexcept = default;
ConversationStore::~ConversationStore() = default;

Result<ConversationStore> ConversationStore::open(const QString& path)
{
    auto connection = StoreConnection::open(path);
    if (!connection.ok())
        return connection.error();
    return ConversationStore(std::move(connection).value());
}

QString ConversationStore::path() const
{
    return db_->path();
}

Result<void> ConversationStore::runInTransaction(const std::function<Result<void>()>& work)
{
    return db_->transaction(work);
}

Result<ConversationId> ConversationStore::createConversation(const QString& title,
                                                            const ConversationSettings& settings)
{
    const qint64 now = nowMs();
    auto q = db_->exec(
        QStringLiteral("INSERT INTO conversations (title, created_at, updated_at, model_id, "
                       "model_fingerprint, persona, system_prompt, sampling_json) "
                       "VALUES (?, ?, ") + nextUpdateTime("conversations") +
            QStringLiteral(", ?, ?, ?, ?, ?)"),
        {title, now, now, settings.modelId, fingerprintValue(settings.modelFingerprint),
         settings.persona, settings.systemPrompt, jsonText(settings.sampling)});
    if (!q.ok())
        return q.error();
    return q.value().lastInsertId().toLongLong();
}

Result<Conversation> ConversationStore::conversation(ConversationId id) const
{
    auto q = db_->exec(QStringLiteral("SELECT ") + kConversationColumns +
                           QStringLiteral(" FROM conversations WHERE id = ?"),
                       {id});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return ConversationRows::noConversation(id);
    return conversationFrom(q.value());
}

Result<QList<Conversation>> ConversationStore::listConversations() const
{
    auto q = db_->exec(QStringLiteral("SELECT ") + kConversationColumns +
                       QStringLiteral(" FROM conversations "
                                      "ORDER BY pinned DESC, updated_at DESC, id DESC"));
    if (!q.ok())
        return q.error();
    QList<Conversation> list;
    while (q.value().next())
        list.append(conversationFrom(q.value()));
    return list;
}

Result<void> ConversationStore::renameConversation(ConversationId id, const QString& title)
{
    return ConversationRows::updateConversation(
        *db_, id, QStringLiteral("UPDATE conversations SET title = ?, updated_at = ") +
                       nextUpdateTime("conversations") + QStringLiteral(" WHERE id = ?"),
        {title, nowMs(), id});
}

Result<void> ConversationStore::setPinned(ConversationId id, bool pinned)
{
    // Pinning is not an edit: it leaves updated_at (the order among pinned/unpinned) alone.
    return ConversationRows::updateConversation(
        *db_, id, QStringLiteral("UPDATE conversations SET pinned = ? WHERE id = ?"),
        {pinned ? 1 : 0, id});
}

Result<void> ConversationStore::updateSettings(ConversationId id, const ConversationSettings& settings)
{
    return ConversationRows::updateConversation(
        *db_, id,
        QStringLiteral("UPDATE conversations SET model_id = ?, model_fingerprint = ?, persona = ?, "
                       "system_prompt = ?, sampling_json = ?, updated_at = ") +
            nextUpdateTime("conversations") + QStringLiteral(" WHERE id = ?"),
        {settings.modelId, fingerprintValue(settings.modelFingerprint), settings.persona,
         settings.systemPrompt, jsonText(settings.sampling), nowMs(), id});
}

Result<void> ConversationStore::deleteConversation(ConversationId id)
{
    // Messages and their states go by ON DELETE CASCADE, in the same statement.
    return ConversationRows::updateConversation(
        *db_, id, QStringLiteral("DELETE FROM conversations WHERE id = ?"), {id});
}

Result<QList<SearchHit>> ConversationStore::search(const QString& text, int limit) const
{
    QList<SearchHit> hits;
    if (text.isEmpty() || limit <= 0)
        return hits;
    const QString pattern = containsPattern(text);

    auto titles = db_->exec(QStringLiteral("SELECT id, title FROM conversations "
                                           "WHERE title LIKE ? ESCAPE '\\' "
                                           "ORDER BY updated_at DESC, id DESC LIMIT ?"),
                            {pattern, limit});
    if (!titles.ok())
        return titles.error();
    while (titles.value().next()) {
        const QString title = titles.value().value(1).toString();
        hits.append({titles.value().value(0).toLongLong(), title, kNoMessage,
                     snippetAround(title, text)});
    }

    const int remaining = limit - int(hits.size());
    if (remaining == 0)
        return hits;
    auto messages = db_->exec(
        QStringLiteral("SELECT m.conversation_id, c.title, m.id, m.text "
                       "FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                       "WHERE m.text LIKE ? ESCAPE '\\' "
                       "ORDER BY c.updated_at DESC, c.id DESC, m.id LIMIT ?"),
        {pattern, remaining});
    if (!messages.ok())
        return messages.error();
    while (messages.value().next()) {
        const QSqlQuery& row = messages.value();
        hits.append({row.value(0).toLongLong(), row.value(1).toString(), row.value(2).toLongLong(),
                     snippetAround(row.value(3).toString(), text)});
    }
    return hits;
}

Result<ConversationTree> ConversationStore::tree(ConversationId id) const
{
    ConversationTree tree;
    auto conv = conversation(id);
    if (!conv.ok())
        return conv.error();
    tree.conversation = std::move(conv).value();

    auto root = db_->exec(QStringLiteral("SELECT active_root_id FROM conversations WHERE id = ?"),
                          {id});
    if (!root.ok())
        return root.error();
    if (root.value().next())
        tree.activeRootId = idFrom(root.value().value(0));

    // Ids grow with insertion and a parent exists before its child, so id order puts parents
    // first.
    auto messages = ConversationRows::selectMessages(
        *db_, QStringLiteral("WHERE m.conversation_id = ? ORDER BY m.id"), {id});
    if (!messages.ok())
        return messages.error();
    tree.messages = std::move(messages).value();
    return tree;
}

Result<ConversationId> ConversationStore::insertTree(const ConversationTree& tree)
{
    // Validate the links before writing anything, so a bad tree leaves no half conversation.
    QHash<MessageId, MessageId> parentOf;
    for (const Message& m : tree.messages) {
        if (m.id == kNoMessage || parentOf.contains(m.id))
            return StoreError(StoreError::Code::InvalidArgument,
                              QStringLiteral("Message id %1 is missing or used twice.").arg(m.id));
        if (m.parentId != kNoMessage && !parentOf.contains(m.parentId))
            return StoreError(StoreError::Code::InvalidArgument,
                              QStringLiteral("Message %1 names parent %2, which does not come "
                                             "before it.")
                                  .arg(m.id)
                                  .arg(m.parentId));
        parentOf.insert(m.id, m.parentId);
    }

    ConversationId created = 0;
    auto written = db_->transaction([&]() -> Result<void> {
        const Conversation& c = tree.conversation;
        const qint64 createdAt = c.createdAt.isValid() ? c.createdAt.toMSecsSinceEpoch() : nowMs();
        auto conv = db_->exec(
            QStringLiteral("INSERT INTO conversations (title, created_at, updated_at, pinned, "
                           "model_id, model_fingerprint, persona, system_prompt, sampling_json) "
                           "VALUES (?, ?, ") + nextUpdateTime("conversations") +
                QStringLiteral(", ?, ?, ?, ?, ?, ?)"),
            {c.title, createdAt, nowMs(), c.pinned ? 1 : 0, c.settings.modelId,
             fingerprintValue(c.settings.modelFingerprint), c.settings.persona,
             c.settings.systemPrompt, jsonText(c.settings.sampling)});
        if (!conv.ok())
            return conv.error();
        created = conv.value().lastInsertId().toLongLong();

        QHash<MessageId, MessageId> newId;
        QHash<MessageId, MessageId> lastChild; // default active branch: the newest child
        MessageId lastRoot = kNoMessage;
        for (const Message& m : tree.messages) {
            const MessageId parent = m.parentId == kNoMessage ? kNoMessage : newId.value(m.parentId);
            auto inserted = ConversationRows::insertMessage(
                *db_, created, parent,
                NewMessage{m.role, m.text, m.tokenCount, m.stats},
                m.createdAt.isValid() ? m.createdAt.toMSecsSinceEpoch() : nowMs());
            if (!inserted.ok())
                return inserted.error();
            newId.insert(m.id, inserted.value());
            if (parent == kNoMessage)
                lastRoot = inserted.value();
            else
                lastChild.insert(parent, inserted.value());
        }
        for (const Message& m : tree.messages) {
            MessageId active = lastChild.value(newId.value(m.id), kNoMessage);
            if (m.activeChildId != kNoMessage && parentOf.value(m.activeChildId, -1) == m.id)
                active = newId.value(m.activeChildId);
            if (active == kNoMessage)
                continue;
            if (auto r = db_->run(QStringLiteral("UPDATE messages SET active_child_id = ? WHERE id = ?"),
                                  {active, newId.value(m.id)});
                !r.ok())
                return r;
        }
        MessageId root = lastRoot;
        if (tree.activeRootId != kNoMessage && parentOf.value(tree.activeRootId, -1) == kNoMessage)
            root = newId.value(tree.activeRootId);
        return db_->run(QStringLiteral("UPDATE conversations SET active_root_id = ? WHERE id = ?"),
                        {idOrNull(root), created});
    });
    if (!written.ok())
        return written.error();
    return created;
}
