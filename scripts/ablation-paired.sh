#!/usr/bin/env bash
# The warm ablation (docs/research.md) as paired comparisons: each row's per-user test metrics against the
# default model's (kgrec eval recommend --per-user, kgrec eval compare). Prints, per row, its NDCG@10 and
# the paired difference from the default with its standard error and t.
# Usage: scripts/ablation-paired.sh STORE [OUTDIR]   (KGREC = the kgrec binary, default .build/release/kgrec)
set -euo pipefail
STORE=${1:?usage: scripts/ablation-paired.sh STORE [OUTDIR]}
OUT=${2:-$(mktemp -d)}
KGREC=${KGREC:-.build/release/kgrec}
P=${P:-datasets/movielens-100k/splits}
mkdir -p "$OUT"
rows=(
  "default|"
  "interactions only (EDLAE)|--propagation-weight 0 --als-weight 0 --popularity-penalty 0"
  "BPR-MF embedding alone|--propagation-weight 0 --als-weight 0 --popularity-penalty 0 --embedding-weight 1 --kg-weight 0"
  "joint embedding (BPR + TransE) alone|--propagation-weight 0 --als-weight 0 --popularity-penalty 0 --embedding-weight 1"
  "EDLAE + joint embedding 0.15|--propagation-weight 0 --als-weight 0 --popularity-penalty 0 --embedding-weight 0.15"
  "EDLAE + walk 0.3|--propagation-weight 0.3 --als-weight 0 --popularity-penalty 0"
  "implicit ALS alone|--als-weight 1 --popularity-penalty 0"
  "EDLAE + ALS|--propagation-weight 0 --popularity-penalty 0"
  "EDLAE + ALS + penalty|--propagation-weight 0"
  "default without the walk's KG share|--walk-kg-weight 0"
)
n=0
for row in "${rows[@]}"; do
  name=${row%%|*}; flags=${row#*|}
  # shellcheck disable=SC2086
  "$KGREC" eval recommend --store "$STORE" --train "$P/warm_train.tsv" --test "$P/warm_test.tsv" \
    $flags --per-user "$OUT/row$n.tsv" --json > "$OUT/row$n.json"
  if [ $n -eq 0 ]; then
    printf '%-40s NDCG@10 %s\n' "$name" "$(python3 -c "import json; print(format(json.load(open('$OUT/row0.json'))['ndcg@10'], '.4f'))")"
  else
    "$KGREC" eval compare "$OUT/row$n.tsv" "$OUT/row0.tsv" --metric ndcg@10 --json | ROW="$name" python3 -c '
import json, os, sys
c = json.load(sys.stdin)
print("%-40s NDCG@10 %.4f  vs default %+.4f ± %.4f (t %+.1f, better/worse %d/%d)"
      % (os.environ["ROW"], c["mean_a"], c["mean_difference"], c["standard_error"], c["t"], c["wins"], c["losses"]))'
  fi
  n=$((n + 1))
done
echo "per-user tables in $OUT"
