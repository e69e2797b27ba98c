#!/usr/bin/env bash
# End to end from a built wheel, installed the way a clinic's IT person would (not editable) and
# used from an empty folder: init a project, build its leaflets, make an aftercare sheet.
# Needs the package index (for the dependencies); run by .ci/run before its offline part.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$python" -m pip wheel -q --no-deps -w "$work/dist" "$repo"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install -q "$work"/dist/handouts-*.whl
handouts="$work/venv/bin/handouts"

mkdir "$work/empty" && cd "$work/empty"
"$handouts" --version
"$handouts" init demo --clinic-name "Harbour Physio" --paper letter --locale en-US \
  --phone "+1 555 0100"
cd demo
"$handouts" list
"$handouts" check --strict --no-layout
"$handouts" build -l flyer -l trifold
"$handouts" aftercare --patient "Sam Example" --area "left shoulder"
ls out/harbour-physio/dry-needling-safety-flyer.pdf out/harbour-physio/dry-needling-benefits-trifold.pdf
ls out/aftercare/*.pdf
echo "wheel end to end: ok"
