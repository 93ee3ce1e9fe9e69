// ConversationStore keeps chat conversations, their message tree and the model state saved after
// each message, in the one SQLite file of the app (the same file ManuscriptStore uses). Every write
// is committed before the call returns, so a message is on disk as soon as it completes and a
// crash loses at most the call in flight; there is no "save on quit".
//
// Threads: all methods run on the caller's thread. An instance owns its own SQLite connection,
// which Qt allows only on the thread that opened it, so open one instance per thread (the GUI
// thread and the inference worker each open their own); instances are cheap. Moving an instance
// is fine, copying is not possible.
//
// Tree: each message has a parent (kNoMessage for first messages) and remembers which of its
// children is active. Editing a message means appending a sibling under the same parent, which
// becomes the active branch; the chat shows activePath(). States are kept in their own table,
// keyed by message id, so listing and reading messages never loads state BLOBs.
#pragma once

#include "app/store/conversation_types.h"
#include "app/store/result.h"
#include "app/store/state_blob.h"
#include "app/store/state_retention.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class StoreConnection;

class ConversationStore {
public:
    // Opens or creates the database at `path` (creating its folder), applies WAL mode and the
    // connection settings, checks an existing file (PRAGMA quick_check, read-only, once per
    // process while the file is unchanged) and migrates older schemas.
    // Errors: Corrupt when the file is not a database or is damaged (the file is left untouched
    // for StoreRecovery::moveAside), TooNew for a file from a newer app, Io when it cannot be
    // opened or created, Busy when another process holds it locked.
    static Result<ConversationStore> open(const QString& path);

    // A moved-from instance may only be destroyed or assigned to.
    ConversationStore(ConversationStore&&) noexcept;
    ConversationStore& operator=(ConversationStore&&) noexcept;
    ~ConversationStore();

    QString path() const;

    // Runs `work` inside one transaction: everything it writes through this instance commits
    // together when it returns ok, or is rolled back when it returns an error (which is passed
    // on). Store calls made inside nest (as savepoints). `work` must not open other instances.
    Result<void> runInTransaction(const std::function<Result<void>()>& work);

    // --- Conversations ---------------------------------------------------------------------

    Result<ConversationId> createConversation(const QString& title,
                                              const ConversationSettings& settings = {});
    // NotFound when `id` does not exist.
    Result<Conversation> conversation(ConversationId id) const;
    // All conversations, pinned first, then most recently updated first.
    Result<QList<Conversation>> listConversations() const;
    Result<void> renameConversation(ConversationId id, const QString& title);
    Result<void> setPinned(ConversationId id, bool pinned);
    Result<void> updateSettings(ConversationId id, const ConversationSettings& settings);
    // Deletes the conversation with all its messages and states.
    Result<void> deleteConversation(ConversationId id);

    // Case-insensitive substring search over conversation titles and message texts (LIKE with
    // the wildcards in `text` escaped, so "50%" matches literally). Title hits come first, then
    // message hits, most recent conversations first; at most `limit` hits. Empty text: no hits.
    Result<QList<SearchHit>> search(const QString& text, int limit = 100) const;

    // --- Messages ----------------------------------------------------------------------------

    // Appends `message` under `parent` (kNoMessage for a first message) and makes it the active
    // child of its parent (or the conversation's active root). When `stateAfter` is given it is
    // saved in the same transaction. Returns the new id. NotFound for an unknown conversation
    // or parent, InvalidArgument when `parent` belongs to another conversation.
    Result<MessageId> appendMessage(ConversationId conversation, MessageId parent,
                                    const NewMessage& message,
                                    std::optional<StateBlob> stateAfter = std::nullopt);
    // Replaces a message's text: the streaming autosave of a reply while it is generated.
    Result<void> updateMessageText(MessageId id, const QString& text);
    // Final save of a completed message: text, token count, stats and (optionally) the state
    // after it, in one transaction.
    Result<void> completeMessage(MessageId id, const QString& text, int tokenCount,
                                 const QJsonObject& stats,
                                 std::optional<StateBlob> stateAfter = std::nullopt);
    Result<Message> message(MessageId id) const;
    // The messages from the first message down to `id`, inclusive, in order.
    Result<QList<Message>> pathTo(MessageId id) const;
    // The children of `parent` (kNoMessage: the conversation's first messages), oldest first:
    // the branches the user can switch between.
    Result<QList<Message>> children(ConversationId conversation, MessageId parent) const;
    // Makes `child` the active branch at its parent (or the active root for a first message).
    Result<void> setActiveChild(MessageId child);
    // What the chat shows: from the active root, following each message's active child.
    Result<QList<Message>> activePath(ConversationId conversation) const;
    // Deletes `id` and all its descendants with their states. When it was the active branch,
    // the parent's newest remaining child becomes active.
    Result<void> deleteSubtree(MessageId id);

    // --- States ------------------------------------------------------------------------------

    // Saves (or replaces) the state after message `id`, compressed.
    Result<void> saveState(MessageId id, const StateBlob& state);
    // The state after `id`, bit-exact as saved. NotFound when none is saved, OtherModel when it
    // was saved for a model whose fingerprint is not `expectedFingerprint` (the caller re-prefills
    // instead), Corrupt when the stored BLOB is damaged (also: re-prefill).
    Result<StateBlob> loadState(MessageId id, quint64 expectedFingerprint) const;
    // The nearest message on the path from the root to `id` (inclusive) that has a state saved
    // for `fingerprint`, or nullopt when none does; the caller restores it and prefills the
    // messages after it.
    Result<std::optional<MessageId>> nearestStateAncestor(MessageId id, quint64 fingerprint) const;
    // Deletes a conversation's saved states except those of its `keepNewest` newest messages,
    // to bound the file size (states are megabytes each).
    Result<void> pruneStates(ConversationId conversation, int keepNewest);
    // Deletes the conversation's states that StateRetention does not keep (state_retention.h);
    // returns how many were deleted.
    Result<int> applyStateRetention(ConversationId conversation, const StateRetentionPolicy& policy = {});
    // Bytes the saved chat states take in the file (compressed).
    Result<qint64> stateStorageBytes() const;
    // Brings the saved chat states under `budgetBytes`: first the optional states of the least
    // recently used conversations (all but the state at the newest message), then their last
    // states too; `spare`'s states (the open conversation) are never touched. Freed pages go back
    // to the file system. Returns the bytes in use afterwards.
    Result<qint64> enforceStateBudget(qint64 budgetBytes, ConversationId spare);
    // Writes the write-ahead log back into the database file and truncates it (on quitting).
    Result<void> checkpoint();

    // --- Whole trees (export/import, see conversation_exchange.h) ------------------------------

    // The conversation with all its messages, parents before children.
    Result<ConversationTree> tree(ConversationId id) const;
    // Creates a new conversation holding `tree`'s messages (ids and parents taken as local to
    // `tree`; parents must come before children), in one transaction. Returns the new id.
    Result<ConversationId> insertTree(const ConversationTree& tree);

private:
    explicit ConversationStore(std::unique_ptr<StoreConnection> connection);

    std::unique_ptr<StoreConnection> db_;
};
