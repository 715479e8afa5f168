#!/usr/bin/env bash
# Installs the system packages sentry-swift needs (Debian/Ubuntu). Idempotent: quick when present.
set -euo pipefail
packages=(libcurl4-openssl-dev zlib1g-dev pkg-config curl python3)
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
