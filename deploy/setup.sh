#!/usr/bin/env bash
# One-shot set-up on a fresh machine: Debian packages, the Python env in .venv/, and the local
# Elasticsearch node (unless ES_URL names a cluster), then the local Prefect server. Safe to run again.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

APT_PACKAGES=(
  curl unzip maven                              # fetching and unpacking Elasticsearch
  tesseract-ocr tesseract-ocr-chi-sim           # OCR of scanned drafts
  poppler-utils                                 # pdftoppm: rendering pages
  libreoffice-writer-nogui                      # .doc/.wps conversion, rendering Word output
  fonts-noto-cjk                                # CJK fonts for rendered pages
  chromium chromium-driver                      # browser tests of the web workbench
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/pip install -q --upgrade pip >/dev/null
# The pinned versions first (requirements.lock: `pip freeze --exclude-editable` of a fresh install), then
# the project itself; pyproject.toml keeps the ranges, the lock makes installs reproducible.
.venv/bin/pip install -q -r requirements.lock
.venv/bin/pip install -q --no-deps -e ".[test]"
echo "setup: Python env ready in .venv/"

bash deploy/es.sh start
bash deploy/prefect.sh start

# The statute store the citation checks read (<data_dir>/laws.sqlite3) and the laws search index,
# from checks/data/laws/ (a Prefect flow, flows/laws.py).
.venv/bin/normreview laws load
