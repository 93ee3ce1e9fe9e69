#include "app/music/codec/abc_to_midi.h"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace rwkv::music {

namespace {

constexpr int kTicksPerQuarter = 480;
constexpr int kVelocity = 80;

double parseFraction(std::string_view s, double fallback)
{
    const size_t slash = s.find('/');
    if (slash == std::string_view::npos) {
        const double v = std::atof(std::string(s).c_str());
        return v > 0 ? v : fallback;
    }
    const double a = std::atof(std::string(s.substr(0, slash)).c_str());
    const double b = std::atof(std::string(s.substr(slash + 1)).c_str());
    return a > 0 && b > 0 ? a / b : fallback;
}

std::string trim(std::string_view s)
{
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a])))
        ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1])))
        --b;
    return std::string(s.substr(a, b - a));
}

// Accidentals implied by a K: field, as semitone offsets per letter (index 0 = C … 6 = B).
std::array<int, 7> keySignature(std::string_view field)
{
    std::array<int, 7> acc{};
    std::string k = trim(field);
    if (k.empty() || k == "none")
        return acc;
    static const std::map<char, int> tonicFifths = {{'C', 0}, {'G', 1}, {'D', 2}, {'A', 3}, {'E', 4}, {'B', 5}, {'F', -1}};
    const char tonic = char(std::toupper(static_cast<unsigned char>(k[0])));
    auto it = tonicFifths.find(tonic);
    if (it == tonicFifths.end())
        return acc;
    int fifths = it->second;
    size_t i = 1;
    if (i < k.size() && k[i] == '#') {
        fifths += 7;
        ++i;
    } else if (i < k.size() && k[i] == 'b') {
        fifths -= 7;
        ++i;
    }
    std::string mode;
    while (i < k.size() && k[i] == ' ')
        ++i;
    while (i < k.size() && std::isalpha(static_cast<unsigned char>(k[i])))
        mode += char(std::tolower(static_cast<unsigned char>(k[i++])));
    mode = mode.substr(0, 3);
    if (mode == "m" || mode == "min" || mode == "aeo")
        fifths -= 3;
    else if (mode == "dor")
        fifths -= 2;
    else if (mode == "mix")
        fifths -= 1;
    else if (mode == "lyd")
        fifths += 1;
    else if (mode == "phr")
        fifths -= 4;
    else if (mode == "loc")
        fifths -= 5;
    static const int sharpOrder[7] = {3, 0, 4, 1, 5, 2, 6}; // F C G D A E B
    static const int flatOrder[7] = {6, 2, 5, 1, 4, 0, 3};  // B E A D G C F
    for (int n = 0; n < std::min(std::abs(fifths), 7); ++n)
        acc[size_t(fifths > 0 ? sharpOrder[n] : flatOrder[n])] = fifths > 0 ? 1 : -1;
    return acc;
}

class AbcReader {
public:
    MidiFile run(std::string_view abc)
    {
        file_.format = 0;
        file_.ticksPerQuarter = kTicksPerQuarter;
        file_.tracks.resize(1);
        events().push_back(MidiEvent::channelMessage(0, 0xC0, 0, 0));
        size_t pos = 0;
        while (pos <= abc.size()) {
            size_t end = abc.find('\n', pos);
            if (end == std::string_view::npos)
                end = abc.size();
            line(abc.substr(pos, end - pos));
            pos = end + 1;
        }
        endBar();
        std::stable_sort(events().begin(), events().end(),
                         [](const MidiEvent& a, const MidiEvent& b) { return a.tick < b.tick; });
        events().push_back(MidiEvent::meta(tick(), kMetaEndOfTrack, {}));
        return std::move(file_);
    }

private:
    std::vector<MidiEvent>& events() { return file_.tracks[0].events; }
    uint64_t tick() const { return uint64_t(std::llround(timeWhole_ * 4 * kTicksPerQuarter)); }

    void field(char name, std::string_view value)
    {
        switch (name) {
        case 'L':
            unit_ = parseFraction(trim(value), 0.125);
            break;
        case 'M': {
            const std::string m = trim(value);
            meter_ = m == "C" ? 1.0 : m == "C|" ? 1.0 : parseFraction(m, 1.0);
            if (!unitSet_)
                unit_ = meter_ < 0.75 ? 1.0 / 16 : 0.125;
            break;
        }
        case 'Q': {
            std::string q = trim(value);
            const size_t eq = q.find('=');
            const double beat = eq == std::string::npos ? 0.25 : parseFraction(trim(q.substr(0, eq)), 0.25);
            const double bpm = std::atof((eq == std::string::npos ? q : q.substr(eq + 1)).c_str());
            if (bpm > 0) {
                const double quarterBpm = bpm * beat * 4;
                events().push_back(MidiEvent::tempo(tick(), uint32_t(60000000.0 / quarterBpm)));
            }
            break;
        }
        case 'K':
            key_ = keySignature(value.substr(0, value.find('%')));
            bar_ = {};
            break;
        default:
            break;
        }
        if (name == 'L')
            unitSet_ = true;
    }

    void line(std::string_view raw)
    {
        std::string_view l = raw;
        while (!l.empty() && (l.front() == '\x02' || l.front() == '\x03'))
            l.remove_prefix(1);
        if (l.size() >= 2 && std::isalpha(static_cast<unsigned char>(l[0])) && l[1] == ':' && l[0] != '|') {
            field(l[0], l.substr(2));
            return;
        }
        body(l);
    }

    double lengthAt(std::string_view s, size_t& i)
    {
        double num = 1, den = 1;
        std::string digits;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
            digits += s[i++];
        if (!digits.empty())
            num = std::max(1, std::atoi(digits.c_str()));
        while (i < s.size() && s[i] == '/') {
            ++i;
            std::string d;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
                d += s[i++];
            den *= d.empty() ? 2 : std::max(1, std::atoi(d.c_str()));
        }
        return std::min(num / den, 64.0) * unit_;
    }

    // Reads one note at s[i] (accidental, letter, octave marks); returns its key or -1.
    int noteAt(std::string_view s, size_t& i)
    {
        int accidental = 0;
        bool explicitAcc = false;
        while (i < s.size() && (s[i] == '^' || s[i] == '_' || s[i] == '=')) {
            explicitAcc = true;
            accidental += s[i] == '^' ? 1 : s[i] == '_' ? -1 : 0;
            ++i;
        }
        if (i >= s.size())
            return -1;
        const char c = s[i];
        static const int letterIndex[7] = {5, 6, 0, 1, 2, 3, 4}; // A..G -> C-based index
        static const int semis[7] = {0, 2, 4, 5, 7, 9, 11};
        int octave = 0;
        if (c >= 'A' && c <= 'G')
            octave = 0;
        else if (c >= 'a' && c <= 'g')
            octave = 1;
        else
            return -1;
        ++i;
        const int idx = letterIndex[std::toupper(static_cast<unsigned char>(c)) - 'A'];
        while (i < s.size() && (s[i] == '\'' || s[i] == ',')) {
            octave += s[i] == '\'' ? 1 : -1;
            ++i;
        }
        const int natural = 60 + octave * 12 + semis[idx];
        if (explicitAcc)
            bar_[natural] = accidental;
        int acc = key_[size_t(idx)];
        if (auto it = bar_.find(natural); it != bar_.end())
            acc = it->second;
        return std::clamp(natural + acc, 0, 127);
    }

    void sound(const std::vector<int>& keys, double length)
    {
        length *= tupletFactor();
        if (brokenNext_ != 0) {
            length *= brokenNext_;
            brokenNext_ = 0;
        }
        const uint64_t start = tick();
        for (int k : keys) {
            if (tied_.count(k)) {
                tied_.erase(k);
                continue; // a tie extends the sounding note
            }
            recordOn(start, k);
        }
        lastKeys_ = keys;
        lastStart_ = timeWhole_;
        timeWhole_ += length;
        pendingOff_ = keys;
    }

    double tupletFactor()
    {
        if (tupletLeft_ <= 0)
            return 1.0;
        --tupletLeft_;
        return tupletRatio_;
    }

    void recordOn(uint64_t t, int k)
    {
        events().push_back(MidiEvent::channelMessage(t, 0x90, 0, k, kVelocity));
        sounding_.push_back(k);
    }

    void releaseExcept(const std::vector<int>& keep)
    {
        std::vector<int> still;
        for (int k : sounding_) {
            if (std::find(keep.begin(), keep.end(), k) != keep.end())
                still.push_back(k);
            else
                events().push_back(MidiEvent::channelMessage(tick(), 0x80, 0, k, 64));
        }
        sounding_ = still;
    }

    void endBar() { releaseExcept(std::vector<int>(tied_.begin(), tied_.end())); }

    void body(std::string_view s)
    {
        size_t i = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '%')
                return;
            if (c == '"') { // chord symbol / annotation
                const size_t e = s.find('"', i + 1);
                i = e == std::string_view::npos ? s.size() : e + 1;
                continue;
            }
            if (c == '!' || c == '+') { // decoration
                const size_t e = s.find(c, i + 1);
                i = e == std::string_view::npos ? s.size() : e + 1;
                continue;
            }
            if (c == '{') { // grace notes
                const size_t e = s.find('}', i + 1);
                i = e == std::string_view::npos ? s.size() : e + 1;
                continue;
            }
            if (c == '[' && i + 2 < s.size() && std::isalpha(static_cast<unsigned char>(s[i + 1])) && s[i + 2] == ':') {
                const size_t e = s.find(']', i);
                const std::string_view inner = s.substr(i + 3, (e == std::string_view::npos ? s.size() : e) - i - 3);
                field(s[i + 1], inner);
                i = e == std::string_view::npos ? s.size() : e + 1;
                continue;
            }
            if (c == '|' || c == ':' || c == ']' || (c == '[' && i + 1 < s.size() && (s[i + 1] == '|' || std::isdigit(static_cast<unsigned char>(s[i + 1]))))) {
                barLine(s, i);
                continue;
            }
            if (c == '(' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
                const int p = s[i + 1] - '0';
                tupletLeft_ = p;
                tupletRatio_ = p == 2 ? 1.5 : p == 3 ? 2.0 / 3 : p == 4 ? 0.75 : (p % 2 ? (meter_ >= 0.75 && std::fmod(meter_ * 8, 3) == 0 ? 3.0 : 2.0) : 3.0) / p;
                i += 2;
                continue;
            }
            if (c == '>' || c == '<') {
                int n = 0;
                while (i < s.size() && s[i] == c) {
                    ++n;
                    ++i;
                }
                const double shorter = std::pow(0.5, n);
                // The previous note was already placed: adjust the clock and its length.
                const double prevLen = timeWhole_ - lastStart_;
                const double newPrev = c == '>' ? prevLen * (2 - shorter) : prevLen * shorter;
                timeWhole_ = lastStart_ + newPrev;
                brokenNext_ = c == '>' ? shorter : (2 - shorter);
                continue;
            }
            if (c == '-') { // tie: keep the last notes sounding into the next ones
                for (int k : lastKeys_)
                    tied_.insert(k);
                ++i;
                continue;
            }
            if (c == 'z' || c == 'x') {
                ++i;
                releaseExcept({});
                timeWhole_ += lengthAt(s, i) * tupletFactor();
                continue;
            }
            if (c == 'Z' || c == 'X') {
                ++i;
                releaseExcept({});
                std::string d;
                while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
                    d += s[i++];
                timeWhole_ += meter_ * (d.empty() ? 1 : std::max(1, std::atoi(d.c_str())));
                continue;
            }
            if (c == '[') { // chord
                ++i;
                std::vector<int> keys;
                double len = -1;
                while (i < s.size() && s[i] != ']') {
                    const int k = noteAt(s, i);
                    if (k < 0) {
                        ++i;
                        continue;
                    }
                    const double l = lengthAt(s, i);
                    if (len < 0)
                        len = l;
                    keys.push_back(k);
                }
                if (i < s.size())
                    ++i;
                const double outer = lengthAt(s, i) / unit_;
                if (!keys.empty()) {
                    releaseExcept(std::vector<int>(tied_.begin(), tied_.end()));
                    sound(keys, len * outer);
                }
                continue;
            }
            const size_t before = i;
            const int k = noteAt(s, i);
            if (k >= 0) {
                const double l = lengthAt(s, i);
                releaseExcept(std::vector<int>(tied_.begin(), tied_.end()));
                sound({k}, l);
                continue;
            }
            i = before + 1; // anything else: skip
        }
    }

    void barLine(std::string_view s, size_t& i)
    {
        // Read the whole bar-line token: | || |] [| |: :| :: [1 [2 |1 |2
        std::string tok;
        while (i < s.size() && (s[i] == '|' || s[i] == ':' || s[i] == ']' || s[i] == '[' || std::isdigit(static_cast<unsigned char>(s[i])))) {
            if (std::isdigit(static_cast<unsigned char>(s[i])) && tok.empty())
                break;
            tok += s[i++];
            if (std::isdigit(static_cast<unsigned char>(tok.back())))
                break;
        }
        if (tok.empty())
            ++i;
        bar_.clear();
        if (tok.find(":|") != std::string::npos || tok.find("::") != std::string::npos)
            repeatEnd();
        if (tok.find("|:") != std::string::npos || tok.find("::") != std::string::npos)
            repeatStart_ = events().size(), repeatStartTime_ = timeWhole_;
    }

    // Plays the section since the last |: (or the start) once more, shifted in time.
    void repeatEnd()
    {
        if (repeated_.count(repeatStart_))
            return;
        repeated_.insert(repeatStart_);
        releaseExcept({});
        const double span = timeWhole_ - repeatStartTime_;
        if (span <= 0)
            return;
        const uint64_t shift = uint64_t(std::llround(span * 4 * kTicksPerQuarter));
        std::vector<MidiEvent> copy;
        for (size_t j = repeatStart_; j < events().size(); ++j)
            if (events()[j].kind == MidiEvent::Kind::Channel) {
                MidiEvent e = events()[j];
                e.tick += shift;
                copy.push_back(e);
            }
        events().insert(events().end(), copy.begin(), copy.end());
        timeWhole_ += span;
        repeatStart_ = events().size();
        repeatStartTime_ = timeWhole_;
    }

    MidiFile file_;
    double unit_ = 0.125;
    bool unitSet_ = false;
    double meter_ = 1.0;
    std::array<int, 7> key_{};
    std::map<int, int> bar_; // accidentals written in this bar, by natural key
    double timeWhole_ = 0.0;
    double lastStart_ = 0.0;
    double brokenNext_ = 0.0;
    std::vector<int> lastKeys_, pendingOff_, sounding_;
    std::set<int> tied_;
    int tupletLeft_ = 0;
    double tupletRatio_ = 1.0;
    size_t repeatStart_ = 1;
    double repeatStartTime_ = 0.0;
    std::set<size_t> repeated_;
};

} // namespace

MidiFile abcToMidi(std::string_view abc)
{
    return AbcReader().run(abc);
}

} // namespace rwkv::music
