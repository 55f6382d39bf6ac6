#!/usr/bin/env bash
# The sentence-encoder speed figures: `kgrec text bench` on the 1,682 MovieLens-100K titles
# (batch 32 on 1 and 2 threads, batch-1 latency of a 10-word query, peak RSS), then the same
# weights in onnxruntime (scripts/research/text-encoder/onnx_baseline.py) on the same token ids.
#
# Usage: scripts/bench-text-encoder.sh [--no-onnx]
# Needs: a release build (swift build -c release --product kgrec); the model and MovieLens are
# fetched if missing. The onnxruntime side installs scripts/research/text-encoder/requirements.txt
# into a virtual environment under ${XDG_CACHE_HOME:-$HOME/.cache}/kgrec/onnx-venv (or uses
# $KGREC_ORT_PYTHON, a python with those packages). Run it on an otherwise idle machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KGREC="$ROOT/.build/release/kgrec"
[[ -x "$KGREC" ]] || { echo "bench-text-encoder.sh: build first: swift build -c release --product kgrec" >&2; exit 1; }

MODEL="$("$ROOT/scripts/fetch-text-model.sh")"
"$ROOT/datasets/movielens-100k/fetch.sh" >/dev/null 2>&1 || "$ROOT/datasets/movielens-100k/fetch.sh"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/kgrec-text-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
tail -n +2 "$ROOT/datasets/movielens-100k/ml-100k/ml-100k.item" | cut -f2 > "$TMP/titles.txt"
QUERY="a quiet drama about two brothers who inherit a farm"

echo "== kgrec text bench ($(wc -l < "$TMP/titles.txt") titles)"
"$KGREC" text bench --model-dir "$MODEL" --query "$QUERY" "$TMP/titles.txt"

[[ "${1:-}" == "--no-onnx" ]] && exit 0
PY="${KGREC_ORT_PYTHON:-}"
if [[ -z "$PY" ]]; then
  VENV="${XDG_CACHE_HOME:-$HOME/.cache}/kgrec/onnx-venv"
  if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet -r "$ROOT/scripts/research/text-encoder/requirements.txt"
  fi
  PY="$VENV/bin/python"
fi
"$KGREC" text embed --model-dir "$MODEL" --tokens "$TMP/titles.txt" > "$TMP/titles.tokens.jsonl"
QIDS="$(printf '%s\n' "$QUERY" | "$KGREC" text embed --model-dir "$MODEL" --tokens | sed 's/.*"ids":\[\([0-9,]*\)\].*/\1/')"
FIX="$ROOT/Tests/Fixtures/text-encoder"
echo "== onnxruntime, same weights and token ids"
"$PY" "$ROOT/scripts/research/text-encoder/onnx_baseline.py" "$MODEL" "$TMP/titles.tokens.jsonl" \
  --query-ids "$QIDS" --check "$FIX/tokens.jsonl" "$FIX/embeddings.npy"
