#!/usr/bin/env bash
# Benchmark (not a test): POST /api/v1/reports throughput and p50/p99 latency at concurrency 16
# and 64, on SQLite and on PostgreSQL, beside the baseline — pgbench running the equivalent
# single-row INSERT into the same `report` table at the same concurrency on the same server.
# Prints our rate ÷ pgbench's rate and the server's peak resident memory.
# Usage: scripts/bench.sh [SECONDS_PER_RUN]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
db="trygg_bench_$$"
source scripts/bench-lib.sh
export TRYGG_RATE_LIMIT__REPORTS_PER_MINUTE=100000000 TRYGG_RATE_LIMIT__REPORTS_BURST=100000000 \
  TRYGG_DATABASE_POOL__MAX_CONNECTIONS=32

cargo build --release --locked -p trygg -p trygg-tests --bin trygg --bin bench-intake >/dev/null

declare -A rate
results=()
run_http() { # label
  for c in 16 64; do
    line=$(target/release/bench-intake "http://127.0.0.1:$port" "$1" "$c" "$seconds")
    results+=("$line")
    rate["$1/$c"]=$(echo "$line" | awk '{print $4}')
  done
}

start_server "sqlite://$work/bench.db"
run_http sqlite
sqlite_mem=$(stop_server)

psql "$pg_admin" -qc "CREATE DATABASE $db" >/dev/null
start_server "$pg_base/$db"
run_http postgres
pg_mem=$(stop_server)

# The baseline: the same single-row INSERT our intake makes, straight from pgbench.
cat > "$work/insert.sql" <<'SQL'
INSERT INTO report (client_id, tracking_token, source, category_id, description, lat, lon, area_id,
  occurred_at, feeling, contact_consent, status, received_at, updated_at)
VALUES (gen_random_uuid(), md5(random()::text) || md5(random()::text), 'pwa', 2,
  'Krossad ruta i busskuren, glas överallt.', 58.0795, 13.024, 2, now(), 3, false, 'new', now(), now());
SQL
for c in 16 64; do
  tps=$(pgbench -n -c "$c" -j 2 -T "$seconds" -f "$work/insert.sql" "$pg_base/$db" 2>/dev/null \
        | awk '/^tps/ {print $3; exit}')
  rate["pgbench/$c"]=$tps
done

printf '\n%-10s %5s %9s %10s %8s %8s %7s\n' backend conc requests "rate/s" "p50 ms" "p99 ms" errors
for line in "${results[@]}"; do printf '%-10s %5s %9s %10s %8s %8s %7s\n' $line; done
printf '\npgbench single-row INSERT: c=16 %s tps, c=64 %s tps\n' "${rate[pgbench/16]}" "${rate[pgbench/64]}"
for backend in postgres sqlite; do
  for c in 16 64; do
    awk -v b="$backend" -v c="$c" -v ours="${rate[$backend/$c]}" -v base="${rate[pgbench/$c]}" \
      'BEGIN {printf "%s c=%s: %.0f reports/s = %.2f x pgbench\n", b, c, ours, ours/base}'
  done
done
printf 'peak server memory: sqlite %s MiB, postgres %s MiB\n' "$sqlite_mem" "$pg_mem"
