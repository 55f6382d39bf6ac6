#!/usr/bin/env bash
# Checks that scripts/main-job.sh refuses folders it did not make and deletes nothing in them:
# a folder with a user's file, a kgrec store it did not make, a store it made that has gained a
# foreign file, and a path that is a file. Each refusal must come before any fetch or build, and
# leave every file as it was. Runs in seconds; CI runs it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/kgrec-main-job-safety.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
failures=0

expect_refusal() {   # name, store path, files that must survive…
  local name="$1" store="$2"; shift 2
  local before after out
  before="$(cd "$WORK" && find . -type f -exec sha256sum {} + | sort)"
  if out="$(KGREC=/nonexistent "$ROOT/scripts/main-job.sh" --store "$store" 2>&1)"; then
    echo "FAIL $name: the main job accepted $store"; failures=$((failures + 1)); return
  fi
  after="$(cd "$WORK" && find . -type f -exec sha256sum {} + | sort)"
  if [[ "$before" != "$after" ]]; then echo "FAIL $name: files changed"; failures=$((failures + 1)); return; fi
  if grep -q "== fetch\|== build" <<< "$out"; then echo "FAIL $name: refused only after fetching or building"; failures=$((failures + 1)); return; fi
  for f in "$@"; do [[ -f "$f" ]] || { echo "FAIL $name: $f is gone"; failures=$((failures + 1)); return; }; done
  echo "ok   $name: $(tail -n 1 <<< "$out")"
}

mkdir -p "$WORK/thesis"; echo "chapter 1" > "$WORK/thesis/thesis.tex"
expect_refusal "a user's folder" "$WORK/thesis" "$WORK/thesis/thesis.tex"

mkdir -p "$WORK/other-store/models"; echo x > "$WORK/other-store/kgrec.sqlite"
expect_refusal "a store the job did not make" "$WORK/other-store" "$WORK/other-store/kgrec.sqlite"

mkdir -p "$WORK/made"; echo "made by scripts/main-job.sh" > "$WORK/made/.kgrec-main-job"; echo x > "$WORK/made/kgrec.sqlite"
echo "notes" > "$WORK/made/notes.txt"
expect_refusal "its own store with a foreign file" "$WORK/made" "$WORK/made/notes.txt" "$WORK/made/kgrec.sqlite"

echo "data" > "$WORK/a-file"
expect_refusal "a path that is a file" "$WORK/a-file" "$WORK/a-file"

if "$ROOT/scripts/main-job.sh" --help | grep -q "^Usage: scripts/main-job.sh"; then echo "ok   --help prints the usage"; else echo "FAIL --help"; failures=$((failures + 1)); fi
if "$ROOT/scripts/main-job.sh" --no-such-option >/dev/null 2>&1; then echo "FAIL an unknown option was accepted"; failures=$((failures + 1)); else echo "ok   an unknown option is refused"; fi

[[ $failures == 0 ]] && echo "main-job safety: every check held" || { echo "main-job safety: $failures checks failed"; exit 1; }
