#!/usr/bin/env bash
# Benchmark (not a test): the coordinator's queue on PostgreSQL with 1,000,000 reports, filtered
# by status + area + date range — the first page, and a deep page reached by cursor — at
# concurrency 8: p50/p99 latency, plus EXPLAIN ANALYZE showing the index each uses; then all of
# them exported as CSV and as SWEREF 99 TM GeoJSON, streamed: time, size and the server's peak memory.
# Usage: scripts/bench-queue.sh [SECONDS_PER_RUN] [REPORTS]   (defaults 10, 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
reports=${2:-1000000}
db="trygg_bench_queue_$$"
source scripts/bench-lib.sh
url="$pg_base/$db"
password='benchmark password 1466'

cargo build --release --locked -p trygg -p trygg-tests --bin trygg --bin bench-get >/dev/null
export TRYGG_DATABASE_URL=$url TRYGG_DATA_DIR=$work RUST_LOG=error

psql "$pg_admin" -qc "CREATE DATABASE $db" >/dev/null
target/release/trygg import areas config/areas.geojson >/dev/null
printf '%s\n' "$password" | target/release/trygg user add --email bench@herrljunga.se --name Bench --role coordinator >/dev/null

echo "Seeding $reports reports (two years, 7 areas, 17 categories, 5 statuses)…"
time psql "$url" -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO report (client_id, tracking_token_hash, source, category_id, description, lat, lon, area_id,
                    occurred_at, contact_consent, status, received_at, updated_at)
SELECT gen_random_uuid(), md5(i::text) || md5((i + 1)::text), 'pwa', 1 + (i * 31) % 17,
       'Demo report ' || i, 58.0 + (i % 1000) / 10000.0, 13.0 + (i % 997) / 10000.0, 1 + (i * 7919) % 7,
       now() - i * interval '63 seconds' - interval '1 hour',
       false, (ARRAY['new','triaged','in_progress','resolved','closed'])[1 + (i * 13) % 5],
       now() - i * interval '63 seconds', now()
FROM generate_series(1::bigint, $reports) AS i;
ANALYZE report;
SQL

start_server "$url"

from=$(date -u -d '1 year ago' +%F)
to=$(date -u +%F)
area_id=$(psql "$url" -Atc "SELECT id FROM area WHERE slug = 'herrljunga'")
query="status=new&area=herrljunga&from=$from&to=$to&limit=50"
where="status IN ('new') AND area_id = $area_id AND received_at >= '$from' AND received_at < '$to'::date + 1"
deep_pages=100
cursor=$(psql "$url" -Atc "SELECT received_at || '|' || id FROM report WHERE $where
                           ORDER BY received_at DESC, id DESC OFFSET $((deep_pages * 50 - 1)) LIMIT 1")
cursor_at=${cursor%|*}; cursor_id=${cursor#*|}

echo; echo "EXPLAIN ANALYZE, first page:"
psql "$url" -Atc "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM report WHERE $where
                  ORDER BY received_at DESC, id DESC LIMIT 51"
echo; echo "EXPLAIN ANALYZE, page $((deep_pages + 1)) by cursor:"
psql "$url" -Atc "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM report WHERE $where
                  AND (received_at, id) < ('$cursor_at', $cursor_id)
                  ORDER BY received_at DESC, id DESC LIMIT 51"

echo
first=$(target/release/bench-get "http://127.0.0.1:$port" bench@herrljunga.se "$password" "/api/v1/reports?$query" first-page 8 "$seconds" 0)
deep=$(target/release/bench-get "http://127.0.0.1:$port" bench@herrljunga.se "$password" "/api/v1/reports?$query" "page-$((deep_pages + 1))" 8 "$seconds" "$deep_pages")
printf '%-10s %5s %9s %10s %8s %8s %7s\n' page conc requests "rate/s" "p50 ms" "p99 ms" errors
printf '%-10s %5s %9s %10s %8s %8s %7s\n' $first
printf '%-10s %5s %9s %10s %8s %8s %7s\n' $deep
echo "Queue: $reports reports; filter $query"

base="http://127.0.0.1:$port"
jar="$work/jar"
curl -fsS -c "$jar" -H "Origin: $base" -H 'Content-Type: application/json' \
  -d "{\"email\":\"bench@herrljunga.se\",\"password\":\"$password\"}" "$base/api/v1/auth/login" >/dev/null
echo; printf '%-22s %10s %12s\n' export seconds MB
for file in "export.csv" "export.geojson?crs=EPSG:3006"; do
  read -r secs bytes < <(curl -fsS -b "$jar" -o /dev/null -w '%{time_total} %{size_download}\n' "$base/api/v1/reports/$file")
  printf '%-22s %10.1f %12s\n' "${file%%\?*}" "$secs" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')"
done
echo "Server peak RSS, the queue runs and both exports of $reports reports: $(stop_server) MiB"
