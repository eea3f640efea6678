#!/usr/bin/env bash
# Lint and layer check: ruff over the code, import-linter over the layer contracts in pyproject.toml.
# The layers live in top-level folders that install as subpackages of `normreview` (package-dir mapping),
# which import-linter cannot see through; it reads a copy of the package laid out as it is installed.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

.venv/bin/ruff check .

LAYOUT="$(mktemp -d "${TMPDIR:-/tmp}/normreview-layers.XXXX")"
trap 'rm -rf "$LAYOUT"' EXIT
mkdir -p "$LAYOUT/normreview"
cp normreview/*.py "$LAYOUT/normreview/"
for layer in extractors checks index flows reports web; do
  mkdir -p "$LAYOUT/normreview/$layer"
  (cd "$layer" && find . -name '*.py' -not -path '*/__pycache__/*' -exec cp --parents {} "$LAYOUT/normreview/$layer/" \;)
done
# From the copy's folder: import-linter puts the working directory first on the path.
(cd "$LAYOUT" && PYTHONPATH="$LAYOUT" "$REPO/.venv/bin/lint-imports" --no-cache "$REPO/pyproject.toml")
