#include "app/music/codec/midi_encoder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

namespace rwkv::music {

namespace {

struct ChannelState {
    int program = 0;
    int volume = 127;     // CC7 / CC39
    int expression = 127; // CC11
    bool sustain = false; // CC64 >= 64
    std::set<int> active;   // notes sounding
    std::set<int> deferred; // released while the pedal was down
};

class PieceWriter {
public:
    PieceWriter(const MidiVocabulary& vocab, const EncodeOptions& options) : vocab_(vocab), options_(options) {}

    // consume_note_program_data: one note event at the current time.
    void note(const std::array<ChannelState, 16>& channels, int program, int channel, int key, double velocity)
    {
        const int bin = vocab_.binFor(program, channel);
        if (bin < 0)
            return; // dropped instrument: its time carries over to the next event (A.5 step 4)
        if (deltaMs_ > options_.pieceSplitDelayMs && silent(channels)) {
            closePiece();
            words_ = {"<start>"};
            lengthMs_ = 0.0;
            started_ = false;
        }
        if (started_) {
            const auto waits = waitWords(deltaMs_);
            if (!waits.empty()) {
                flush();
                lengthMs_ += deltaMs_;
                words_.insert(words_.end(), waits.begin(), waits.end());
            }
        }
        deltaMs_ = 0.0; // unconditionally: gaps under ~4 ms merge into one chord
        buffer_.push_back({bin, key, vocab_.velocityToBin(velocity)});
        started_ = true;
    }

    void addTime(double ms) { deltaMs_ += ms; }

    std::vector<std::string> finish()
    {
        closePiece();
        return std::move(pieces_);
    }

private:
    static bool silent(const std::array<ChannelState, 16>& channels)
    {
        return std::all_of(channels.begin(), channels.end(), [](const ChannelState& c) { return c.active.empty(); });
    }

    void flush()
    {
        // Percussion first, then by bin, then by pitch; stable so repeated notes keep their order.
        const int drums = vocab_.drumChannelBin();
        std::stable_sort(buffer_.begin(), buffer_.end(), [drums](const NoteToken& a, const NoteToken& b) {
            const bool ad = a.bin != drums, bd = b.bin != drums;
            if (ad != bd)
                return ad < bd;
            if (a.bin != b.bin)
                return a.bin < b.bin;
            return a.note < b.note;
        });
        for (const NoteToken& t : buffer_)
            words_.push_back(vocab_.formatNoteToken(t));
        buffer_.clear();
    }

    void closePiece()
    {
        flush();
        words_.push_back("<end>");
        if (lengthMs_ > options_.minPieceLengthMs) {
            std::string text;
            for (const auto& w : words_) {
                if (!text.empty())
                    text += ' ';
                text += w;
            }
            pieces_.push_back(std::move(text));
        }
    }

    const MidiVocabulary& vocab_;
    const EncodeOptions& options_;
    std::vector<std::string> words_{"<start>"};
    std::vector<NoteToken> buffer_;
    std::vector<std::string> pieces_;
    double deltaMs_ = 0.0;
    double lengthMs_ = 0.0;
    bool started_ = false;
};

} // namespace

std::vector<std::string> waitWords(double ms)
{
    std::vector<std::string> words;
    if (!(ms > 0.0))
        return words;
    ms = std::min(ms, 10000.0);
    const int seconds = int(std::floor(ms / 1000.0));
    for (int i = 0; i < seconds; ++i)
        words.push_back("t125");
    const int rest = int(std::ceil(std::fmod(ms, 1000.0) / MidiVocabulary::kMsPerWait - 0.5)); // round half down
    if (rest > 0)
        words.push_back("t" + std::to_string(rest));
    return words;
}

std::vector<std::string> encodeMidi(const MidiFile& file, const MidiVocabulary& vocab, const EncodeOptions& options)
{
    const std::vector<MidiEvent> events = mergeTracks(file);
    const std::vector<double> times = eventTimesMs(file, events);
    std::array<ChannelState, 16> ch;
    PieceWriter out(vocab, options);

    auto release = [&](int c, int key) { // handle_note_off
        ChannelState& s = ch[size_t(c)];
        if (s.sustain) {
            if (s.active.count(key))
                s.deferred.insert(key);
            return;
        }
        if (s.active.erase(key))
            out.note(ch, s.program, c, key, 0.0);
    };

    double lastMs = 0.0;
    for (size_t i = 0; i < events.size(); ++i) {
        const MidiEvent& e = events[i];
        out.addTime(times[i] - lastMs);
        lastMs = times[i];
        if (e.kind != MidiEvent::Kind::Channel)
            continue;
        const int c = e.channel();
        ChannelState& s = ch[size_t(c)];
        switch (e.type()) {
        case 0xC0:
            s.program = e.data1;
            break;
        case 0x90:
            if (e.data2 == 0) {
                release(c, e.data1);
                break;
            }
            if (s.deferred.erase(e.data1))
                out.note(ch, s.program, c, e.data1, 0.0);
            // Emitted before the note joins `active`, so a note after a long silence can split.
            out.note(ch, s.program, c, e.data1, double(e.data2) * s.volume * s.expression / (127.0 * 127.0));
            s.active.insert(e.data1);
            break;
        case 0x80:
            release(c, e.data1);
            break;
        case 0xB0:
            if (e.data1 == 7 || e.data1 == 39) {
                s.volume = e.data2;
            } else if (e.data1 == 11) {
                s.expression = e.data2;
            } else if (e.data1 == 64) {
                s.sustain = e.data2 >= 64;
                if (!s.sustain) {
                    const std::set<int> notes = std::move(s.deferred);
                    s.deferred.clear();
                    for (int key : notes)
                        if (s.active.erase(key))
                            out.note(ch, s.program, c, key, 0.0);
                }
            } else if (e.data1 == 123) { // all notes off, on every channel as upstream does
                for (int cc = 0; cc < 16; ++cc) {
                    const std::set<int> notes = ch[size_t(cc)].active;
                    for (int key : notes)
                        release(cc, key);
                }
            }
            break;
        default:
            break;
        }
    }
    return out.finish();
}

} // namespace rwkv::music
