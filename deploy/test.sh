#!/usr/bin/env bash
# Lint and layer contracts first (deploy/lint.sh), then the test suite against a real Elasticsearch
# node and a real (ephemeral) Prefect API. Starts the local node if it is not running (and stops it
# again afterwards), unless ES_URL is set. `deploy/test.sh -m unit` runs the fast tests only.
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

bash deploy/lint.sh >/dev/null || { bash deploy/lint.sh; echo "test: ruff or import-linter failed" >&2; exit 1; }

started_here=0
if [[ -z ${ES_URL:-} ]] && ! bash deploy/es.sh status >/dev/null 2>&1; then
  bash deploy/es.sh start || exit 1
  started_here=1
fi

.venv/bin/python -m pytest "$@"
status=$?
if [[ $status -eq 5 ]]; then
  echo "test: pytest collected no tests; that is a failure here" >&2
  status=1
fi
[[ $started_here -eq 1 ]] && bash deploy/es.sh stop
exit $status
