# Shared by the benchmark scripts (sourced, not run): a scratch directory, a free port, a
# PostgreSQL database named $db, and the release server started and stopped on them.
# The sourcing script sets `db` first; TRYGG_* variables it exports reach the server.
pg_admin=${TRYGG_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
pg_base=${pg_admin%/*}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server_pid=""
# The server under test; TRYGG_BENCH_BIN runs another build (an older one, for a before/after).
bench_bin=${TRYGG_BENCH_BIN:-target/release/trygg}

cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

start_server() { # DATABASE_URL
  TRYGG_BIND=127.0.0.1:$port TRYGG_PUBLIC_URL=http://127.0.0.1:$port TRYGG_DATABASE_URL=$1 TRYGG_DATA_DIR=$work RUST_LOG=error \
    "$bench_bin" serve &
  server_pid=$!
  for _ in $(seq 1 100); do
    kill -0 "$server_pid" 2>/dev/null || { echo "the server exited" >&2; exit 1; }
    curl -sf "http://127.0.0.1:$port/ready" >/dev/null && return
    sleep 0.1
  done
  echo "server did not become ready" >&2; exit 1
}

stop_server() { # prints the server's peak resident memory in MiB
  local peak
  peak=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$server_pid/status")
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  echo "$peak"
}
