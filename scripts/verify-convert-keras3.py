#!/usr/bin/env python3
"""Loads each `.keras` that `kerascope convert --to keras` wrote in real Keras 3 and compares it with
the original file, read independently of kerascope:
  - parameter count: `model.count_params()` against the expected total (the fixture manifest's, or
    the sum of the original's arrays);
  - weights, layer by layer (by layer name): against Keras 3 loading the original itself when it can
    (.keras archives, tf.keras / Keras 3 .h5), else against the original's HDF5 arrays read with
    h5py, with Keras 1 layouts converted here in numpy as Keras 2's preprocess_weights_for_loading
    did (keras-formats.md §2.6).
Input: a JSON list of {"id", "original", "weights"?, "converted", "expected_total"?} on stdin or in
argv[1]; output: one JSON line per case {"id", "ok", "params", "oracle", "problems"}.
Run by scripts/verify-convert.mjs --keras3; `npm test` never needs it.
"""
import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
warnings.filterwarnings("ignore")
import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402


def text(v):
    return v.decode("utf8") if isinstance(v, bytes) else str(v)


def attr_list(group, name):
    if name in group.attrs:
        return [text(x) for x in group.attrs[name]]
    out, i = [], 0
    while f"{name}{i}" in group.attrs:
        out += [text(x) for x in group.attrs[f"{name}{i}"]]
        i += 1
    return out


def keras1_convert(cls, cfg, arrays):
    """keras-formats.md §2.6, written independently of kerascope's TypeScript."""
    th = cfg.get("dim_ordering") == "th"
    if cls in ("Convolution2D", "Conv2D") and th and arrays and arrays[0].ndim == 4:
        return [np.transpose(arrays[0], (2, 3, 1, 0))] + arrays[1:]
    if cls in ("Convolution1D", "Conv1D") and arrays and arrays[0].ndim == 4:
        k = arrays[0]
        if k.shape[1] != 1:
            k = np.transpose(k, (2, 3, 1, 0))
        return [k[:, 0, :, :]] + arrays[1:]
    if cls == "LSTM" and len(arrays) == 12:
        w = arrays
        return [np.concatenate([w[0], w[6], w[3], w[9]], axis=-1), np.concatenate([w[1], w[7], w[4], w[10]], axis=-1), np.concatenate([w[2], w[8], w[5], w[11]], axis=-1)]
    if cls == "GRU" and len(arrays) == 9:
        w = arrays
        return [np.concatenate([w[0], w[3], w[6]], axis=-1), np.concatenate([w[1], w[4], w[7]], axis=-1), np.concatenate([w[2], w[5], w[8]], axis=-1)]
    return arrays


def layer_classes(config):
    """layer name -> (class, config) from a Keras 1/2 model_config (Sequential list or dict, Model)."""
    out = {}
    cfg = config.get("config")
    layers = cfg if isinstance(cfg, list) else (cfg or {}).get("layers", [])
    for l in layers:
        c = l.get("config", {})
        out[l.get("name") or c.get("name")] = (l.get("class_name"), c)
    return out


def h5_arrays(original, weights_file):
    """layer name -> arrays, from the legacy HDF5 layout, Keras 1 layouts converted."""
    path = weights_file or original
    with h5py.File(path, "r") as f:
        root = f["model_weights"] if "model_weights" in f else f
        version = text(root.attrs.get("keras_version", f.attrs.get("keras_version", b"1")))
        config = None
        if "model_config" in f.attrs:
            config = json.loads(text(f.attrs["model_config"]))
        elif weights_file:
            with open(original) as fh:
                config = json.load(fh)
        classes = layer_classes(config) if config else {}
        out = {}
        for name in attr_list(root, "layer_names"):
            g = root[name]
            arrays = [np.array(g[w]) for w in attr_list(g, "weight_names")]
            if not arrays or (classes and name not in classes):
                continue
            if version.startswith("1"):
                cls, cfg = classes.get(name, (None, {}))
                arrays = keras1_convert(cls, cfg, arrays)
            out[name] = arrays
        return out


def tfjs_arrays(original):
    """layer name -> arrays, from a tfjs model.json and its shards (float32/int32, unquantized)."""
    folder = os.path.dirname(original)
    manifest = json.load(open(original))["weightsManifest"]
    out = {}
    for group in manifest:
        data = b"".join(open(os.path.join(folder, p), "rb").read() for p in group["paths"])
        at = 0
        for w in group["weights"]:
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            q = w.get("quantization")
            if q:
                raw = np.frombuffer(data, dtype={"uint8": "<u1", "uint16": "<u2", "float16": "<f2"}[q["dtype"]], count=n, offset=at)
                at += raw.itemsize * n
                a = (raw.astype("float32") if q["dtype"] == "float16" else (raw.astype("float64") * q["scale"] + q["min"]).astype("float32")).reshape(w["shape"])
            else:
                a = np.frombuffer(data, dtype="<f4" if w["dtype"] == "float32" else "<i4", count=n, offset=at).reshape(w["shape"])
                at += 4 * n
            out.setdefault(w["name"].split("/")[0], []).append(a)
    return out


def expected_weights(case):
    original = case["original"]
    with open(original, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"{") and not case.get("weights"):
        return "tfjs shards (numpy)", tfjs_arrays(original)
    if case.get("weights"):
        with h5py.File(case["weights"], "r") as f:
            keras3_layout = "layers" in f or "vars" in f
        if keras3_layout:
            m = keras.models.model_from_json(open(original).read())
            m.load_weights(case["weights"])
            return "keras3 model_from_json + load_weights", {l.name: l.get_weights() for l in m.layers if l.get_weights()}
    if not case.get("weights"):
        try:
            m = keras.saving.load_model(original, compile=False)
            return "keras3-load", {l.name: l.get_weights() for l in m.layers if l.get_weights()}
        except Exception as e:  # noqa: BLE001
            if head.startswith(b"PK"):
                return f"none: Keras 3 cannot load the original ({type(e).__name__}); params only", None
            reason = type(e).__name__
    else:
        reason = "json+weights"
    return f"h5py ({reason})", h5_arrays(original, case.get("weights"))


def check(case):
    problems = []
    m = keras.saving.load_model(case["converted"])
    params = int(m.count_params())
    oracle, expected = expected_weights(case)
    total = case.get("expected_total")
    if expected is None:
        # Keras 3 cannot load the original: the params still have to match what Keras printed for it.
        if total is not None and params != total:
            problems.append(f"count_params {params} != expected {total}")
        return {"id": case["id"], "ok": not problems, "params": params, "oracle": oracle, "problems": problems}
    if total is None:
        total = int(sum(a.size for arrays in expected.values() for a in arrays))
    if params != total:
        problems.append(f"count_params {params} != expected {total}")
    got = {l.name: l.get_weights() for l in m.layers if l.get_weights()}
    if sorted(got) != sorted(expected):
        problems.append(f"weighted layers differ: {sorted(got)} vs {sorted(expected)}")
    for name, arrays in expected.items():
        mine = got.get(name)
        if mine is None:
            continue
        if len(mine) != len(arrays):
            problems.append(f"{name}: {len(mine)} arrays vs {len(arrays)}")
            continue
        for i, (a, b) in enumerate(zip(mine, arrays)):
            b = np.asarray(b, dtype=a.dtype) if a.dtype != b.dtype else b
            if a.shape != b.shape:
                problems.append(f"{name}[{i}]: shape {a.shape} vs {b.shape}")
            elif not np.array_equal(a, b, equal_nan=True):
                problems.append(f"{name}[{i}]: values differ (max abs diff {np.nanmax(np.abs(a.astype('float64') - b.astype('float64')))})")
    return {"id": case["id"], "ok": not problems, "params": params, "oracle": oracle, "problems": problems[:5]}


def main():
    cases = json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
    for case in cases:
        try:
            result = check(case)
        except Exception as e:  # noqa: BLE001
            result = {"id": case["id"], "ok": False, "problems": [f"{type(e).__name__}: {str(e)[:300]}"]}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
