#!/usr/bin/env bash
# Installs the Debian packages the portal needs when they are missing.
#   scripts/system-deps.sh run   -> what `make run` needs (WeasyPrint's Pango, gettext)
#   scripts/system-deps.sh test  -> plus Chromium (browser tests), poppler-utils (pdftotext, pdfinfo) and
#                                   nginx (the front server the tests run for real, tests/frontserver),
#                                   docker-compose (`config` validates docker-compose.yml), npm (axe-core
#                                   and the Nu HTML checker, tests/e2e/package.json) and a Java runtime
#                                   (the Nu HTML checker is a jar)
#   scripts/system-deps.sh bench -> plus LibreOffice Writer (headless), the certificate bench's anchor
set -euo pipefail
mode="${1:-run}"
need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
command -v msgfmt >/dev/null || need+=(gettext)
have_lib libpango-1.0 || need+=(libpango-1.0-0)
have_lib libpangoft2-1.0 || need+=(libpangoft2-1.0-0)
if [ "$mode" = "test" ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  command -v zbarimg >/dev/null || need+=(zbar-tools)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
  command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || need+=(docker-compose)
  command -v npm >/dev/null || need+=(npm)
  command -v java >/dev/null || need+=(default-jre-headless)
fi
if [ "$mode" = "bench" ]; then
  command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
fi
if [ "${#need[@]}" -eq 0 ]; then exit 0; fi
echo "Installing system packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
