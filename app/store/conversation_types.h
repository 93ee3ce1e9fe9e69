// Plain values the ConversationStore reads and writes: conversations, their settings, messages in
// a tree, search hits. Ids are SQLite row ids (> 0); kNoMessage (0) stands for "no message", e.g.
// the parent of a first message. Times are UTC.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QtGlobal>

using ConversationId = qint64;
using MessageId = qint64;

inline constexpr MessageId kNoMessage = 0;

enum class MessageRole { System, User, Assistant };

// "system", "user", "assistant" (the names used in exports).
QString messageRoleName(MessageRole role);
// Parses a name made by messageRoleName(); false for anything else.
bool parseMessageRole(const QString& name, MessageRole* role);

// What a conversation runs with. The store keeps these as given; it does not validate the
// sampling JSON (the chat service owns its meaning).
struct ConversationSettings {
    QString modelId;            // what the user picked (file name or catalog id), for display
    quint64 modelFingerprint = 0; // ModelInfo::fingerprint of the model last used, 0 if none
    QString persona;            // persona name shown in the UI, may be empty
    QString systemPrompt;       // the system prompt / persona text, may be empty
    QJsonObject sampling;       // sampling settings (temperature, top_p, ...) as the chat service writes them
};

struct Conversation {
    ConversationId id = 0;
    QString title;
    QDateTime createdAt;
    QDateTime updatedAt;        // bumped by every change to the conversation or its messages
    bool pinned = false;
    ConversationSettings settings;
};

struct Message {
    MessageId id = 0;
    ConversationId conversationId = 0;
    MessageId parentId = kNoMessage;      // kNoMessage for a first message
    MessageRole role = MessageRole::User;
    QString text;
    QDateTime createdAt;
    int tokenCount = 0;                   // tokens of this message's text, 0 if unknown
    QJsonObject stats;                    // generation stats (tokens/s, stop reason, ...), may be empty
    MessageId activeChildId = kNoMessage; // which reply/branch the chat shows after this message
    int siblingCount = 1;                 // messages sharing this message's parent, itself included
    int siblingIndex = 0;                 // this message's 0-based place among them, oldest first
    bool hasState = false;                // a state is saved after this message (any model)
};

// What the caller supplies to append a message; the store assigns id, time and tree links.
struct NewMessage {
    MessageRole role = MessageRole::User;
    QString text;
    int tokenCount = 0;
    QJsonObject stats;
};

// One search result: a conversation whose title matches (messageId == kNoMessage) or one of its
// messages whose text matches.
struct SearchHit {
    ConversationId conversationId = 0;
    QString conversationTitle;
    MessageId messageId = kNoMessage;
    QString snippet; // up to ~120 characters of the matching text around the first match
};

// A whole conversation in memory, as exported and imported: the conversation and all its
// messages, parents always before their children. Message ids and parent ids are the store's ids
// when read from the store and the file's ids when parsed from an import.
struct ConversationTree {
    Conversation conversation;
    QList<Message> messages;
    MessageId activeRootId = kNoMessage; // the first message of the active path
};
