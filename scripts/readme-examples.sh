#!/usr/bin/env bash
# Runs every example of README.md, so an example cannot drift from the code: each ```sh block is run
# as one bash script (errexit, nounset) in a scratch folder this script makes and removes, against a
# copy of the main job's store at ./kgrec-data; `curl` fails on HTTP errors there. The ```bash block
# (the prerequisites and the two commands) is not run here: CI runs those itself.
#
# Usage: scripts/readme-examples.sh [STORE]   (default ./kgrec-data, made by scripts/main-job.sh)
# Env:   KGREC = the kgrec binary (default .build/release/kgrec). Needs curl and Graphviz's dot.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STORE="$(cd "${1:-$ROOT/kgrec-data}" && pwd)"
KGREC="${KGREC:-$ROOT/.build/release/kgrec}"
[[ -x "$KGREC" ]] || { echo "readme-examples: no kgrec binary at $KGREC (build it or set KGREC)" >&2; exit 1; }
[[ -f "$STORE/kgrec.sqlite" ]] || { echo "readme-examples: $STORE is not a kgrec store (run scripts/main-job.sh)" >&2; exit 1; }
for tool in curl dot; do
  command -v "$tool" >/dev/null || { echo "readme-examples: $tool is needed (apt-get install curl graphviz)" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kgrec-readme.XXXXXX")"
cleanup() { jobs -p | xargs -r kill 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for entry in ontologies datasets openapi docs scripts; do ln -s "$ROOT/$entry" "$WORK/$entry"; done
cp -R "$STORE" "$WORK/kgrec-data"

# Split README.md into its ```sh blocks, one file each.
awk -v dir="$WORK" '
  /^```sh[[:space:]]*$/ { n++; file = sprintf("%s/block-%02d.sh", dir, n); inblock = 1; next }
  /^```/ { inblock = 0; next }
  inblock { print > file }
' "$ROOT/README.md"

blocks=("$WORK"/block-*.sh)
[[ -e "${blocks[0]}" ]] || { echo "readme-examples: no \`\`\`sh block in README.md" >&2; exit 1; }
passed=0
failed=0
for block in "${blocks[@]}"; do
  name="$(basename "$block" .sh)"
  printf '\n== README %s (%s lines)\n' "$name" "$(wc -l < "$block")" >&2
  if (cd "$WORK" && PATH="$(dirname "$KGREC"):$PATH" KGREC_STORE= timeout 600 bash -eu -c '
        curl() {   # fail on HTTP errors unless the example already asks for --fail itself
          local a
          for a in "$@"; do case "$a" in -f|-sf|-fs|--fail|--fail-with-body) command curl --max-time 30 "$@"; return; esac; done
          command curl --fail-with-body --max-time 30 "$@"
        }
        source "$1"
        wait_pids=$(jobs -p); [[ -z "$wait_pids" ]] || kill $wait_pids 2>/dev/null || true' _ "$block") > "$WORK/$name.out" 2>&1; then
    passed=$((passed + 1))
    tail -n 5 "$WORK/$name.out" >&2
  else
    failed=$((failed + 1))
    echo "README $name FAILED; its output:" >&2
    cat "$WORK/$name.out" >&2
  fi
done
if [[ $failed == 0 ]]; then echo "README examples: all $passed blocks ran" >&2; else echo "README examples: $failed of $((passed + failed)) blocks failed" >&2; fi
[[ $failed == 0 ]]
