#!/usr/bin/env bash
# Browser tests: the built PWA (pwa/dist) in Debian's headless Chromium, driven by playwright-core,
# against the real `trygg` binary on a free port with a fresh data directory and SQLite file.
# Expects pwa/dist and the binary to be built already (scripts/test.sh builds both first).
# Screenshots of every step and the server log end up in test-output/browser/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BIN="${TRYGG_BIN:-$ROOT/target/debug/trygg}"
OUT="$ROOT/test-output/browser"

[ -x "$BIN" ] || { echo "No trygg binary at $BIN: run 'cargo build -p trygg' first." >&2; exit 1; }
[ -f pwa/dist/index.html ] || { echo "pwa/dist is not built: run 'cd pwa && npm ci && npm run build' first." >&2; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium"
  apt-get update && apt-get install -y chromium
fi
(cd tests/browser && npm ci --no-audit --no-fund)

rm -rf "$OUT" && mkdir -p "$OUT"
DATA="$(mktemp -d)"
PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
BASE="http://127.0.0.1:$PORT"

export TRYGG_DATA_DIR="$DATA" TRYGG_DATABASE_URL="sqlite://$DATA/trygg.db"
TRYGG_BIND="127.0.0.1:$PORT" \
TRYGG_PUBLIC_URL="$BASE" \
TRYGG_PWA_DIR="$ROOT/pwa/dist" \
TRYGG_RATE_LIMIT__REPORTS_PER_MINUTE=1000 \
TRYGG_RATE_LIMIT__REPORTS_BURST=1000 \
  "$BIN" serve >"$OUT/server.log" 2>&1 &
SERVER=$!
stop_server() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$DATA"
}
trap stop_server EXIT

# Wait (up to 60 s) until the server answers /ready, or stop early if it died.
deadline=$((SECONDS + 60))
until curl -fsS -o /dev/null "$BASE/ready" 2>/dev/null; do
  if ! kill -0 "$SERVER" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
    echo "trygg did not become ready on $BASE; its log:" >&2
    cat "$OUT/server.log" >&2
    exit 1
  fi
  sleep 0.2
done
echo "trygg is ready on $BASE"

# Staff accounts (the same as tests/browser/helpers.mjs) and a year of demo reports for the queue,
# through the CLI beside the running server on the same database.
printf 'samordnarens långa lösenord\n' |
  "$BIN" user add --email samordnare@herrljunga.se --name "Sara Samordnare" --role coordinator >/dev/null
printf 'personalens långa lösenord\n' |
  "$BIN" user add --email personal@herrljunga.se --name "Per Personal" --role staff --organisation "Räddningstjänsten" >/dev/null
"$BIN" demo --reports 300 --until "$(date +%F)" >/dev/null
# A third account with a one-time password, to be changed at first login.
TRYGG_ONE_TIME_PASSWORD="$("$BIN" user add --email ny@herrljunga.se --name "Nils Ny" --role staff --one-time |
  sed -n 's/^One-time password[^:]*: //p')"
export TRYGG_ONE_TIME_PASSWORD

status=0
# The PWA's API types (pwa/src/api/schema.ts) are generated from the OpenAPI document: they must
# match what this binary serves. The same generator as `npm run api-types` (openapi-typescript
# --enum-values, unformatted), here on the running server's document.
[ -x pwa/node_modules/.bin/openapi-typescript ] || (cd pwa && npm ci --no-audit --no-fund)
if ! TRYGG_OPENAPI="$BASE/api/openapi.json" node pwa/scripts/api-types.mjs "$OUT/schema.ts" >/dev/null; then
  echo "The server's OpenAPI document could not be turned into TypeScript (see above); the tests run anyway." >&2
  status=1
elif ! diff -u pwa/src/api/schema.ts "$OUT/schema.ts"; then
  echo "pwa/src/api/schema.ts differs from the server's OpenAPI document:" \
    "regenerate it with 'cd pwa && TRYGG_BIN=$BIN npm run api-types'." >&2
  status=1
fi

TAP="$OUT/results.tap"
(cd tests/browser && TRYGG_BASE_URL="$BASE" node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$TAP" \
  ${BROWSER_TESTS:-./*.test.mjs}) || status=$?

passed="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$TAP")"
failed="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$TAP")"
echo "${passed:-0} passed, ${failed:-0} failed (screenshots in test-output/browser/)"
exit "$status"
