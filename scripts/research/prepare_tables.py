"""Plain TSV tables for the research scripts, from the RecBole atomic files that
datasets/movielens-100k/fetch.sh unpacks (no third-party packages needed).

usage: python3 scripts/research/prepare_tables.py [ML100K_DIR] [OUT]
  ML100K_DIR  default datasets/movielens-100k/ml-100k
  OUT         default datasets/movielens-100k/prepared (git-ignored); the research scripts read it as $P

Writes ratings.tsv (user_id item_id rating timestamp, sorted by user then item), users.tsv
(user_id age age_bucket gender occupation zip_code), items.tsv (item_id title year and 19 genre
flags g_<genre> in MovieLens order), kg.tsv (head relation tail) and item_entity_link.tsv
(item_id entity_id). The split files come from kgrec itself:
  kgrec dataset split --out OUT/splits
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GENRES = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
          "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
          "War", "Western"]
# Age buckets of MovieLens-1M, the cold-start attribute (same bounds as `--bucket age:0,18,25,35,45,50,56`).
BUCKETS = [(18, "<18"), (25, "18-24"), (35, "25-34"), (45, "35-44"), (50, "45-49"), (56, "50-55"), (10**9, "56+")]


def atomic(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().rstrip("\n").split("\n")
    header = [h.split(":")[0] for h in lines[0].split("\t")]
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:]]
    return rows


def bucket(age):
    return next(name for upper, name in BUCKETS if age < upper)


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "datasets/movielens-100k/ml-100k")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "datasets/movielens-100k/prepared")
    os.makedirs(out, exist_ok=True)
    name = os.path.join(src, "ml-100k")
    ratings = sorted((int(r["user_id"]), int(r["item_id"]), int(float(r["rating"])), int(float(r["timestamp"])))
                     for r in atomic(name + ".inter"))
    write(os.path.join(out, "ratings.tsv"), ["user_id", "item_id", "rating", "timestamp"], ratings)
    users = sorted((int(r["user_id"]), int(r["age"]), bucket(int(r["age"])), r["gender"], r["occupation"], r["zip_code"])
                   for r in atomic(name + ".user"))
    write(os.path.join(out, "users.tsv"), ["user_id", "age", "age_bucket", "gender", "occupation", "zip_code"], users)
    items = []
    for r in atomic(name + ".item"):
        genres = set(r["class"].split(" "))
        title = "unknown" if r["movie_title"] == "unkonwn" else r["movie_title"]  # a typo in RecBole's item 267
        year = int(r["release_year"]) if r["release_year"].isdigit() else ""
        items.append([int(r["item_id"]), title, year] + [int(g in genres) for g in GENRES])
    items.sort(key=lambda row: row[0])
    write(os.path.join(out, "items.tsv"), ["item_id", "title", "year"] + ["g_" + g for g in GENRES], items)
    write(os.path.join(out, "kg.tsv"), ["head", "relation", "tail"],
          [(r["head_id"], r["relation_id"], r["tail_id"]) for r in atomic(name + ".kg")])
    write(os.path.join(out, "item_entity_link.tsv"), ["item_id", "entity_id"],
          sorted((int(r["item_id"]), r["entity_id"]) for r in atomic(name + ".link")))
    print(f"{len(ratings)} ratings, {len(users)} users, {len(items)} items into {out}")


if __name__ == "__main__":
    main()
