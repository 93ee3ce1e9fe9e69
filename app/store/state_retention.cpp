#include "app/store/state_retention.h"

#include <QHash>

namespace StateRetention {

QSet<MessageId> keep(const QList<TreeMessage>& tree, const StateRetentionPolicy& policy)
{
    QHash<MessageId, MessageId> parentOf;
    QHash<MessageId, int> children;
    for (const TreeMessage& m : tree) {
        parentOf.insert(m.id, m.parent);
        if (m.parent != kNoMessage)
            ++children[m.parent];
    }
    // Depth from the root, memoised: conversations are thousands of messages deep at most, and
    // every path is walked once from its end.
    QHash<MessageId, int> depthOf;
    auto depth = [&](MessageId id) {
        QList<MessageId> walk;
        MessageId at = id;
        while (at != kNoMessage && !depthOf.contains(at) && parentOf.contains(at)) {
            walk.append(at);
            at = parentOf.value(at);
        }
        int d = at != kNoMessage && depthOf.contains(at) ? depthOf.value(at) : -1;
        for (qsizetype i = walk.size() - 1; i >= 0; --i)
            depthOf.insert(walk[i], ++d);
        return depthOf.value(id);
    };

    QSet<MessageId> kept;
    for (const TreeMessage& m : tree) {
        if (children.value(m.id) >= 2)
            kept.insert(m.id); // a branch point: every branch resumes from it
        if (children.contains(m.id))
            continue;
        // A branch end: walk back to the root, keeping the recent messages, the exponentially
        // spaced ones, and one every maxGap messages (by depth, so branches share them).
        int back = 0;
        for (MessageId at = m.id; at != kNoMessage && parentOf.contains(at); at = parentOf.value(at), ++back) {
            const bool powerOfTwo = back > 0 && (back & (back - 1)) == 0;
            if (back < policy.recent || powerOfTwo || depth(at) % policy.maxGap == policy.maxGap - 1)
                kept.insert(at);
        }
    }
    return kept;
}

} // namespace StateRetention
