// StateRetention decides which saved model states of one conversation are worth their megabytes
// (an RWKV-7 1.5B state is about 12.6 MB, a 7B one about 33 MB). It keeps what makes the user's
// next actions instant — the end of every branch, every branch point and the last few messages
// before each end — and thins the older ones: exponentially spaced back from each end, with no
// gap longer than maxGap messages, so resuming anywhere re-reads at most maxGap - 1 messages
// from the nearest saved ancestor. Pure logic over the message tree; the store applies it.
#pragma once

#include "app/store/conversation_types.h"

#include <QList>
#include <QSet>

struct StateRetentionPolicy {
    int recent = 4;  // messages before each branch end that keep their state
    int maxGap = 16; // longest run of messages without a saved state on any path
};

struct TreeMessage {
    MessageId id = kNoMessage;
    MessageId parent = kNoMessage;
};

namespace StateRetention {

// The messages of `tree` (one conversation, parents before children or in any order) whose
// states the policy keeps.
QSet<MessageId> keep(const QList<TreeMessage>& tree, const StateRetentionPolicy& policy = {});

} // namespace StateRetention
