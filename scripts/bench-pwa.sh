#!/usr/bin/env bash
# Benchmark (not a test): the resident's first load on a slow phone. Headless Chromium through
# playwright-core, with CDP network emulation (400 kbit/s down and up, 400 ms round trip) on the
# page and on the service worker, at 360×780: a cold visit (a new, empty profile) and a warm one
# (the same profile, a second visit) to /rapportera. Prints, as the median of RUNS runs (default 3),
#   usable   ms from navigation start until the report form's first step is usable: its heading,
#            the "how do you want to show the place" radios and the Next button are in the page,
#            enabled and visible (the view's handlers are attached when they are created);
#   map      ms until the map (Leaflet) is shown on that step, for information;
#   KB       bytes on the wire (1 KB = 1000 B; encoded, headers included) by the page and the worker, its
#            precache included, until the network is quiet; map tiles are blocked (a foreign
#            server) and not counted;
#   requests requests that went to the network (not answered by the HTTP cache or the worker).
#
# Usage: scripts/bench-pwa.sh [LABEL=PWA_DIR ...]      (default: current=pwa/dist)
#   e.g. scripts/bench-pwa.sh before=/tmp/before/pwa/dist after=pwa/dist
# Builds pwa/dist first when it is missing or BUILD=1. Each build is served by the real binary
# (TRYGG_BIN, default target/release/trygg, else target/debug/trygg) on a free port with a fresh
# data directory, as scripts/test-browser.sh does. RUNS=5 for more runs; BENCH_DETAIL=1 lists every
# request of every visit (page or worker, bytes or cache, start–end ms) on stderr. The machine's other work
# shows in the times: run it on a quiet machine, and compare builds within one run of the script.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BIN="${TRYGG_BIN:-}"
if [ -z "$BIN" ]; then
  BIN="$ROOT/target/release/trygg"
  [ -x "$BIN" ] || BIN="$ROOT/target/debug/trygg"
fi
[ -x "$BIN" ] || { echo "No trygg binary at $BIN: build it, or set TRYGG_BIN." >&2; exit 1; }

builds=("$@")
[ ${#builds[@]} -gt 0 ] || builds=("current=$ROOT/pwa/dist")
if [ "${BUILD:-0}" = 1 ] || { [ "${builds[*]}" = "current=$ROOT/pwa/dist" ] && [ ! -f pwa/dist/index.html ]; }; then
  (cd pwa && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build >/dev/null)
fi
[ -x /usr/bin/chromium ] || { echo "Needs Debian's chromium (apt-get install chromium)." >&2; exit 1; }
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund >/dev/null)

DATA=""
SERVER=""
stop_server() {
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
  fi
  SERVER=""
  [ -n "$DATA" ] && rm -rf "$DATA"
  DATA=""
}
trap stop_server EXIT

header=1
for build in "${builds[@]}"; do
  label="${build%%=*}"
  dir="${build#*=}"
  [ -f "$dir/index.html" ] || { echo "$label: no index.html in $dir" >&2; exit 1; }
  DATA="$(mktemp -d)"
  PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  BASE="http://127.0.0.1:$PORT"
  TRYGG_DATA_DIR="$DATA" TRYGG_DATABASE_URL="sqlite://$DATA/trygg.db" TRYGG_BIND="127.0.0.1:$PORT" \
    TRYGG_PUBLIC_URL="$BASE" TRYGG_PWA_DIR="$(cd "$dir" && pwd)" RUST_LOG=error \
    "$BIN" serve >"$DATA/server.log" 2>&1 &
  SERVER=$!
  deadline=$((SECONDS + 60))
  until curl -fsS -o /dev/null "$BASE/ready" 2>/dev/null; do
    if ! kill -0 "$SERVER" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "trygg did not become ready on $BASE; its log:" >&2
      cat "$DATA/server.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  node --experimental-websocket --no-warnings scripts/bench-pwa.mjs "$BASE" "$label" "${RUNS:-3}" "$header"
  header=0
  stop_server
done
