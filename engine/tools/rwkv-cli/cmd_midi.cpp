// rwkv-cli midi: the MIDI token codec of the music models (docs/MIDI.md) on the command line.
//   midi encode IN.mid [--piano]          token text "<start> … <end>" on stdout
//   midi decode OUT.mid [--piano]         token text from stdin to a .mid
//   midi render IN.mid OUT.wav [--soundfont F.sf2] [--tail-ms N]   offline render with FluidSynth
#include "commands.h"

#include "app/music/codec/midi_decoder.h"
#include "app/music/codec/midi_encoder.h"
#include "app/music/codec/midi_file.h"
#include "app/music/render/midi_renderer.h"
#include "core/error.h"

#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

using namespace rwkv::music;

namespace {

[[noreturn]] void usage(const std::string& why)
{
    throw rwkv::Error(rwkv::ErrorCode::InvalidArgument,
                      why + "\nusage: rwkv-cli midi encode IN.mid [--piano] | decode OUT.mid [--piano] < TOKENS"
                            " | render IN.mid OUT.wav [--soundfont F.sf2] [--tail-ms N]");
}

struct Options {
    std::vector<std::string> positional;
    bool piano = false;
    std::string soundFont;
    double tailMs = 1000.0;
};

Options parse(const Args& args)
{
    Options o;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--piano") {
            o.piano = true;
        } else if (a == "--soundfont" && i + 1 < args.size()) {
            o.soundFont = args[++i];
        } else if (a == "--tail-ms" && i + 1 < args.size()) {
            try {
                o.tailMs = std::stod(args[++i]);
            } catch (const std::exception&) {
                usage("--tail-ms needs a number of milliseconds");
            }
        } else if (a.starts_with("--")) {
            usage("unknown option " + a);
        } else {
            o.positional.push_back(a);
        }
    }
    return o;
}

} // namespace

int runMidi(const Args& args)
{
    if (args.empty())
        usage("missing subcommand");
    const std::string& sub = args[0];
    const Options o = parse(args);
    const MidiVocabulary& vocab = o.piano ? MidiVocabulary::piano() : MidiVocabulary::full();
    if (sub == "encode") {
        if (o.positional.size() != 1)
            usage("midi encode takes one .mid file");
        for (const std::string& piece : encodeMidi(readMidiFile(o.positional[0]), vocab))
            std::printf("%s\n", piece.c_str());
        return 0;
    }
    if (sub == "decode") {
        if (o.positional.size() != 1)
            usage("midi decode takes the output .mid path and reads tokens on stdin");
        const std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
        saveMidiFile(decodeTokens(text, vocab, {.closeWithEnd = true}), o.positional[0]);
        return 0;
    }
    if (sub == "render") {
        if (o.positional.size() != 2)
            usage("midi render takes IN.mid and OUT.wav");
        RenderOptions ro;
        ro.soundFont = o.soundFont;
        ro.tailMs = o.tailMs;
        const Audio audio = renderMidi(readMidiFile(o.positional[0]), ro);
        writeWav(audio, o.positional[1]);
        std::fprintf(stderr, "%s: %.2f s, %d Hz stereo\n", o.positional[1].c_str(), audio.seconds(), audio.sampleRate);
        return 0;
    }
    usage("unknown midi subcommand '" + sub + "'");
}
