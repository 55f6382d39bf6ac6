#!/usr/bin/env bash
# The main job, one command on a fresh machine:
#   fetch MovieLens-100K (+ Freebase KG), build kgrec in release mode, import the film ontology,
#   the KG (.kg + .link), ratings (.inter), items (.item) and users (.user) into a fresh store,
#   print `kgrec stats`, train the hybrid recommender into the store and recommend for a warm user;
#   then, from the reference splits (../shared/tools/prepare_ml100k.py, numpy), evaluate the warm
#   protocol and recommend for a cold-start user from attributes.
# Usage: scripts/main-job.sh [STORE_DIR]   (default ./kgrec-data; an existing store there is replaced)
# Env:   SCRATCH=.build-rel (SwiftPM scratch path), KGREC_KEEP_STORE=1 to import into an existing store.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STORE="${1:-${KGREC_STORE:-./kgrec-data}}"
SCRATCH="${SCRATCH:-.build-release}"
NS="http://rdf.freebase.com/ns/"

step() { printf '\n== %s\n' "$*" >&2; }

step "fetch MovieLens-100K with its Freebase KG"
datasets/movielens-100k/fetch.sh

step "build kgrec (release)"
swift build -c release --scratch-path "$SCRATCH" --product kgrec
KGREC="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/kgrec"

if [[ -z "${KGREC_KEEP_STORE:-}" && -d "$STORE" ]]; then
  step "remove the previous store $STORE"
  rm -rf "$STORE"
fi

step "import ontology + KG + links + items + users + ratings into $STORE"
t0=$(date +%s.%N)
"$KGREC" import ontology ontologies/film.rdf --store "$STORE"
"$KGREC" import recbole datasets/movielens-100k/ml-100k --namespace "$NS" \
  --bucket age:0,18,25,35,45,50,56 --store "$STORE"
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "imports took %.3f s wall\n", b - a }' >&2

step "kgrec stats"
"$KGREC" stats --store "$STORE"

step "train the hybrid recommender on all the store's positives (ratings ≥ 4) and register it"
"$KGREC" train --store "$STORE"

step "warm user 196: top-10 from the registered hybrid model, each with its best explanation path"
"$KGREC" recommend --store "$STORE" --user 196 -k 10 --explain

step "explain: why item 1 (Toy Story) for user 196 — the 3 best KG paths, as text and as JSON"
"$KGREC" explain --store "$STORE" --user 196 --item 1 --paths 3
"$KGREC" explain --store "$STORE" --user 196 --item 1 --paths 1 --format json

step "cold start: top-10 for a new user known only by age bucket, gender and occupation"
"$KGREC" recommend --store "$STORE" --attributes "age_bucket=18-24,gender=F,occupation=student" -k 10

PREP=../shared/tools/prepare_ml100k.py
P=datasets/movielens-100k/prepared
if [[ -f "$PREP" ]] && python3 -c "import numpy" 2>/dev/null; then
  if [[ ! -s "$P/splits/warm_test.tsv" ]]; then
    step "prepare the reference splits ($PREP)"
    python3 "$PREP" --dl datasets/movielens-100k/download --out "$P" >&2
  fi

  step "warm protocol: train on warm_train (with the store's KG), evaluate on warm_test"
  "$KGREC" eval recommend --store "$STORE" --train "$P/splits/warm_train.tsv" --test "$P/splits/warm_test.tsv"

  step "cold protocol: 189 held-out users ranked from their attributes only"
  "$KGREC" eval recommend --store "$STORE" --protocol cold --train-users "$P/splits/cold_train_users.txt" \
    --test-users "$P/splits/cold_test_users.txt"
else
  step "skipping the recommendation steps: they need $PREP (the project's shared folder) and numpy"
fi
