#include "app/music/codec/midi_vocabulary.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace rwkv::music {

namespace {

// vocab_config.json "instrument_bins" resolved to bin indices (A.2); -1 = dropped.
constexpr std::array<int, 128> kFullProgramBins = {
    8, 8, 8, 8, 8, 8, 8, 8, 3, 3, 3, 3, 3, 3, 3, 3, 3, 8, 8, 8, 8, 8, 8, 8, 5, 5, 5, 5, 5, 5, 5, 5,
    4, 4, 4, 4, 4, 4, 4, 4, 6, 6, 4, 4, 6, 6, 6, 1, 6, 6, 6, 6, 6, 6, 6, -1, 7, 2, 2, 7, 7, 7, 7, 7,
    9, 9, 9, 9, 9, 7, 9, 9, 10, 10, 10, 10, 10, 10, 10, 10, 11, 11, 11, 11, 11, 6, 11, 11, 12, 12, 12, 6, 12, 12, 12, 12,
    -1, -1, -1, -1, -1, -1, -1, -1, 5, 5, 5, 5, 5, 9, 6, 9, 3, 3, 3, 3, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::optional<int> parseHex(std::string_view s, int maxValue)
{
    if (s.empty() || s.size() > 2)
        return std::nullopt;
    int v = 0;
    for (char c : s) {
        const int d = hexDigit(c);
        if (d < 0)
            return std::nullopt;
        v = v * 16 + d;
    }
    if (v > maxValue)
        return std::nullopt;
    return v;
}

} // namespace

MidiVocabulary::MidiVocabulary(bool piano) : piano_(piano)
{
    if (piano) {
        // vocab_config_piano.json (A.8): one bin, no drum bin. Every melodic program folds into
        // the piano (our reading of the piano config); channel-9 drums are dropped.
        bins_ = {{"piano", "p", 0, 0}};
        programBin_.fill(0);
        drumBin_ = -1;
        velocityBins_ = 16;
        velocityExp_ = 0.33;
    } else {
        bins_ = {{"percussion", "p", 9, 0}, {"drum", "d", 0, 118},   {"tuba", "t", 1, 58},
                 {"marimba", "m", 2, 12},   {"bass", "b", 3, 32},    {"guitar", "g", 4, 25},
                 {"violin", "v", 5, 40},    {"trumpet", "tr", 6, 56}, {"piano", "pi", 7, 0},
                 {"sax", "s", 8, 66},       {"flute", "f", 10, 73},  {"lead", "l", 11, 80},
                 {"pad", "pa", 12, 88}};
        programBin_ = kFullProgramBins;
        drumBin_ = 0;
        velocityBins_ = 12;
        velocityExp_ = 0.5;
    }
    decodeVelocity_.resize(size_t(velocityBins_));
    const double binSize = 128.0 / (velocityBins_ - 1);
    for (int b = 0; b < velocityBins_; ++b) {
        const double x = ((velocityExp_ - 1.0) * binSize * b) / 128.0 + 1.0;
        const double v = std::ceil(128.0 * (std::log(x) / std::log(velocityExp_)) - 1.0);
        decodeVelocity_[size_t(b)] = std::max(0, int(v));
    }
}

const MidiVocabulary& MidiVocabulary::full()
{
    static const MidiVocabulary v(false);
    return v;
}

const MidiVocabulary& MidiVocabulary::piano()
{
    static const MidiVocabulary v(true);
    return v;
}

const MidiVocabulary& MidiVocabulary::forVocabSize(int vocabSize)
{
    return vocabSize < 20096 ? piano() : full();
}

int MidiVocabulary::binFor(int program, int channel) const
{
    if (channel == 9)
        return drumBin_;
    if (program < 0 || program > 127)
        return -1;
    return programBin_[size_t(program)];
}

int MidiVocabulary::binForShortName(std::string_view shortName) const
{
    for (size_t i = 0; i < bins_.size(); ++i)
        if (bins_[i].shortName == shortName)
            return int(i);
    return -1;
}

int MidiVocabulary::velocityToBin(double velocity) const
{
    velocity = std::clamp(velocity, 0.0, 127.0);
    const double binSize = 128.0 / (velocityBins_ - 1);
    const double scaled = 128.0 * ((std::pow(velocityExp_, velocity / 128.0) - 1.0) / (velocityExp_ - 1.0));
    return std::clamp(int(std::ceil(scaled / binSize)), 0, velocityBins_ - 1);
}

std::string MidiVocabulary::tokenText(int id) const
{
    if (id == kPad)
        return "<pad>";
    if (id == kStart)
        return "<start>";
    if (id == kEnd)
        return "<end>";
    if (id >= kFirstWait && id < kFirstNote)
        return "t" + std::to_string(id - kFirstWait + 1);
    if (id < kFirstNote || id >= size())
        return {};
    const int rel = id - kFirstNote;
    return formatNoteToken({rel / (128 * velocityBins_), (rel / velocityBins_) % 128, rel % velocityBins_});
}

std::optional<NoteToken> MidiVocabulary::parseNoteToken(std::string_view word) const
{
    const size_t c1 = word.find(':');
    if (c1 == std::string_view::npos)
        return std::nullopt;
    const size_t c2 = word.find(':', c1 + 1);
    if (c2 == std::string_view::npos || word.find(':', c2 + 1) != std::string_view::npos)
        return std::nullopt;
    std::string prefix(word.substr(0, c1));
    for (char& c : prefix)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    const int bin = binForShortName(prefix);
    const auto note = parseHex(word.substr(c1 + 1, c2 - c1 - 1), 127);
    const auto vel = parseHex(word.substr(c2 + 1), velocityBins_ - 1);
    if (bin < 0 || !note || !vel)
        return std::nullopt;
    return NoteToken{bin, *note, *vel};
}

std::string MidiVocabulary::formatNoteToken(const NoteToken& t) const
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s:%x:%x", bins_[size_t(t.bin)].shortName.c_str(), t.note, t.velocityBin);
    return buf;
}

std::optional<int> MidiVocabulary::tokenId(std::string_view word) const
{
    std::string w(word);
    for (char& c : w)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (w == "<pad>")
        return kPad;
    if (w == "<start>")
        return kStart;
    if (w == "<end>")
        return kEnd;
    if (isWaitWord(w)) {
        if (w.size() > 4)
            return std::nullopt;
        int n = 0;
        for (size_t i = 1; i < w.size(); ++i) {
            if (!std::isdigit(static_cast<unsigned char>(w[i])))
                return std::nullopt;
            n = n * 10 + (w[i] - '0');
        }
        // The vocabulary spells each wait once: "t5", never "t05".
        if (n < 1 || n > kWaitEvents || w != "t" + std::to_string(n))
            return std::nullopt;
        return waitTokenId(n);
    }
    const auto note = parseNoteToken(w);
    if (!note || formatNoteToken(*note) != w)
        return std::nullopt;
    return noteTokenId(*note);
}

std::vector<int> MidiVocabulary::encodeText(std::string_view text) const
{
    std::vector<int> ids;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        size_t j = i;
        while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])))
            ++j;
        if (j > i)
            ids.push_back(tokenId(text.substr(i, j - i)).value_or(kPad));
        i = j;
    }
    return ids;
}

std::string MidiVocabulary::decodeIds(const std::vector<int>& ids) const
{
    std::string out;
    for (int id : ids) {
        const std::string t = tokenText(id);
        if (t.empty())
            continue;
        if (!out.empty())
            out += ' ';
        out += t;
    }
    return out;
}

} // namespace rwkv::music
