#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, only those missing.
#   site: Pango and fonts for WeasyPrint (PDF handbooks)
#   test: also Chromium (browser tests), poppler-utils (pdftoppm), a Java runtime (Nu HTML Checker)
# Chromium comes from Debian, never from a browser download by a test tool.
set -euo pipefail
want="${1:-site}"
missing=()
need() { dpkg -s "$1" >/dev/null 2>&1 || missing+=("$1"); }
need libpango-1.0-0
need libpangoft2-1.0-0
need fonts-dejavu-core
need fonts-liberation
if [ "$want" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
fi
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "missing system packages: ${missing[*]} — install them with apt-get as root" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
