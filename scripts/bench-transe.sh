#!/usr/bin/env bash
# The TransE figures from a release build: link-prediction quality at the reference configuration
# (seeds 42 and 1..5), TransE training speed with the memory-bandwidth bound, and epoch-time scaling.
#
#   scripts/bench-transe.sh [quality|speed|scaling|all]
#
# Build first: swift build -c release --product kgrec. Data: Tests/Fixtures/link-prediction (or $KGE_DATA)
# and datasets/movielens-100k/prepared/kg.tsv (python3 scripts/research/prepare_tables.py). Wall-clock speed figures are only meaningful on a quiet
# machine; `bench train` prints the load average and a CPU-normalised rate beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
kgrec=${KGREC:-.build/release/kgrec}
kge=${KGE_DATA:-Tests/Fixtures/link-prediction}
kg=datasets/movielens-100k/prepared/kg.tsv
what=${1:-all}

quality() {
  for ds in nations kinships umls; do
    d=$kge/$ds
    for seed in 42 1 2 3 4 5; do
      "$kgrec" eval link-prediction --train "$d/train.txt" --valid "$d/valid.txt" --test "$d/test.txt" --seed "$seed" --json --no-progress \
        | python3 -c 'import json,sys; d=json.load(sys.stdin); print("'"$ds"'\tseed '"$seed"'\tMRR %.4f\tH@1 %.3f\tH@3 %.3f\tH@10 %.3f\ttrain %.1f s" % (d["mrr"], d["hits_at_1"], d["hits_at_3"], d["hits_at_10"], d["train_seconds"]))'
    done
  done
}

speed() {
  echo "== ML-100K Freebase KG, dim 100, 1 negative, 2 threads"
  "$kgrec" bench train --tsv "$kg" --threads 2 --negatives 1 --epochs 5 --bandwidth
  echo "== generated graph, 1,000,000 triples, 100,000 entities"
  "$kgrec" bench train --triples 1000000 --entities 100000 --threads 2 --negatives 1 --epochs 3 --bandwidth
}

scaling() {
  "$kgrec" bench train --scaling 100000,200000,400000,700000,1000000,1400000 --threads 2 --negatives 1 --epochs 3
}

case "$what" in
  quality) quality ;;
  speed) speed ;;
  scaling) scaling ;;
  all) quality; speed; scaling ;;
  *) echo "usage: $0 [quality|speed|scaling|all]" >&2; exit 2 ;;
esac
