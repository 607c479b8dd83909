#!/usr/bin/env bash
# Builds the PWA and the backend, then serves Trygg at http://localhost:8080 on an embedded
# SQLite database (data/trygg.db, created and migrated on start). Extra arguments go to
# `trygg serve`, e.g. `scripts/run.sh --config my.toml`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f pwa/package.json ]; then
  if [ ! -f pwa/node_modules/.package-lock.json ] || [ pwa/package-lock.json -nt pwa/node_modules/.package-lock.json ]; then
    (cd pwa && npm ci --no-audit --no-fund)
  fi
  (cd pwa && npm run build)
fi
exec cargo run --release -p trygg -- serve "$@"
