#!/usr/bin/env bash
# Benchmark (not a test): a survey's results on PostgreSQL with 50,000 responses to 20 questions
# (18 answered questions and 2 background ones: area and age) — the full results page, and the
# results broken down by area — one request at a time: p50/p99 latency and the server's peak
# memory, with EXPLAIN ANALYZE of the breakdown's largest query.
# Usage: scripts/bench-surveys.sh [SECONDS_PER_RUN] [RESPONSES]   (defaults 15, 50000)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
responses=${2:-50000}
db="trygg_bench_surveys_$$"
source scripts/bench-lib.sh
url="$pg_base/$db"
password='benchmark password 1466'
slug=trygghetsenkat-bench

cargo build --release --locked -p trygg -p trygg-tests --bin trygg --bin bench-get >/dev/null
export TRYGG_DATABASE_URL=$url TRYGG_DATA_DIR=$work RUST_LOG=error

psql "$pg_admin" -qc "CREATE DATABASE $db" >/dev/null
target/release/trygg import areas config/areas.geojson >/dev/null
target/release/trygg survey template --slug "$slug" >/dev/null
printf '%s\n' "$password" | target/release/trygg user add --email bench@herrljunga.se --name Bench --role coordinator >/dev/null

echo "Seeding $responses responses to 18 questions and 2 background questions…"
time psql "$url" -q -v ON_ERROR_STOP=1 <<SQL
UPDATE survey SET status = 'published', opens_at = now() - interval '30 days', closes_at = now() + interval '30 days';
UPDATE survey_version SET published_at = now() - interval '30 days';
INSERT INTO survey_response (survey_id, version_id, client_key, body_hash, language, submitted_at)
SELECT s.id, v.id, md5(i::text) || md5((i + 1)::text), md5(i::text) || md5(i::text), 'sv',
       now() - i * interval '50 seconds'
FROM generate_series(1, $responses) AS i, survey s JOIN survey_version v ON v.survey_id = s.id;
WITH q(n, code, choices) AS (VALUES
  (1, 'unsafe_evening', ARRAY['very_safe','fairly_safe','fairly_unsafe','very_unsafe','never_out']),
  (2, 'avoid_route', ARRAY['often','sometimes','no']),
  (3, 'avoid_activity', ARRAY['often','sometimes','no']),
  (4, 'worry_society', ARRAY['very_much','quite_much','quite_little','very_little','not_at_all']),
  (5, 'worry_burglary', ARRAY['very_often','fairly_often','fairly_seldom','never']),
  (6, 'worry_assault', ARRAY['very_often','fairly_often','fairly_seldom','never']),
  (7, 'trust_police', ARRAY['agree_fully','agree_partly','disagree_somewhat','disagree','dont_know']),
  (8, 'trust_kommun', ARRAY['agree_fully','agree_partly','disagree_somewhat','disagree','dont_know']),
  (9, 'problem_littering', ARRAY['very_big','fairly_big','fairly_small','none','dont_know']),
  (10, 'problem_graffiti', ARRAY['very_big','fairly_big','fairly_small','none','dont_know']),
  (11, 'problem_vandalism', ARRAY['very_big','fairly_big','fairly_small','none','dont_know']),
  (12, 'problem_lighting', ARRAY['very_big','fairly_big','fairly_small','none','dont_know']),
  (13, 'problem_overgrown', ARRAY['very_big','fairly_big','fairly_small','none','dont_know']),
  (14, 'problem_reckless_cars', ARRAY['very_big','fairly_big','fairly_small','none','dont_know']),
  (15, 'problem_mopeds', ARRAY['very_big','fairly_big','fairly_small','none','dont_know']),
  (16, 'problem_youth_disorder', ARRAY['very_big','fairly_big','fairly_small','none','dont_know']),
  (17, 'problem_drunk', ARRAY['very_big','fairly_big','fairly_small','none','dont_know']),
  (18, 'victim_theft', ARRAY['yes','no','no','no'])
)
INSERT INTO survey_answer (response_id, survey_id, question, value)
SELECT r.id, r.survey_id, q.code, q.choices[1 + ((r.id * 7919 + q.n * 104729) % array_length(q.choices, 1))]
FROM survey_response r CROSS JOIN q;
INSERT INTO survey_background (response_id, survey_id, question, value)
SELECT r.id, r.survey_id, 'bg_area',
       (ARRAY['herrljunga','herrljunga','herrljunga','annelund','ljung','faglavik','hudene','eggvena','herrljunga-kommun'])[1 + (r.id * 31) % 9]
FROM survey_response r;
INSERT INTO survey_background (response_id, survey_id, question, value)
SELECT r.id, r.survey_id, 'bg_age', (ARRAY['age_16_19','age_20_24','age_25_44','age_45_64','age_65_74','age_75_84','age_85_plus'])[1 + (r.id * 17) % 7]
FROM survey_response r;
ANALYZE;
SQL

start_server "$url"
base="http://127.0.0.1:$port"
results="/api/v1/staff/surveys/$slug/results"
echo; echo "EXPLAIN ANALYZE, the answers counted by area (the breakdown's largest query):"
psql "$url" -Atc "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
  SELECT b.value AS grp, a.question, a.value, COUNT(a.id) FROM survey_answer a
  LEFT JOIN survey_background b ON b.response_id = a.response_id AND b.question = 'bg_area'
  WHERE a.survey_id = (SELECT id FROM survey WHERE slug = '$slug') GROUP BY grp, a.question, a.value"
echo
full=$(target/release/bench-get "$base" bench@herrljunga.se "$password" "$results" full-results 1 "$seconds" 0)
by_area=$(target/release/bench-get "$base" bench@herrljunga.se "$password" "$results?by=bg_area" by-area 1 "$seconds" 0)
peak=$(stop_server)
printf '%-13s %5s %9s %10s %8s %8s %7s\n' page conc requests "rate/s" "p50 ms" "p99 ms" errors
printf '%-13s %5s %9s %10s %8s %8s %7s\n' $full
printf '%-13s %5s %9s %10s %8s %8s %7s\n' $by_area
echo "Survey: $responses responses × 20 questions; server peak RSS ${peak} MiB"
