#!/usr/bin/env python3
"""onnxruntime baseline for `kgrec text bench`: the same all-MiniLM-L6-v2 weights, as a BERT graph
built here with onnx.helper straight from model.safetensors (no torch, no exported model download).

Usage: onnx_baseline.py MODEL_DIR TOKENS_JSONL --query-ids IDS [--check FIXTURE_TOKENS FIXTURE_NPY] [--threads 1 2]
(scripts/bench-text-encoder.sh runs it beside `kgrec text bench`.)

TOKENS_JSONL holds the WordPiece ids per sentence (`kgrec text embed --tokens FILE`), so both
implementations encode the same ids; tokenisation is not timed here. Prints sentences/s at batch 32
(padded to the batch's longest, in file order, and again with batches sorted by length as
sentence-transformers does), batch-1 latency for a 10-word query, and peak RSS.
"""
import argparse
import json
import resource
import struct
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

H, HEADS, LAYERS, EPS = 384, 12, 6, 1e-12
HEAD = H // HEADS


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        dtype = {"F32": np.float32, "I64": np.int64}[e["dtype"]]
        out[name] = np.frombuffer(data[b:end], dtype=dtype).reshape(e["shape"])
    return out


def build_graph(w):
    nodes, inits = [], []

    def const(name, array):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op, inputs, name, **attrs):
        nodes.append(helper.make_node(op, inputs, [name], **attrs))
        return name

    def linear(x, prefix, out):
        wt = const(prefix + ".wT", w[prefix + ".weight"].T.astype(np.float32))
        b = const(prefix + ".b", w[prefix + ".bias"])
        return node("Add", [node("MatMul", [x, wt], out + "_mm"), b], out)

    def layer_norm(x, prefix, out):
        return node("LayerNormalization", [x, const(prefix + ".g", w[prefix + ".weight"]),
                                           const(prefix + ".beta", w[prefix + ".bias"])], out, axis=-1, epsilon=EPS)

    word = node("Gather", [const("word", w["embeddings.word_embeddings.weight"]), "input_ids"], "e_word")
    pos = node("Gather", [const("pos", w["embeddings.position_embeddings.weight"]), "position_ids"], "e_pos")
    typ = const("type0", w["embeddings.token_type_embeddings.weight"][0])
    x = node("Add", [node("Add", [word, typ], "e_wt"), pos], "e_sum")
    x = layer_norm(x, "embeddings.LayerNorm", "h0")
    # Additive mask: 0 for tokens, -1e9-ish (float min as HF) for padding, shape [B, 1, 1, L].
    maskf = node("Cast", ["attention_mask"], "maskf", to=TensorProto.FLOAT)
    inv = node("Sub", [const("one", np.array(1.0, np.float32)), maskf], "mask_inv")
    bias = node("Mul", [inv, const("neg", np.array(np.finfo(np.float32).min, np.float32))], "mask_bias0")
    bias = node("Unsqueeze", [bias, const("ax12", np.array([1, 2], np.int64))], "mask_bias")
    shape4 = const("shape4", np.array([0, 0, HEADS, HEAD], np.int64))
    shape3 = const("shape3", np.array([0, 0, H], np.int64))
    for l in range(LAYERS):
        p = f"encoder.layer.{l}."
        heads = {}
        for part in ("query", "key", "value"):
            t = linear(x, p + "attention.self." + part, f"l{l}_{part}")
            t = node("Reshape", [t, shape4], f"l{l}_{part}_r")
            perm = [0, 2, 3, 1] if part == "key" else [0, 2, 1, 3]
            heads[part] = node("Transpose", [t], f"l{l}_{part}_t", perm=perm)
        s = node("MatMul", [heads["query"], heads["key"]], f"l{l}_scores")
        s = node("Div", [s, const(f"l{l}_sqrt", np.array(np.sqrt(HEAD), np.float32))], f"l{l}_scaled")
        s = node("Add", [s, bias], f"l{l}_masked")
        pr = node("Softmax", [s], f"l{l}_probs", axis=-1)
        c = node("MatMul", [pr, heads["value"]], f"l{l}_ctx")
        c = node("Transpose", [c], f"l{l}_ctx_t", perm=[0, 2, 1, 3])
        c = node("Reshape", [c, shape3], f"l{l}_ctx_r")
        a = linear(c, p + "attention.output.dense", f"l{l}_attn")
        x = layer_norm(node("Add", [a, x], f"l{l}_res1"), p + "attention.output.LayerNorm", f"l{l}_h1")
        i = linear(x, p + "intermediate.dense", f"l{l}_inter")
        g = node("Erf", [node("Div", [i, const(f"l{l}_rt2", np.array(np.sqrt(2.0), np.float32))], f"l{l}_gd")], f"l{l}_erf")
        g = node("Mul", [node("Mul", [i, node("Add", [g, const(f"l{l}_one", np.array(1.0, np.float32))], f"l{l}_g1")], f"l{l}_g2"),
                         const(f"l{l}_half", np.array(0.5, np.float32))], f"l{l}_gelu")
        o = linear(g, p + "output.dense", f"l{l}_out")
        x = layer_norm(node("Add", [o, x], f"l{l}_res2"), p + "output.LayerNorm", f"l{l}_h2")
    nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"]))
    graph = helper.make_graph(
        nodes, "all-MiniLM-L6-v2",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["B", "L"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["B", "L"]),
         helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["L"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["B", "L", H])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


class Encoder:
    def __init__(self, model_bytes, threads):
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(model_bytes, so, providers=["CPUExecutionProvider"])

    def encode_batch(self, seqs):
        L = max(len(s) for s in seqs)
        ids = np.zeros((len(seqs), L), np.int64)
        mask = np.zeros((len(seqs), L), np.int64)
        for r, s in enumerate(seqs):
            ids[r, :len(s)] = s
            mask[r, :len(s)] = 1
        (h,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "position_ids": np.arange(L, dtype=np.int64)})
        m = mask[:, :, None].astype(np.float32)
        pooled = (h * m).sum(1) / m.sum(1)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, seqs, batch=32, sort=False):
        order = sorted(range(len(seqs)), key=lambda i: -len(seqs[i])) if sort else list(range(len(seqs)))
        out = np.zeros((len(seqs), H), np.float32)
        for b in range(0, len(order), batch):
            idx = order[b:b + batch]
            out[idx] = self.encode_batch([seqs[i] for i in idx])
        return out


def read_ids(path):
    with open(path) as f:
        return [json.loads(line)["ids"] for line in f if line.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("tokens")
    ap.add_argument("--check", nargs=2, metavar=("FIXTURE_TOKENS", "FIXTURE_NPY"))
    ap.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--query-ids", required=True,
                    help="comma-separated ids of the latency query (from `kgrec text embed --tokens`)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    model = build_graph(read_safetensors(args.model_dir + "/model.safetensors")).SerializeToString()
    print(f"onnxruntime {ort.__version__}, graph built from safetensors in {time.perf_counter() - t0:.2f} s")
    seqs = read_ids(args.tokens)
    print(f"input: {len(seqs)} sentences, {sum(map(len, seqs))} tokens with markers")
    if args.check:
        ref = np.load(args.check[1])
        got = Encoder(model, max(args.threads)).encode(read_ids(args.check[0]))
        print(f"fixture check: max abs diff {np.abs(got - ref).max():.3g} over {ref.shape}")
    query = [int(t) for t in args.query_ids.split(",")]
    for t in args.threads:
        enc = Encoder(model, t)
        enc.encode(seqs[:args.batch])
        for sort in (False, True):
            runs = [timed_cpu(lambda: enc.encode(seqs, args.batch, sort)) for _ in range(args.repeats)]
            best, best_cpu = min(r[0] for r in runs), min(r[1] for r in runs)
            label = "sorted by length" if sort else "file order"
            print(f"batch {args.batch}, {t} thread{'s' if t > 1 else ''}, {label}: {len(seqs) / best:.1f} sentences/s "
                  f"(best of {args.repeats}: {best:.3f} s wall, {best_cpu:.3f} CPU s = {len(seqs) * t / best_cpu:.1f} sentences per {t} CPU s)")
        lat = sorted(timed(lambda: enc.encode_batch([query])) * 1e3 for _ in range(310))[10:]
        print(f"batch 1, {len(query) - 2}-token query, {t} thread{'s' if t > 1 else ''}: p50 {lat[len(lat) // 2]:.2f} ms, p99 {lat[int(len(lat) * 0.99)]:.2f} ms")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.1f} MB")


def timed_cpu(f):
    t, c = time.perf_counter(), time.process_time()
    f()
    return time.perf_counter() - t, time.process_time() - c


def timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
