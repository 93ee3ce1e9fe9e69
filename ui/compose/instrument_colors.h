// One colour per instrument bin of the MIDI vocabulary, shared by the piano roll and the
// instrument filter so a note and its toggle always match.
#pragma once

#include <QColor>

inline QColor instrumentColor(int bin)
{
    static const QColor colors[] = {
        QColor(0x9e, 0x9e, 0x9e), // percussion
        QColor(0x8d, 0x6e, 0x63), // drum
        QColor(0xff, 0x8f, 0x00), // tuba
        QColor(0x26, 0xc6, 0xda), // marimba
        QColor(0x5c, 0x6b, 0xc0), // bass
        QColor(0x66, 0xbb, 0x6a), // guitar
        QColor(0xef, 0x53, 0x50), // violin
        QColor(0xff, 0xca, 0x28), // trumpet
        QColor(0x42, 0xa5, 0xf5), // piano
        QColor(0xab, 0x47, 0xbc), // sax
        QColor(0x9c, 0xcc, 0x65), // flute
        QColor(0xec, 0x40, 0x7a), // lead
        QColor(0x26, 0xa6, 0x9a), // pad
    };
    return colors[(bin % 13 + 13) % 13];
}
