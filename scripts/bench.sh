#!/usr/bin/env bash
# Benchmark (not a test): POST /api/v1/reports throughput and p50/p99 latency at concurrency 16
# and 64, on SQLite and on PostgreSQL, beside two baselines run in the same command — for
# PostgreSQL, pgbench running the equivalent single-row INSERT into the same `report` table at
# the same concurrency on the same server; for SQLite, SQLite itself (bench-sqlite-baseline:
# the same row and event, one transaction per report, WAL and synchronous=FULL). Prints our rate
# ÷ the baseline's and the server's peak resident memory.
# Usage: scripts/bench.sh [SECONDS_PER_RUN]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
db="trygg_bench_$$"
source scripts/bench-lib.sh
export TRYGG_RATE_LIMIT__REPORTS_PER_MINUTE=100000000 TRYGG_RATE_LIMIT__REPORTS_BURST=100000000 \
  TRYGG_DATABASE_POOL__MAX_CONNECTIONS=32

cargo build --release --locked -p trygg -p trygg-tests --bin trygg --bin bench-intake --bin bench-sqlite-baseline >/dev/null

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
# The SQLite baseline, on a database of its own made by the same migrations.
TRYGG_DATABASE_URL="sqlite://$work/baseline.db" TRYGG_DATA_DIR=$work RUST_LOG=error \
  "$bench_bin" import areas config/areas.geojson >/dev/null
baseline=$(target/release/bench-sqlite-baseline "$work/baseline.db" "$seconds")
results+=("$baseline")
rate["sqlite-baseline"]=$(echo "$baseline" | awk '{print $4}')

psql "$pg_admin" -qc "CREATE DATABASE $db" >/dev/null
start_server "$pg_base/$db"
run_http postgres
pg_mem=$(stop_server)

# The baseline: the same single-row INSERT our intake makes, straight from pgbench.
cat > "$work/insert.sql" <<'SQL'
INSERT INTO report (client_id, tracking_token_hash, source, category_id, description, lat, lon, area_id,
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
printf 'SQLite itself, row + event per transaction: %s per s\n' "${rate[sqlite-baseline]}"
for c in 16 64; do
  awk -v c="$c" -v ours="${rate[postgres/$c]}" -v base="${rate[pgbench/$c]}" \
    'BEGIN {printf "postgres c=%s: %.0f reports/s = %.2f x pgbench\n", c, ours, ours/base}'
  awk -v c="$c" -v ours="${rate[sqlite/$c]}" -v base="${rate[sqlite-baseline]}" \
    'BEGIN {printf "sqlite   c=%s: %.0f reports/s = %.2f x SQLite itself\n", c, ours, ours/base}'
done
printf 'peak server memory: sqlite %s MiB, postgres %s MiB\n' "$sqlite_mem" "$pg_mem"
