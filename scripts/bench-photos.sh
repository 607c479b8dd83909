#!/usr/bin/env bash
# Benchmarks the photo pipeline (not a test): a 12-megapixel JPEG made to be as costly as a phone
# photo, through Trygg's pipeline (display 1600 px + thumbnail 320 px, metadata stripped) and,
# as the baseline in the same run, through libvips' vipsthumbnail doing the same two outputs
# (Debian's libvips-tools, installed when missing). Prints the median time of RUNS and the peak
# resident memory of each, and the ratios. Usage: scripts/bench-photos.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
if ! command -v vipsthumbnail >/dev/null 2>&1; then
  echo "Installing Debian's libvips-tools (vipsthumbnail)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvips-tools >/dev/null
fi
cargo build --release --locked -q -p trygg-tests --bin bench-photos
bench=target/release/bench-photos
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
photo="$work/photo.jpg"
"$bench" make "$photo"
printf 'input: 4000x3000 JPEG, %s KiB; %s runs each\n' "$(( $(stat -c %s "$photo") / 1024 ))" "$runs"

# Both the same way: one process per photo, timed from outside (start-up included for both),
# peak resident memory of the process.
median() { sort -n | awk -v n="$runs" 'NR == int(n / 2) + 1 {printf "%.1f", $1 / 1000}'; }
ours_times=() vips_times=()
for _ in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$work/ours.rss" "$bench" run "$photo" 1 >/dev/null
  ours_times+=("$(( ($(date +%s%N) - start) / 1000 ))")
  # libvips: shrink-on-load to 1600, then 320 from that, metadata stripped, the same quality.
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$work/vips.rss" vipsthumbnail "$photo" -s 1600 -o "$work/display.jpg[Q=82,strip]"
  vipsthumbnail "$work/display.jpg" -s 320 -o "$work/thumb.jpg[Q=82,strip]"
  vips_times+=("$(( ($(date +%s%N) - start) / 1000 ))")
done
ours_ms=$(printf '%s\n' "${ours_times[@]}" | median)
vips_ms=$(printf '%s\n' "${vips_times[@]}" | median)
ours_mib=$(awk '{printf "%.1f", $1/1024}' "$work/ours.rss")
vips_mib=$(awk '{printf "%.1f", $1/1024}' "$work/vips.rss")

printf '%-16s %10s %10s\n' "" "median ms" "peak MiB"
printf '%-16s %10s %10s\n' "trygg pipeline" "$ours_ms" "$ours_mib"
printf '%-16s %10s %10s\n' "vipsthumbnail" "$vips_ms" "$vips_mib"
awk -v a="$ours_ms" -v b="$vips_ms" -v c="$ours_mib" -v d="$vips_mib" \
  'BEGIN {printf "ratio trygg/vips: time %.2f, memory %.2f\n", a / b, c / d}'
