// ConversationExchange turns conversations into files the user can keep or share (Markdown to
// read, JSON to re-import) and reads such JSON back. Saved model states are never exported: they
// are large and tied to one model; an imported conversation re-prefills when continued.
//
// JSON format (version 1):
//   { "format": "rwkv-studio-conversation", "version": 1, "title": "...",
//     "createdAt": "<ISO-8601 UTC>", "pinned": false,
//     "settings": { "modelId": "...", "modelFingerprint": "<hex>", "persona": "...",
//                   "systemPrompt": "...", "sampling": { ... } },
//     "activeRoot": <id or null>,
//     "messages": [ { "id": 1, "parent": null, "role": "user", "text": "...",
//                     "createdAt": "...", "tokenCount": 0, "stats": { ... },
//                     "activeChild": <id or null> }, ... ] }
// Ids are local to the file; parents come before their children.
#pragma once

#include "app/store/conversation_store.h"
#include "app/store/conversation_types.h"
#include "app/store/result.h"

#include <QByteArray>
#include <QString>

namespace ConversationExchange {

enum class Scope {
    ActivePath, // only what the chat shows
    WholeTree,  // every branch
};

// Markdown for reading: title, settings summary, then each message of the scope under a
// "### User" / "### Assistant" / "### System" heading (for WholeTree, branches are marked).
QString toMarkdown(const ConversationTree& tree, Scope scope);
// JSON in the format above. ActivePath writes only the active path's messages.
QByteArray toJson(const ConversationTree& tree, Scope scope);

// Parses and validates JSON made by toJson(). Anything else (not JSON, wrong format or version,
// wrong types, unknown role, parent not defined before its child, duplicate id, cycles, over
// 1,000,000 messages or 64 MiB of text) is InvalidImport with a sentence saying what is wrong.
Result<ConversationTree> fromJson(const QByteArray& json);

// Convenience over the store: read the tree and format it.
Result<QString> exportMarkdown(const ConversationStore& store, ConversationId id, Scope scope);
Result<QByteArray> exportJson(const ConversationStore& store, ConversationId id, Scope scope);
// Parses `json` and, only when it is entirely valid, writes it as a new conversation in one
// transaction. Returns the new conversation's id; on any error nothing is written.
Result<ConversationId> importJson(ConversationStore& store, const QByteArray& json);

} // namespace ConversationExchange
