#!/usr/bin/env bash
# Debian packages the project needs beyond Python: Pango for WeasyPrint (communication kits),
# fonts, nginx (the proxy in front of gunicorn, deploy/nginx/, which tests/deploy/ runs) and its
# cache purge module (the page cache purged on publish, pages/purge.py), gettext
# (compilemessages), PostgreSQL's client (pg_dump, pg_restore: scripts/backup and restore), systemd
# (systemd-analyze checks deploy/systemd/'s units in tests/deploy/), and
# chromium and npm for the end-to-end tests (with --browser; npm installs axe-core), or npm (and
# node) alone for the calendar parser of the tests (with --node; npm installs ical.js).
# Installs what is missing when run as root; otherwise says what to install.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core nginx gettext
    postgresql-client systemd libnginx-mod-http-cache-purge)
if [[ "${1:-}" == "--node" ]] && ! command -v npm >/dev/null 2>&1; then
    packages+=(npm)
fi
if [[ "${1:-}" == "--browser" ]]; then
    packages+=(chromium)
    # Node.js may come from elsewhere than Debian with its own npm: only a missing npm is asked for.
    if ! command -v npm >/dev/null 2>&1; then
        packages+=(npm)
    fi
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "Installing ${missing[*]}"
apt-get update -q
# RUNLEVEL=1: Debian's nginx package would start a server on port 80; nothing is started.
RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
