#!/usr/bin/env bash
# PyKEEN beside kgrec, same configurations. PyKEEN is never a dependency of kgrec:
# this script needs a Python with pykeen installed (e.g. python3 -m venv /tmp/pyk && /tmp/pyk/bin/pip install pykeen)
# and a release build of kgrec.
#
#   scripts/bench-pykeen.sh quality  PYTHON [dataset] [seeds...]   filtered test MRR, reference configuration
#   scripts/bench-pykeen.sh speed    PYTHON [kg.tsv]               positive triples/s, dim 100, 1 negative, 2 threads
#   scripts/bench-pykeen.sh crosscheck PYTHON [dataset] [seed]     kgrec's model ranked by kgrec's and by PyKEEN's evaluator
#
# Data: Tests/Fixtures/link-prediction/<dataset>/{train,valid,test}.txt (or $KGE_DATA); ML-100K KG:
# datasets/movielens-100k/prepared/kg.tsv (python3 scripts/research/prepare_tables.py).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?usage: bench-pykeen.sh quality|speed PYTHON ...}
python=${2:?python with pykeen}
shift 2
kgrec=${KGREC:-.build/release/kgrec}
kge=${KGE_DATA:-Tests/Fixtures/link-prediction}

case "$mode" in
quality)
  dataset=${1:-nations}; shift || true
  seeds=("$@"); [ ${#seeds[@]} -gt 0 ] || seeds=(42 1 2 3 4 5)
  d=$kge/$dataset
  for seed in "${seeds[@]}"; do
    k=$("$kgrec" eval link-prediction --train "$d/train.txt" --valid "$d/valid.txt" --test "$d/test.txt" --seed "$seed" --json --no-progress \
        | "$python" -c 'import json,sys; d=json.load(sys.stdin); print("%.4f\t%.3f\t%.3f\t%.3f\t%.1f" % (d["mrr"], d["hits_at_1"], d["hits_at_3"], d["hits_at_10"], d["train_seconds"]))')
    p=$(OMP_NUM_THREADS=2 "$python" - "$d" "$seed" <<'PY'
import sys, time, logging, torch
logging.disable(logging.WARNING)
from pykeen.pipeline import pipeline
from pykeen.datasets import PathDataset
torch.set_num_threads(2)
d, seed = sys.argv[1], int(sys.argv[2])
ds = PathDataset(training_path=d + "/train.txt", validation_path=d + "/valid.txt", testing_path=d + "/test.txt")
t = time.perf_counter()
r = pipeline(dataset=ds, model="TransE", model_kwargs=dict(embedding_dim=100, scoring_fct_norm=1),
             optimizer="Adam", optimizer_kwargs=dict(lr=0.01), loss="MarginRankingLoss", loss_kwargs=dict(margin=1.0),
             training_loop="sLCWA", negative_sampler="basic", negative_sampler_kwargs=dict(num_negs_per_pos=10),
             training_kwargs=dict(num_epochs=300, batch_size=256, use_tqdm=False), evaluation_kwargs=dict(use_tqdm=False),
             random_seed=seed, device="cpu")
m = r.metric_results
g = lambda k: m.get_metric("both.realistic." + k)
print(f"{g('inverse_harmonic_mean_rank'):.4f}\t{g('hits_at_1'):.3f}\t{g('hits_at_3'):.3f}\t{g('hits_at_10'):.3f}\t{r.train_seconds:.1f}")
PY
)
    printf '%s\tseed %s\tkgrec\t%s\tpykeen\t%s\n' "$dataset" "$seed" "$k" "$p"
  done
  ;;
speed)
  kg=${1:-datasets/movielens-100k/prepared/kg.tsv}
  echo "kgrec:"
  "$kgrec" bench train --tsv "$kg" --threads 2 --negatives 1 --batch 1024 --epochs 3 --json
  echo "PyKEEN (same graph, dim 100, L1, Adam lr 0.01, margin loss, 1 negative, batch 1024, 2 threads):"
  OMP_NUM_THREADS=2 "$python" - "$kg" <<'PY'
import sys, time, logging, resource, torch
logging.disable(logging.WARNING)
from pykeen.triples import TriplesFactory
from pykeen.models import TransE
from pykeen.training import SLCWATrainingLoop
torch.set_num_threads(2)
import numpy as np
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
if rows and ([c.lower() for c in rows[0][:3]] == ["head", "relation", "tail"] or ":" in rows[0][0]):  # header line
    rows = rows[1:]
tf = TriplesFactory.from_labeled_triples(np.array([r[:3] for r in rows if len(r) >= 3], dtype=str))
model = TransE(triples_factory=tf, embedding_dim=100, scoring_fct_norm=1, random_seed=42)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loop = SLCWATrainingLoop(model=model, triples_factory=tf, optimizer=opt, negative_sampler="basic",
                         negative_sampler_kwargs=dict(num_negs_per_pos=1))
rates = []
for epoch in range(4):
    cpu0, t0 = time.process_time(), time.perf_counter()
    # num_epochs is the total to reach; continue_training keeps the model and optimiser state.
    loop.train(triples_factory=tf, num_epochs=epoch + 1, batch_size=1024, use_tqdm=False, continue_training=epoch > 0)
    dt, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    if epoch > 0:  # first epoch is warm-up
        rates.append(tf.num_triples / dt)
    print(f"  epoch {epoch}: {dt:.2f} s wall, {cpu:.2f} s CPU, {tf.num_triples / dt / 1e6:.4f} M triples/s, "
          f"{tf.num_triples / (cpu / 2) / 1e6:.4f} M/s CPU-normalised", file=sys.stderr)
rates.sort()
print(f"  {tf.num_entities} entities, {tf.num_triples} triples: {rates[len(rates) // 2] / 1e6:.4f} M positive triples/s (median of {len(rates)} epochs), peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
PY
  ;;
crosscheck)
  dataset=${1:-nations}; seed=${2:-42}
  d=$kge/$dataset
  model=$(mktemp --suffix=.kgemb)
  trap 'rm -f "$model"' EXIT
  "$kgrec" eval link-prediction --train "$d/train.txt" --valid "$d/valid.txt" --test "$d/test.txt" --seed "$seed" --json --no-progress --save "$model" \
    | "$python" -c 'import json,sys; d=json.load(sys.stdin); print("kgrec evaluator ", d["mrr"], d["hits_at_1"], d["hits_at_3"], d["hits_at_10"], d["mean_rank"])'
  "$python" - "$d" "$model" <<'PY'
# Evaluate a kgrec-trained TransE (.kgemb) with PyKEEN's RankBasedEvaluator (filtered, both sides, realistic ranks).
import sys, struct, logging, numpy as np, torch
logging.disable(logging.WARNING)
from pykeen.datasets import PathDataset
from pykeen.models import TransE
from pykeen.evaluation import RankBasedEvaluator
d, path = sys.argv[1], sys.argv[2]
raw = open(path, "rb").read()
assert raw[:8] == b"KGRECEMB"
dist, dim = struct.unpack_from("<II", raw, 12)
ne, nr = struct.unpack_from("<QQ", raw, 24)
vec = np.frombuffer(raw, dtype="<f4", offset=64)
E = vec[: ne * dim].reshape(ne, dim); R = vec[ne * dim : (ne + nr) * dim].reshape(nr, dim)
# kgrec's ids: first appearance in train, valid, test (head, relation, tail per line)
ents, rels = {}, {}
for f in ("train", "valid", "test"):
    for line in open(f"{d}/{f}.txt"):
        h, r, t = line.rstrip("\n").split("\t")[:3]
        ents.setdefault(h, len(ents)); rels.setdefault(r, len(rels)); ents.setdefault(t, len(ents))
ds = PathDataset(training_path=d + "/train.txt", validation_path=d + "/valid.txt", testing_path=d + "/test.txt")
tf = ds.training
model = TransE(triples_factory=tf, embedding_dim=dim, scoring_fct_norm=1 if dist == 1 else 2)
with torch.no_grad():
    ew = model.entity_representations[0]._embeddings.weight; rw = model.relation_representations[0]._embeddings.weight
    for label, i in tf.entity_to_id.items(): ew[i] = torch.from_numpy(E[ents[label]].copy())
    for label, i in tf.relation_to_id.items(): rw[i] = torch.from_numpy(R[rels[label]].copy())
ev = RankBasedEvaluator(filtered=True)
res = ev.evaluate(model, ds.testing.mapped_triples, additional_filter_triples=[tf.mapped_triples, ds.validation.mapped_triples], use_tqdm=False)
g = lambda k: res.get_metric("both.realistic." + k)
print("PyKEEN evaluator", g("inverse_harmonic_mean_rank"), g("hits_at_1"), g("hits_at_3"), g("hits_at_10"), g("arithmetic_mean_rank"))
PY
  ;;
*) echo "unknown mode $mode" >&2; exit 2 ;;
esac
