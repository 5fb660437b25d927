#!/usr/bin/env bash
# End-to-end ingest throughput against the engine, measured in one run on this machine:
#   - `tempmectl bench --precision auto` (TempMe B/32, 12 frames, every core): the encoder's videos/s in
#     the format the daemon runs by default;
#   - `tempmectl ingest DIR` against `tempmed --builtin-model b32`, for two folders of short clips:
#     "plain" (the issue's shapes: 1280x720 5 s and 640x272 10 s, clean synthetic content) and
#     "grainy" (1280x720 5 and 10 s with film grain: a worst case for the decoder), and a folder of a
#     1- and a 3-minute 480p clip (x264, default GOP of 250), with segmenting off (one encode per video,
#     as bench counts) and as ingested by default (cut into moment-search windows: encodes/s);
#   - single-video latency: one short clip ingested alone on an idle daemon (median of 3).
# With BEFORE=<bin dir of an older build> the daemon and CLI measurements run for both builds,
# interleaved (before, after, after, before), so a busy machine hits both alike.
#
# Usage: scripts/ingest_bench.sh   (env: BIN=.build/release, BEFORE=, WORK=/tmp/tempme-ingest-bench,
#        SHORT_CLIPS=8, JOBS= (passed as --jobs to the new CLI), EXTRA_DAEMON_ARGS=, ROUNDS=2 (1: before,
#        after and one bench only), REPEATS=3 (bench rounds))
# Needs release builds (swift build -c release) and the ffmpeg CLI. Prints a table and ratios.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BIN:-$repo/.build/release}"
BEFORE="${BEFORE:-}"
WORK="${WORK:-/tmp/tempme-ingest-bench}"
SHORT_CLIPS="${SHORT_CLIPS:-8}"
ROUNDS="${ROUNDS:-2}"
REPEATS="${REPEATS:-3}"
JOBS="${JOBS:-}"
VOCAB="$repo/vocab/bpe_simple_vocab_16e6.txt"
mkdir -p "$WORK/short" "$WORK/plain" "$WORK/long" "$WORK/one"

now() { date +%s.%N; }

# Clips: testsrc2 (short ones with film grain, so decoding does real work); x264 veryfast, default GOP.
make_clip() {  # path seconds size [filter]
  [[ -s "$1" ]] && return
  ffmpeg -v error -y -f lavfi -i "testsrc2=duration=$2:size=$3:rate=30" ${4:+-vf "$4"} \
    -pix_fmt yuv420p -c:v libx264 -preset veryfast -f mp4 "$1.partial" && mv "$1.partial" "$1"
}
for ((i = 0; i < SHORT_CLIPS; i++)); do
  make_clip "$WORK/short/s$(printf %02d "$i").mp4" $((i % 2 == 0 ? 5 : 10)) 1280x720 "noise=alls=12:allf=t"
done
for ((i = 0; i < SHORT_CLIPS; i++)); do
  if ((i % 2 == 0)); then make_clip "$WORK/plain/p$(printf %02d "$i").mp4" 5 1280x720
  else make_clip "$WORK/plain/p$(printf %02d "$i").mp4" 10 640x272; fi
done
make_clip "$WORK/long/m1.mp4" 60 854x480
make_clip "$WORK/long/m3.mp4" 180 854x480
cp -n "$WORK/short/s00.mp4" "$WORK/one/one.mp4"
long_count=2

daemon_pid=""
start_daemon() {  # bin_dir data_dir [daemon flags...]
  local bin="$1" data="$2"
  shift 2
  rm -rf "$data"
  mkdir -p "$data"
  # shellcheck disable=SC2086
  "$bin/tempmed" --data-dir "$data" --listen 127.0.0.1:0 --set http.listen= --builtin-model b32 --vocab "$VOCAB" \
    --port-file "$data/port" ${EXTRA_DAEMON_ARGS:-} "$@" >"$data/log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 600); do [[ -s "$data/port" ]] && break; sleep 0.1; done
  port="$(head -1 "$data/port")"
}
stop_daemon() { kill -TERM "$daemon_pid"; wait "$daemon_pid" || true; }

# ingest_rate bin_dir folder count [flags...]: videos/s of one `tempmectl ingest` (wall clock).
ingest_rate() {
  local bin="$1" folder="$2" count="$3"
  shift 3
  local t0 t1
  t0="$(now)"
  "$bin/tempmectl" --server "127.0.0.1:$port" --timeout 600 ingest "$folder" --replace "$@" >/dev/null
  t1="$(now)"
  python3 -c "print(f'{$count / ($t1 - $t0):.3f}')"
}

# latency bin_dir: median seconds of 3 lone ingests of one clip on the idle daemon.
latency() {
  local samples=()
  for _ in 1 2 3; do
    local t0 t1
    t0="$(now)"
    "$1/tempmectl" --server "127.0.0.1:$port" ingest "$WORK/one/one.mp4" --replace >/dev/null
    t1="$(now)"
    samples+=("$(python3 -c "print($t1 - $t0)")")
    sleep 0.3
  done
  python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "${samples[@]}"
}

declare -A result
measure() {  # label bin_dir [new-cli flags...]
  local label="$1" bin="$2"
  shift 2
  start_daemon "$bin" "$WORK/data-$label"
  "$bin/tempmectl" --server "127.0.0.1:$port" ingest "$WORK/one/one.mp4" >/dev/null  # warm the page cache and the daemon
  result[$label.latency]+="$(latency "$bin") "
  result[$label.plain]+="$(ingest_rate "$bin" "$WORK/plain" "$SHORT_CLIPS" "$@") "
  result[$label.short]+="$(ingest_rate "$bin" "$WORK/short" "$SHORT_CLIPS" "$@") "
  # Long clips as ingested by default: cut into moment-search windows (docs/moment-search.md), each encoded
  # like a video, so the encoder's work is 1 + windows encodes per video.
  local t0 t1 windows
  t0="$(now)"
  "$bin/tempmectl" --server "127.0.0.1:$port" --timeout 3600 ingest "$WORK/long" --replace "$@" >/dev/null
  t1="$(now)"
  windows="$("$bin/tempmectl" --server "127.0.0.1:$port" stats --json | python3 -c 'import json, sys; print(json.load(sys.stdin).get("segment_count", 0))')"
  result[$label.segmented]+="$(python3 -c "print(f'{$long_count / ($t1 - $t0):.3f}')") "
  result[$label.encodes]+="$(python3 -c "print(f'{($long_count + $windows) / ($t1 - $t0):.3f}')") "
  stop_daemon
  # The same clips with segmenting off: one encode per video, as `tempmectl bench` counts.
  start_daemon "$bin" "$WORK/data-$label-whole" --set ingest.segment_min_video_seconds=0
  result[$label.long]+="$(ingest_rate "$bin" "$WORK/long" "$long_count" "$@") "
  stop_daemon
}

bench_rate() {
  # --precision auto: the format the daemon runs by default (int8 on AVX2), fp32 beside it in the same rounds.
  "$BIN/tempmectl" bench --backbone b32 --frames 12 --modes tempme --repeats "$REPEATS" --precision auto --json \
    --video "$WORK/plain/p00.mp4" --video "$WORK/plain/p01.mp4" --video "$WORK/short/s00.mp4" \
    --video "$WORK/long/m3.mp4" >"$WORK/bench.json"
  python3 -c 'import json, sys; print(json.load(sys.stdin)["modes"]["tempme"]["videos_per_s"])' <"$WORK/bench.json"
}

after_flags=()
[[ -n "$JOBS" ]] && after_flags=(--jobs "$JOBS")
bench1="$(bench_rate)"
decode_fractions="$(python3 -c 'import json, sys; print("  ".join("%s: decode %.0f ms = %.0f%% of one encode" % (x["path"].split("/")[-1], 1000 * x["seconds_per_video"], 100 * x["fraction_of_encode"]) for x in json.load(open(sys.argv[1]))["decode"]))' "$WORK/bench.json")"
if [[ -n "$BEFORE" ]]; then measure before "$BEFORE"; fi
measure after "$BIN" "${after_flags[@]}"
if [[ -n "$BEFORE" && "$ROUNDS" -ge 2 ]]; then measure after "$BIN" "${after_flags[@]}"; measure before "$BEFORE"; fi
bench2="$bench1"
[[ "$ROUNDS" -ge 2 ]] && bench2="$(bench_rate)"

mean() { python3 -c "import sys; v=[float(x) for x in sys.argv[1:]]; print(f'{sum(v)/len(v):.3f}')" "$@"; }
bench="$(mean "$bench1" "$bench2")"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x $(nproc) cores"
echo "machine: $cpu (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
precision="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["precision"])' <"$WORK/bench.json")"
echo "tempmectl bench --precision auto ($precision; TempMe B/32, 12 frames, $(nproc) threads): $bench1 and $bench2 videos/s, mean $bench"
echo "decode (one core): $decode_fractions"
printf '%-8s %-36s %10s %12s\n' build measurement value "of bench"
for label in before after; do
  [[ -z "${result[$label.short]:-}" ]] && continue
  p="$(mean ${result[$label.plain]})"
  s="$(mean ${result[$label.short]})"
  l="$(mean ${result[$label.long]})"
  lat="$(mean ${result[$label.latency]})"
  printf '%-8s %-36s %10s %11.0f%%\n' "$label" "ingest $SHORT_CLIPS plain short clips (videos/s)" "$p" "$(python3 -c "print(100*$p/$bench)")"
  printf '%-8s %-36s %10s %11.0f%%\n' "$label" "ingest $SHORT_CLIPS grainy 720p clips (videos/s)" "$s" "$(python3 -c "print(100*$s/$bench)")"
  printf '%-8s %-36s %10s %11.0f%%\n' "$label" "ingest 1- and 3-min clips (videos/s)" "$l" "$(python3 -c "print(100*$l/$bench)")"
  g="$(mean ${result[$label.segmented]})"
  e="$(mean ${result[$label.encodes]})"
  printf '%-8s %-36s %10s\n' "$label" "  same, segmented (videos/s)" "$g"
  printf '%-8s %-36s %10s %11.0f%%\n' "$label" "  same, segmented (encodes/s)" "$e" "$(python3 -c "print(100*$e/$bench)")"
  printf '%-8s %-36s %10s\n' "$label" "one clip alone, idle daemon (s)" "$lat"
done
if [[ -n "$BEFORE" ]]; then
  python3 - "${result[before.latency]}" "${result[after.latency]}" "${result[before.short]}" "${result[after.short]}" <<'EOF'
import sys
m = lambda s: sum(map(float, s.split())) / len(s.split())
print(f"single-video latency: before/after = {m(sys.argv[1]) / m(sys.argv[2]):.2f}x faster; "
      f"short-clip ingest: after/before = {m(sys.argv[4]) / m(sys.argv[3]):.2f}x")
EOF
fi
