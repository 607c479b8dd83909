#!/usr/bin/env bash
# Runs every test Trygg has: formatting and lints, unit tests, the API suite on SQLite and on
# PostgreSQL (a throwaway cluster of its own unless TRYGG_TEST_POSTGRES names a server; each test
# makes its own database and drops it), the photo store against an S3 server (moto, likewise),
# the API contract, and the browser tests in headless Chromium against the real binary. Builds everything once, first, and says how long each step took.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
started=$SECONDS
last=$SECONDS
step() {
  if [ "$last" -lt "$SECONDS" ]; then printf '    (%ss)\n' "$((SECONDS - last))"; fi
  last=$SECONDS
  printf '\n==> %s\n' "$*"
}
. scripts/lib/test-postgres.sh
. scripts/lib/test-s3.sh
trap 'stop_test_postgres; stop_test_s3' EXIT

step "PostgreSQL, an S3 server and GDAL"
start_test_postgres
start_test_s3
# The GeoJSON export test reads the files with GDAL's ogrinfo, as a GIS user's QGIS would.
if ! command -v ogrinfo >/dev/null 2>&1; then
  echo "Installing Debian's gdal-bin (ogrinfo)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gdal-bin >/dev/null
fi

step "Formatting and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Build (backend, tests, PWA)"
cargo build --workspace --all-targets --locked
if [ -f pwa/package.json ]; then
  (cd pwa && npm ci --no-audit --no-fund && npm run lint && npm run build)
fi

step "Unit and API tests (SQLite and PostgreSQL)"
TRYGG_BIN="$PWD/target/debug/trygg" cargo test --workspace --locked

step "API contract (schemathesis on PostgreSQL, anonymous and each role)"
TRYGG_BIN="$PWD/target/debug/trygg" scripts/test-contract.sh

step "Open311 through a client library (georeport)"
TRYGG_BIN="$PWD/target/debug/trygg" scripts/test-open311.sh

if [ -x scripts/test-browser.sh ]; then
  step "Browser tests (headless Chromium)"
  TRYGG_BIN="$PWD/target/debug/trygg" scripts/test-browser.sh
fi
step "All tests passed in $((SECONDS - started)) s"
