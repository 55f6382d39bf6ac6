#!/usr/bin/env bash
# The main job, one command on a fresh machine:
#   fetch MovieLens-100K (+ Freebase KG), build kgrec in release mode, import the film ontology,
#   the KG (.kg + .link), ratings (.inter), items (.item) and users (.user) into a fresh store,
#   and print `kgrec stats`.
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
