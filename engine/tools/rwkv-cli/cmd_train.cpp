// rwkv-cli train MODEL --data F [--data F…] --method lora|state|full --out OUT.pth: fine-tunes an
// RWKV-7 model on the user's text and prints one JSON object per optimizer step ({"step", "loss",
// "lr", "tok_s", "val_loss" when measured, ...}), then {"done": true, "outputs": [...]}.
// rwkv-cli merge MODEL --lora F --lora-alpha A --out MERGED: the whole model with a LoRA merged.
#include "arg_parser.h"
#include "core/error.h"
#include "model_options.h"
#include "train/lora_merge.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>

#include <sys/resource.h>

using namespace rwkv::train;

namespace {

TrainSettings settingsFromArgs(const ArgParser& args)
{
    TrainSettings s = TrainSettings::forMethod(parseMethod(args.str("method", "lora")));
    s.loraRank = int(args.integer("rank", s.loraRank));
    s.loraAlpha = args.number("alpha", s.loraAlpha);
    s.trainLayerNorms = args.has("train-ln");
    s.loraDropout = args.number("lora-dropout", s.loraDropout);
    s.lr = args.number("lr", s.lr);
    s.lrFinal = args.number("lr-final", args.has("lr") ? s.lr / 10 : s.lrFinal);
    s.warmupSteps = int(args.integer("warmup", s.warmupSteps));
    if (args.has("steps") && args.has("epochs"))
        throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, "give --steps or --epochs, not both");
    s.steps = int(args.integer("steps", 0));
    s.epochs = args.number("epochs", s.epochs);
    s.ctx = int(args.integer("ctx", s.ctx));
    s.batch = int(args.integer("batch", s.batch));
    s.accumulate = int(args.integer("accumulate", s.accumulate));
    s.clip = args.number("clip", s.clip);
    s.seed = uint64_t(args.integer("seed", int64_t(s.seed)));
    s.validationFraction = args.number("val-fraction", s.validationFraction);
    s.validationEvery = int(args.integer("val-every", 0));
    if (args.has("weights"))
        s.frozenWeights = rwkv::parseWeightFormat(args.str("weights"));
    const std::string decay = args.str("decay", "cosine");
    if (decay != "cosine" && decay != "linear")
        throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, "--decay must be cosine or linear");
    s.decay = decay == "linear" ? LearningRate::Decay::Linear : LearningRate::Decay::Cosine;
    s.validate();
    return s;
}

void printJson(const nlohmann::json& j)
{
    std::cout << j.dump() << std::endl; // flushed: a script reads each step as it happens
}

} // namespace

int runTrain(const Args& argv)
{
    ArgParser args(argv,
                   {"data", "method", "out", "tokenizer", "rank", "alpha", "lr", "lr-final", "warmup", "steps", "epochs",
                    "ctx", "batch", "accumulate", "clip", "seed", "threads", "weights", "val-fraction", "val-every",
                    "checkpoint-dir", "checkpoint-every", "resume", "decay", "lora-dropout"},
                   {"train-ln"});
    const std::string model = args.positional(0, "MODEL");
    const std::string out = args.required("out");
    const std::vector<std::string> data = args.all("data");
    if (data.empty())
        throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, "give the training text with --data FILE or --data FOLDER");
    if (args.has("threads"))
        setenv("RWKV_THREADS", std::to_string(args.integer("threads", 0)).c_str(), 1);
    const TrainSettings settings = settingsFromArgs(args);

    const int vocab = trainVocabulary(model); // also checks that it is an RWKV-7 model
    auto tokenizer = rwkv::loadTokenizer(args.str("tokenizer", defaultTokenizer(vocab)));
    if (tokenizer->vocabSize() > vocab)
        throw rwkv::Error(rwkv::ErrorCode::Mismatch, "the tokenizer has more tokens than the model's vocabulary");
    auto samples = packSamples(readTrainingData(data, *tokenizer), settings.ctx);
    Trainer trainer(model, splitSamples(std::move(samples), settings.validationFraction, settings.seed), settings);

    const std::string checkpoints = args.str("checkpoint-dir", args.str("resume"));
    const int every = int(args.integer("checkpoint-every", 50));
    if (args.has("resume"))
        trainer.resume(args.str("resume"));
    printJson({{"event", "start"},
               {"method", methodName(settings.method)},
               {"steps", trainer.totalSteps()},
               {"from_step", trainer.stepsDone()},
               {"train_samples", trainer.trainingSamples()},
               {"val_samples", trainer.validationSamples()}});
    while (!trainer.finished()) {
        const StepReport r = trainer.step();
        nlohmann::json j = {{"step", r.step},   {"steps", r.totalSteps}, {"loss", r.loss},
                            {"lr", r.lr},       {"tok_s", r.tokensPerSecond}, {"grad_norm", r.gradNorm},
                            {"tokens", r.tokens}};
        if (r.validationLoss)
            j["val_loss"] = *r.validationLoss;
        if (!checkpoints.empty() && (r.step % std::max(every, 1) == 0 || trainer.finished()))
            trainer.saveCheckpoint(checkpoints);
        printJson(j);
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    printJson({{"done", true}, {"outputs", trainer.writeOutput(out)}, {"peak_rss_mb", usage.ru_maxrss / 1024}});
    return 0;
}

int runMerge(const Args& argv)
{
    ArgParser args(argv, {"lora", "lora-alpha", "out"});
    rwkv::mergeLora(args.positional(0, "MODEL"), args.required("lora"), args.number("lora-alpha", 0.0),
                    args.required("out"));
    printJson({{"done", true}, {"out", args.required("out")}});
    return 0;
}
