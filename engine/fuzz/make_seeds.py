#!/usr/bin/env python3
"""Writes small seed inputs for the checkpoint fuzzers into OUT_DIR/{pth,safetensors,pickle}.

Only the Python standard library: a torch-shaped pickle is produced by stand-in functions that
pickle under torch's global names, so no PyTorch is needed. Usage: make_seeds.py OUT_DIR
"""
import collections
import io
import json
import os
import pickle
import struct
import sys
import types
import zipfile


def fake_global(module, name):
    """A callable that pickles as GLOBAL 'module name'."""
    mod = sys.modules.setdefault(module, types.ModuleType(module))
    fn = lambda *args: None  # noqa: E731
    fn.__module__, fn.__name__, fn.__qualname__ = module, name, name
    setattr(mod, name, fn)
    return fn


REBUILD = fake_global("torch._utils", "_rebuild_tensor_v2")
STORAGES = {t: fake_global("torch", t) for t in ("FloatStorage", "HalfStorage", "BFloat16Storage", "LongStorage")}


class Storage:
    def __init__(self, key, kind, numel):
        self.key, self.kind, self.numel = key, kind, numel


class Tensor:
    def __init__(self, storage, offset, shape, stride):
        self.args = (storage, offset, tuple(shape), tuple(stride), False, collections.OrderedDict())

    def __reduce__(self):
        return (REBUILD, self.args)


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", STORAGES[obj.kind], obj.key, "cpu", obj.numel)
        return None


def pickle_bytes(state):
    out = io.BytesIO()
    TorchPickler(out, protocol=2).dump(state)
    return out.getvalue()


def write_pth(path, stem, state, storages, zip64=False):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr(stem + "/data.pkl", pickle_bytes(state))
        z.writestr(stem + "/byteorder", "little")
        for key, data in storages.items():
            with z.open(stem + "/data/" + key, "w", force_zip64=zip64) as f:
                f.write(data)
        z.writestr(stem + "/version", "3\n")


def write_safetensors(path, tensors, metadata=True):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {"format": "pt"}
    for name, dtype, shape, data in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    out = sys.argv[1]
    for sub in ("pth", "safetensors", "pickle"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    f32 = struct.pack("<12f", *[i * 0.5 - 2 for i in range(12)])
    bf16 = bytes(range(16))
    i64 = struct.pack("<4q", 0, 1, -2, 1 << 40)
    s0, s1, s2 = Storage("0", "FloatStorage", 12), Storage("1", "BFloat16Storage", 8), Storage("2", "LongStorage", 4)
    state = collections.OrderedDict()
    state["w"] = Tensor(s0, 0, [3, 4], [4, 1])
    state["w.T"] = Tensor(s0, 0, [4, 3], [1, 4])
    state["col"] = Tensor(s0, 1, [3], [4])
    state["b"] = Tensor(s1, 0, [8], [1])
    state["scalar"] = Tensor(s2, 3, [], [])
    state["ids"] = Tensor(s2, 0, [4], [1])
    storages = {"0": f32, "1": bf16, "2": i64}
    write_pth(os.path.join(out, "pth", "small.pth"), "small", state, storages)
    write_pth(os.path.join(out, "pth", "zip64.pth"), "archive", state, storages, zip64=True)
    plain = {"emb.weight": Tensor(s0, 0, [12], [1])}
    write_pth(os.path.join(out, "pth", "dict.pth"), "10", plain, {"0": f32})
    for name in ("small", "dict"):
        with open(os.path.join(out, "pickle", name + ".pkl"), "wb") as f:
            f.write(pickle_bytes(state if name == "small" else plain))

    write_safetensors(os.path.join(out, "safetensors", "small.safetensors"),
                      [("w", "F32", [3, 4], f32), ("b", "BF16", [8], bf16), ("ids", "I64", [4], i64),
                       ("flag", "BOOL", [2], b"\x01\x00"), ("empty", "F16", [0, 3], b"")])
    write_safetensors(os.path.join(out, "safetensors", "nometa.safetensors"), [("x", "F32", [], f32[:4])], False)


if __name__ == "__main__":
    main()
