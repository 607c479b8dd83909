#!/usr/bin/env bash
# Open311 through a client library: georeport (PyPI, installed when missing) against the real
# binary on a fresh SQLite database, as an existing civic-reporting system would talk to Trygg.
# Expects target/debug/trygg (scripts/test.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${TRYGG_BIN:-$PWD/target/debug/trygg}"
python3 -c 'import georeport' 2>/dev/null ||
  python3 -m pip install -q --disable-pip-version-check georeport==0.3.1
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
export TRYGG_DATABASE_URL="sqlite://$work/trygg.db" TRYGG_DATA_DIR="$work" TRYGG_MAIL__TRANSPORT=none RUST_LOG=warn
TRYGG_BIND="127.0.0.1:$port" TRYGG_PUBLIC_URL="$base" "$BIN" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fsS -o /dev/null "$base/ready" 2>/dev/null && break; sleep 0.2; done
password='open311-testets långa lösenord'
for role in admin coordinator; do
  printf '%s\n' "$password" | "$BIN" user add --email "$role@open311.se" --name "Open311 $role" --role "$role" >/dev/null
done
login() {
  curl -fsS -D - -o /dev/null -H "Origin: $base" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1@open311.se\",\"password\":\"$password\"}" "$base/api/v1/auth/login" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(trygg_session=[^;]*\).*/\1/p'
}
admin=$(login admin)
key=$(curl -fsS -H "Cookie: $admin" -H "Origin: $base" -H 'Content-Type: application/json' \
  -d '{"name":"Testklienten"}' "$base/api/v1/admin/open311-clients" | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')
python3 tests/open311/roundtrip.py "$base" "$key" "$(login coordinator)" || { cat "$work/server.log" >&2; exit 1; }
