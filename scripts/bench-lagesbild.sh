#!/usr/bin/env bash
# Benchmark (not a test): generating a lägesbild on PostgreSQL with 1,000,000 reports spread over
# 24 months (7 areas, 17 categories, a tenth of them inrapporter): a draft's figures are
# generated on every read, so reading one is the generation. The monthly one (the last 30 days)
# and the 24-month in-depth one, one request at a time: p50/p99 and the server's peak memory
# after each.
# Usage: scripts/bench-lagesbild.sh [SECONDS_PER_RUN] [REPORTS]   (defaults 20, 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
reports=${2:-1000000}
db="trygg_bench_lagesbild_$$"
source scripts/bench-lib.sh
url="$pg_base/$db"
password='benchmark password 1466'

cargo build --release --locked -p trygg -p trygg-tests --bin trygg --bin bench-get >/dev/null
export TRYGG_DATABASE_URL=$url TRYGG_DATA_DIR=$work RUST_LOG=error

psql "$pg_admin" -qc "CREATE DATABASE $db" >/dev/null
target/release/trygg import areas config/areas.geojson >/dev/null
target/release/trygg import crime-stats config/demo/crime-stats-herrljunga.csv >/dev/null
printf '%s\n' "$password" | target/release/trygg user add --email bench@herrljunga.se --name Bench --role coordinator >/dev/null

echo "Seeding $reports reports over 24 months…"
time psql "$url" -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO report (client_id, tracking_token_hash, source, category_id, description, lat, lon, area_id,
                    occurred_at, contact_consent, status, received_at, updated_at)
SELECT gen_random_uuid(), md5(i::text) || md5((i + 1)::text), CASE WHEN i % 10 = 0 THEN 'staff' ELSE 'pwa' END,
       1 + (i * 31) % 17, 'Demo report ' || i,
       58.0 + (i % 1000) / 10000.0, 13.0 + (i % 997) / 10000.0, 1 + (i * 7919) % 7,
       now() - (i * 63072000 / $reports) * interval '1 second',
       false, (ARRAY['new','triaged','in_progress','resolved','closed'])[1 + (i * 13) % 5],
       now() - (i * 63072000 / $reports) * interval '1 second', now()
FROM generate_series(1::bigint, $reports) AS i;
ANALYZE report;
SQL

start_server "$url"
base="http://127.0.0.1:$port"
cookie_jar="$work/jar"
curl -fsS -c "$cookie_jar" -H "Origin: $base" -H 'Content-Type: application/json' \
  -d "{\"email\":\"bench@herrljunga.se\",\"password\":\"$password\"}" "$base/api/v1/auth/login" >/dev/null
create() { # JSON body → the new lägesbild's id
  curl -fsS -b "$cookie_jar" -H "Origin: $base" -H 'Content-Type: application/json' -d "$1" "$base/api/v1/staff/lagesbilder" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}
monthly=$(create "{\"group\":\"est\",\"from\":\"$(date -u -d '30 days ago' +%FT%TZ)\"}")
printf '%-13s %5s %9s %10s %8s %8s %7s\n' lägesbild conc requests "rate/s" "p50 ms" "p99 ms" errors
printf '%-13s %5s %9s %10s %8s %8s %7s\n' \
  $(target/release/bench-get "$base" bench@herrljunga.se "$password" "/api/v1/staff/lagesbilder/$monthly" monthly 1 "$seconds" 0)
peak_monthly=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$server_pid/status")
# Made only now: making it generates its figures, which would count in the monthly's peak.
in_depth=$(create '{"group":"steering","kind":"in_depth"}')
printf '%-13s %5s %9s %10s %8s %8s %7s\n' \
  $(target/release/bench-get "$base" bench@herrljunga.se "$password" "/api/v1/staff/lagesbilder/$in_depth" in-depth 1 "$seconds" 0)
peak_all=$(stop_server)
echo "Reports: $reports over 24 months; server peak RSS after the monthly runs ${peak_monthly} MiB, after the in-depth ones ${peak_all} MiB"
