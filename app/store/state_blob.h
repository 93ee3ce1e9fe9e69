// StateBlob is a serialized model state as the store keeps it: the raw bytes the engine's
// State::serialize() produced, tagged with the fingerprint of the model that made it and the
// engine's state format version. The store compresses the bytes (zstd, with a checksum) on the
// way in and returns them bit-exact on the way out; it never interprets them.
#pragma once

#include <QByteArray>
#include <QtGlobal>

struct StateBlob {
    quint64 fingerprint = 0; // ModelInfo::fingerprint of the model the state was computed with
    int formatVersion = 0;   // the engine's state serialization version
    QByteArray bytes;        // uncompressed State::serialize() output
};
