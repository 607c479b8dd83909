#!/usr/bin/env bash
# Runs every test Trygg has: formatting and lints, unit tests, the API suite on SQLite and on
# PostgreSQL (127.0.0.1:5432; each test makes its own database and drops it), and the browser
# tests in headless Chromium against the real binary. Builds everything once, first.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
step() { printf '\n==> %s\n' "$*"; }

step "PostgreSQL"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "PostgreSQL is not answering; trying to start it"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432 || echo "PostgreSQL is unreachable: the PostgreSQL tests will fail, not skip"

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

if [ -x scripts/test-browser.sh ]; then
  step "Browser tests (headless Chromium)"
  TRYGG_BIN="$PWD/target/debug/trygg" scripts/test-browser.sh
fi
step "All tests passed"
