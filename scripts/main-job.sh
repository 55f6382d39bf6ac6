#!/usr/bin/env bash
# The main job: from a fresh clone to recommendations, explanations and the published figures.
#
#   fetch MovieLens-100K (+ Freebase KG), build kgrec (release) into .build/release/kgrec, import the
#   film ontology and the RecBole dataset into a store, print its statistics, train the hybrid
#   recommender, recommend for a warm user with explanation paths, explain one recommendation,
#   recommend for a cold-start user from attributes, embed sentences with the built-in text encoder
#   (its weights fetched once into ~/.cache/kgrec); then write the reference evaluation splits
#   (checked against datasets/movielens-100k/SHA256SUMS) and evaluate the warm and cold protocols.
#
# The store directory is never deleted wholesale. It must be missing, empty, or a store an earlier
# run of this script made (it leaves a .kgrec-main-job marker); in the last case only the files a
# kgrec store consists of are replaced, and anything else in the folder makes the job stop.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/main-job.sh [--store DIR] [--skip-eval] [--skip-build] [-h|--help]

  --store DIR    store directory (default: $KGREC_STORE, else ./kgrec-data). Must be missing, empty,
                 or a store this script made earlier; any other folder is refused, never deleted.
  --skip-eval    stop after the recommendation and explanation steps (no splits, no evaluation).
  --skip-build   use the kgrec binary at $KGREC (default .build/release/kgrec) without building.
  -h, --help     this text.

Needs: a Swift 6.2 (or later) toolchain, libxml2-dev, libsqlite3-dev, pkg-config, and pip + unzip
for the dataset download (see README.md). Writes: datasets/movielens-100k/ml-100k/ (the data,
git-ignored), datasets/movielens-100k/splits/ (git-ignored), .build/ and the store directory.
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STORE="${KGREC_STORE:-./kgrec-data}"
SKIP_EVAL=0
SKIP_BUILD=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --store) [[ $# -ge 2 ]] || { echo "main-job: --store needs a directory" >&2; exit 2; }; STORE="$2"; shift 2 ;;
    --store=*) STORE="${1#--store=}"; shift ;;
    --skip-eval) SKIP_EVAL=1; shift ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    -*) echo "main-job: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) STORE="$1"; shift ;;   # the store directory may also be given positionally
  esac
done
cd "$ROOT"

MARKER=".kgrec-main-job"
step() { printf '\n== %s\n' "$*" >&2; }
die() { echo "main-job: $*" >&2; exit 1; }

# What a kgrec store directory consists of; the only names this job ever removes.
is_store_entry() {
  case "$1" in
    "$MARKER"|kgrec.sqlite|kgrec.sqlite-wal|kgrec.sqlite-shm|kgrec.sqlite-journal|graph|models|import.lock) return 0 ;;
    *) return 1 ;;
  esac
}

# Decide what to do with the store directory before anything is fetched or built, so that a
# refusal costs nothing.
check_store() {
  if [[ ! -e "$STORE" ]]; then return 0; fi
  [[ -d "$STORE" ]] || die "$STORE exists and is not a directory; choose another --store"
  local entries
  entries="$(ls -A "$STORE")"
  [[ -z "$entries" ]] && return 0
  if [[ ! -f "$STORE/$MARKER" ]]; then
    die "$STORE is not empty and was not made by this script (no $MARKER); it is left untouched. Choose a new or empty --store directory."
  fi
  local name
  while IFS= read -r name; do
    is_store_entry "$name" || die "$STORE holds '$name', which this script did not create; it is left untouched. Move that file away or choose another --store."
  done <<< "$entries"
}

# Remove the files of the previous store this script made (checked by check_store).
clear_previous_store() {
  [[ -f "$STORE/$MARKER" ]] || return 0
  step "replace the store this script made earlier in $STORE"
  local name
  while IFS= read -r name; do
    [[ -n "$name" ]] || continue
    is_store_entry "$name" || die "$STORE holds '$name', which this script did not create"
    [[ "$name" == "$MARKER" ]] && continue
    rm -rf -- "${STORE:?}/$name"
  done <<< "$(ls -A "$STORE")"
}

check_store

step "fetch MovieLens-100K with its Freebase KG"
datasets/movielens-100k/fetch.sh

KGREC="${KGREC:-$ROOT/.build/release/kgrec}"
if [[ $SKIP_BUILD == 0 ]]; then
  step "build kgrec (release; a clean build takes 10-16 minutes on 2 cores)"
  swift build -c release --product kgrec
  KGREC="$(swift build -c release --show-bin-path)/kgrec"
fi
[[ -x "$KGREC" ]] || die "no kgrec binary at $KGREC"
echo "kgrec: $KGREC ($("$KGREC" --version))" >&2

clear_previous_store
mkdir -p "$STORE"
printf 'made by scripts/main-job.sh; the next run replaces this store\n' > "$STORE/$MARKER"

NS="http://rdf.freebase.com/ns/"
step "import the film ontology and MovieLens-100K (ratings, users, items, KG, links) into $STORE"
t0=$(date +%s.%N)
"$KGREC" import ontology ontologies/film.rdf --store "$STORE"
"$KGREC" import recbole datasets/movielens-100k/ml-100k --namespace "$NS" \
  --bucket age:0,18,25,35,45,50,56 --store "$STORE"
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "imports took %.1f s wall\n", b - a }' >&2

step "kgrec stats"
"$KGREC" stats --store "$STORE"

step "train the hybrid recommender on the store's positives (ratings >= 4) and register it"
"$KGREC" train --store "$STORE"

step "warm user 196: top 10, each with its best explanation path"
"$KGREC" recommend --store "$STORE" --user 196 -k 10 --explain

step "why item 1 (Toy Story) for user 196: the 3 best knowledge-graph paths, as text and as JSON"
"$KGREC" explain --store "$STORE" --user 196 --item 1 --paths 3
"$KGREC" explain --store "$STORE" --user 196 --item 1 --paths 1 --format json

step "cold start: top 10 for a new user known only by age bucket, gender and occupation"
"$KGREC" recommend --store "$STORE" --attributes "age_bucket=18-24,gender=F,occupation=student" -k 10

step "sentence embeddings: film descriptions through the built-in all-MiniLM-L6-v2 encoder (first 6 of 384 dimensions)"
scripts/fetch-text-model.sh > /dev/null
printf 'a gritty crime drama set in New York\nan animated film about toys that come alive\nToy Story\n' \
  | "$KGREC" text embed --format tsv | cut -f1-6

if [[ $SKIP_EVAL == 1 ]]; then
  step "done (--skip-eval: no evaluation)"
  exit 0
fi

SPLITS=datasets/movielens-100k/splits
step "reference evaluation splits into $SPLITS, checked against datasets/movielens-100k/SHA256SUMS"
"$KGREC" dataset split --recbole datasets/movielens-100k/ml-100k --out "$SPLITS" > /dev/null
( cd "$SPLITS" && sha256sum --quiet -c "$ROOT/datasets/movielens-100k/SHA256SUMS" ) \
  || die "the splits differ from the reference checksums"
echo "all $(wc -l < datasets/movielens-100k/SHA256SUMS) split files match the reference checksums" >&2

step "warm protocol: train on warm_train (with the store's KG), evaluate on warm_test"
"$KGREC" eval recommend --store "$STORE" --train "$SPLITS/warm_train.tsv" --test "$SPLITS/warm_test.tsv"

step "cold protocol: 189 held-out users ranked from their attributes only"
"$KGREC" eval recommend --store "$STORE" --protocol cold --train-users "$SPLITS/cold_train_users.txt" \
  --test-users "$SPLITS/cold_test_users.txt"
