#!/usr/bin/env bash
# Installs the system packages sentry-swift needs (Debian/Ubuntu), and Relay's normalizer (PyPI sentry-relay) into
# .build-venv for Scripts/relay_check.py. Idempotent: quick when present.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(libcurl4-openssl-dev zlib1g-dev pkg-config curl python3 python3-venv)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: system packages already installed (${packages[*]})"
else
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "bootstrap: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
command -v swift >/dev/null || { echo "bootstrap: Swift 6.1 or later must be on PATH (https://swift.org/install)" >&2; exit 1; }

# Relay's own normalizer for the tests (Scripts/relay_check.py, RelayValidationTests): PyPI sentry-relay in a venv,
# since Debian's python3 refuses system-wide pip installs (PEP 668). Scripts/test.sh and the Swift test use it.
venv=.build-venv
relay="sentry-relay>=0.10.1,<0.11"
if "$venv/bin/python3" -c "import sentry_relay.processing" 2>/dev/null; then
  echo "bootstrap: sentry-relay already installed in $venv"
else
  echo "bootstrap: installing $relay into $venv"
  rm -rf "$venv"  # a half-made venv (no pip, interrupted install) is rebuilt from scratch
  python3 -m venv "$venv"
  "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check "$relay"
  "$venv/bin/python3" -c "import sentry_relay.processing" || { echo "bootstrap: sentry-relay does not import" >&2; exit 1; }
fi
