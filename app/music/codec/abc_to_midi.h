// Converts ABC notation, as the RWKV ABC models write it (docs/MIDI.md A.9), into a MidiFile for
// playback: header fields L:, M:, Q:, K: (major/minor/modes, explicit accidentals), notes with
// accidentals and octave marks, lengths, rests, chords [CEG], ties, broken rhythm (> <), triplets
// (3, bar lines resetting accidentals, and simple repeats |: … :| played twice. Chord symbols,
// decorations, grace notes, lyrics and the model's control codes (S:, B:, E:) are skipped.
// Anything it cannot read is skipped too: conversion never fails. One piano voice, channel 0.
#pragma once

#include "app/music/codec/midi_file.h"

#include <string_view>

namespace rwkv::music {

MidiFile abcToMidi(std::string_view abc);

} // namespace rwkv::music
