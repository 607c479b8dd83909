#!/usr/bin/env bash
# The API contract: schemathesis (from PyPI, installed when missing) fuzzes the OpenAPI document
# against the real binary on PostgreSQL, anonymously and as each staff role, with every check,
# a fixed seed and a bounded number of cases (tests/contract/schemathesis.toml). Any failure
# fails the run. Expects target/debug/trygg (scripts/test.sh builds it) and TRYGG_TEST_POSTGRES
# or a server on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BIN="${TRYGG_BIN:-$ROOT/target/debug/trygg}"
OUT="$ROOT/test-output/contract"
pg_admin=${TRYGG_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
db="trygg_contract_$$"

if ! command -v st >/dev/null 2>&1; then
  echo "Installing schemathesis from PyPI"
  python3 -m pip install -q --disable-pip-version-check schemathesis==4.32.5
fi

rm -rf "$OUT" && mkdir -p "$OUT"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
url="${pg_admin%/*}/$db"
psql "$pg_admin" -qc "CREATE DATABASE $db" >/dev/null
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

export TRYGG_DATABASE_URL="$url" TRYGG_DATA_DIR="$work" TRYGG_MAIL__TRANSPORT=none RUST_LOG=warn
TRYGG_BIND="127.0.0.1:$port" TRYGG_PUBLIC_URL="$base" \
TRYGG_RATE_LIMIT__REPORTS_PER_MINUTE=100000000 TRYGG_RATE_LIMIT__REPORTS_BURST=100000000 \
TRYGG_AUTH__MAX_FAILED_LOGINS=100000 \
  "$BIN" serve >"$OUT/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "$base/ready" 2>/dev/null && break; sleep 0.2; done

password='kontraktets långa lösenord'
session() { # role → a session cookie for a fresh user with that role
  printf '%s\n' "$password" | "$BIN" user add --email "$1@kontrakt.se" --name "Kontrakt $1" --role "$1" >/dev/null
  curl -fsS -D - -o /dev/null -H "Origin: $base" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1@kontrakt.se\",\"password\":\"$password\"}" "$base/api/v1/auth/login" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(trygg_session=[^;]*\).*/\1/p'
}

run() { # label [session] — the session goes in as the document's `session` cookie scheme, so
        # schemathesis can also try each operation without it
  local label=$1 session=${2:-} config="$OUT/$1.toml"
  cp tests/contract/schemathesis.toml "$config"
  [ -n "$session" ] && printf '\n[auth.openapi.session]\napi_key = "%s"\n' "$session" >>"$config"
  # Logging out would end the run's own session; logout is covered by the API tests.
  st --config-file "$config" run "$base/api/openapi.json" --no-color -H "Origin: $base" \
      ${session:+--exclude-operation-id log_out} \
      --report junit --report-junit-path "$OUT/$label.xml" >"$OUT/$label.txt" 2>&1
}

# The five runs share the server and go side by side: each waits on HTTP most of the time.
labels=(anonymous staff est_member coordinator admin)
pids=()
run anonymous & pids+=($!)
for role in "${labels[@]:1}"; do
  cookie="$(session "$role" | sed 's/^trygg_session=//')"
  run "$role" "$cookie" & pids+=($!)
done
status=0
for i in "${!labels[@]}"; do
  label=${labels[$i]}
  echo "== schemathesis as $label"
  if ! wait "${pids[$i]}"; then
    status=1
    sed -n '/^=* FAILURES/,$p' "$OUT/$label.txt" | head -200
  fi
  tail -n 3 "$OUT/$label.txt"
done
exit "$status"
