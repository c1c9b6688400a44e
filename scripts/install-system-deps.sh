#!/usr/bin/env bash
# Debian packages OneSeal needs beyond Python: a CJK font and HarfBuzz for the Chinese PDFs
# (weasyprint), and for the tests Debian's chromium for the Playwright journeys, poppler and
# zbar to read back the QR codes printed on the documents.
# Installs only what is missing; `apt-get update` runs only when something is.
set -euo pipefail

profile="${1:-run}"
packages=(fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0)
if [[ "$profile" == "test" ]]; then
  packages+=(chromium poppler-utils libzbar0)
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "缺少系统软件包 / missing system packages: ${missing[*]} (no apt-get here; install them yourself)" >&2
  exit 1
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
