# Shared set-up for bin/run and bin/test (sourced). Installs what is missing on a fresh Debian machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# Python 3.11+ with venv and pip.
PY="${PYTHON:-python3}"
if ! command -v "$PY" >/dev/null 2>&1 || ! "$PY" -c 'import sys, venv, ensurepip; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  apt_install python3 python3-venv python3-pip
  PY=python3
fi

# The virtual environment, reinstalled only when the requirements change.
REQS="${1:-requirements.txt}"
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
STAMP=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$(basename "$REQS")"
if [ ! -f "$STAMP" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -r "$REQS"
  rm -f .venv/.installed-*; touch "$STAMP"
fi
export FLASK_APP=wsgi.py
# Compiled catalogs are build output, not source.
.venv/bin/pybabel -q compile -d translations
