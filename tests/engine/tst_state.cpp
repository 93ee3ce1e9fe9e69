// States are plain values: clones evolve independently, serialize→deserialize is bit-exact, and a
// state can never be restored into a model it does not belong to.
#include "fixtures.h"

#include "core/error.h"
#include "model/model.h"

#include <QtTest>

class StateTest : public QObject {
    Q_OBJECT

    std::shared_ptr<const rwkv::Model> load(const char* name)
    {
        return rwkv::Model::load(rwkvtest::fixture(QString("models/") + name).toStdString());
    }

private slots:
    void serializeRoundTripIsBitExact()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-6v0-1m.safetensors");
        for (const char* name : {"tiny-rwkv-4v0-660K.safetensors", "tiny-rwkv-5v2-730K.safetensors",
                                 "tiny-rwkv-6v0-1m.safetensors", "rand-rwkv7-L3-D128-V300.safetensors"}) {
            auto model = load(name);
            rwkv::State state = model->newState();
            std::vector<int32_t> tokens = {10, 72, 101, 108, 108, 111};
            model->prefill(state, tokens);
            std::vector<uint8_t> blob = state.serialize();
            rwkv::State back = rwkv::State::deserialize(blob, model->info());
            QVERIFY(back == state);
            QCOMPARE(back.tokensSeen(), uint64_t(tokens.size()));
            QCOMPARE(std::memcmp(back.all().data(), state.all().data(), state.all().size() * 4), 0);
            // Continuing from the restored state is the same as continuing from the original.
            QCOMPARE(model->step(back, 32), model->step(state, 32));
        }
    }

    void clonesEvolveIndependently()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        auto model = load("tiny-rwkv-7v0-834K.safetensors");
        rwkv::State a = model->newState();
        model->prefill(a, std::vector<int32_t>{84, 104, 101});
        rwkv::State b = a;
        std::vector<float> la = model->step(a, 32);
        QVERIFY(!(a == b));
        std::vector<float> lb = model->step(b, 32);
        QCOMPARE(la, lb);
        QVERIFY(a == b);
    }

    void stateOfAnotherModelIsRefused()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        // Same shape, different weights (bf16-rounded copy), and a different version.
        auto v7 = load("rand-rwkv7-L3-D128-V300.safetensors");
        auto v7bf16 = load("rand-rwkv7-L3-D128-V300-bf16.safetensors");
        auto v6 = load("tiny-rwkv-6v0-1m.safetensors");
        std::vector<uint8_t> blob = v7->newState().serialize();
        for (auto* other : {v7bf16.get(), v6.get()}) {
            try {
                rwkv::State::deserialize(blob, other->info());
                QFAIL("restored a state into another model");
            } catch (const rwkv::Error& e) {
                QCOMPARE(e.code(), rwkv::ErrorCode::Mismatch);
            }
        }
        rwkv::State foreign = v6->newState();
        std::vector<float> logits(size_t(v7->info().vocab));
        int32_t token = 1;
        QVERIFY_THROWS_EXCEPTION(rwkv::Error, v7->forward(foreign, std::span<const int32_t>(&token, 1),
                                                          rwkv::LogitsMode::Last, logits));
    }

    void damagedBlobsAreRejected()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        auto model = load("tiny-rwkv-7v0-834K.safetensors");
        std::vector<uint8_t> blob = model->newState().serialize();
        auto expect = [&](std::vector<uint8_t> bad, rwkv::ErrorCode code) {
            try {
                rwkv::State::deserialize(bad, model->info());
                QFAIL("accepted a damaged state");
            } catch (const rwkv::Error& e) {
                QCOMPARE(e.code(), code);
            }
        };
        expect({}, rwkv::ErrorCode::Corrupt);
        expect(std::vector<uint8_t>(blob.begin(), blob.begin() + long(blob.size() / 2)), rwkv::ErrorCode::Truncated);
        std::vector<uint8_t> flipped = blob;
        flipped[flipped.size() / 2] ^= 0x40;
        expect(flipped, rwkv::ErrorCode::Corrupt);
        std::vector<uint8_t> magic = blob;
        magic[0] = 'X';
        expect(magic, rwkv::ErrorCode::Corrupt);
    }

    void badTokensAreRefused()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        auto model = load("tiny-rwkv-7v0-834K.safetensors");
        rwkv::State state = model->newState();
        try {
            model->step(state, 256);
            QFAIL("token outside the vocabulary accepted");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::InvalidArgument);
        }
    }

    void cancelStopsALongPrefill()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        auto model = load("tiny-rwkv-7v0-834K.safetensors");
        std::atomic<bool> cancel{false};
        size_t progressCalls = 0;
        rwkv::RunControl control;
        control.cancel = &cancel;
        control.progress = [&](size_t done, size_t) {
            ++progressCalls;
            if (done >= 128)
                cancel = true;
        };
        std::vector<int32_t> tokens(1000, 65);
        rwkv::State state = model->newState();
        try {
            model->prefill(state, tokens, control);
            QFAIL("prefill ignored the cancel flag");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::Cancelled);
        }
        QVERIFY(progressCalls >= 1);
        QVERIFY(state.tokensSeen() < tokens.size());
    }
};

QTEST_GUILESS_MAIN(StateTest)
#include "tst_state.moc"
