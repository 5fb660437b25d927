#!/usr/bin/env bash
# Ingest throughput through tempmed daemons on the embedded store and on one shared Milvus, in one run:
#   embedded     one daemon, its own RocksDB store;
#   milvus x1    one daemon on Milvus;
#   milvus x2    two daemons (separate data dirs and ports) on the same Milvus collection, each
#                ingesting half the folder at the same time.
# Every set-up gets the same client side: two `tempmectl ingest DIR` runs at once, one per half.
# Rounds alternate the three set-ups so a busy machine hits them alike; each round ingests under fresh
# ids, and a search through each daemon afterwards must see every video acknowledged so far.
# All daemons run on this machine: the two-daemon figure shows what sharing Milvus costs, not what a
# second machine adds (that needs a second machine's cores; see docs/milvus.md).
#
# Usage: scripts/milvus_ingest_bench.sh  (env: BIN=.build/release, WORK=/tmp/tempme-milvus-ingest,
#        CLIPS=16, ROUNDS=2, MODEL=b32)
# Needs release builds of tempmed and tempmectl, the ffmpeg CLI and .venv (scripts/bootstrap.sh).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BIN:-$repo/.build/release}"
WORK="${WORK:-/tmp/tempme-milvus-ingest}"
CLIPS="${CLIPS:-16}"
ROUNDS="${ROUNDS:-2}"
MODEL="${MODEL:-b32}"
VOCAB="$repo/vocab/bpe_simple_vocab_16e6.txt"
rm -rf "$WORK"
mkdir -p "$WORK/clips/a" "$WORK/clips/b"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# Clips: 6 s of 640x360 testsrc2 with grain, x264; half in a/, half in b/ (two daemons take one half each).
for ((i = 0; i < CLIPS; i++)); do
  half=$([[ $((i % 2)) -eq 0 ]] && echo a || echo b)
  ffmpeg -v error -y -f lavfi -i "testsrc2=duration=6:size=640x360:rate=30" -vf "noise=alls=12:allf=t,hue=h=$((i * 23))" \
    -pix_fmt yuv420p -c:v libx264 -preset veryfast "$WORK/clips/$half/clip$i.mp4"
done

# One Milvus on a free port.
milvus_port=$("$repo/.venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$repo" && exec .venv/bin/python -m scripts.milvus_server --port "$milvus_port" --data-dir "$WORK/milvus") > "$WORK/milvus.log" 2>&1 &
pids+=($!)
until grep -q "^ready" "$WORK/milvus.log"; do
  grep -q "did not start" "$WORK/milvus.log" && { cat "$WORK/milvus.log" >&2; exit 1; }
  sleep 1
done

# start_daemon NAME EXTRA_ARGS...: runs tempmed on free ports; sets `address` to its gRPC address once ready.
start_daemon() {
  local name="$1"; shift
  mkdir -p "$WORK/$name"
  "$BIN/tempmed" --data-dir "$WORK/$name/data" --listen 127.0.0.1:0 --port-file "$WORK/$name/port" \
    --set http.listen=127.0.0.1:0 --builtin-model "$MODEL" --vocab "$VOCAB" --log-level warning "$@" > "$WORK/$name/log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  until [[ -s "$WORK/$name/port" ]]; do
    kill -0 "$pid" 2>/dev/null || { echo "tempmed ($name) did not start:" >&2; tail -3 "$WORK/$name/log" >&2; exit 1; }
    sleep 0.2
  done
  address="127.0.0.1:$(head -1 "$WORK/$name/port" | tr -d '[:space:]')"
}
milvus_args=(--set store.backend=milvus --set "store.milvus.address=127.0.0.1:$milvus_port" --set store.milvus.collection=bench)
start_daemon embedded; embedded=$address
start_daemon node1 "${milvus_args[@]}"; node1=$address
start_daemon node2 "${milvus_args[@]}"; node2=$address

now() { date +%s.%N; }
# ingest_half ADDRESS HALF PREFIX: one `tempmectl ingest DIR` of half the clips, ids PREFIX<name> (links named so).
ingest_half() {
  local dir="$WORK/runs/$3$2" file
  mkdir -p "$dir"
  for file in "$WORK/clips/$2"/*.mp4; do ln -s "$file" "$dir/$3$(basename "$file")"; done
  "$BIN/tempmectl" ingest --server "$1" "$dir" > "$dir.out" 2>&1 || { cat "$dir.out" >&2; return 1; }
}
# timed SETUP ADDRESS_A ADDRESS_B PREFIX: both halves at once (half a through ADDRESS_A, half b through
# ADDRESS_B), so every set-up has the same two uploads in flight; adds the wall time to total[SETUP].
declare -A total=([embedded]=0 [x1]=0 [x2]=0)
timed() {
  local start end first second
  start=$(now)
  ingest_half "$2" a "$4" & first=$!
  ingest_half "$3" b "$4" & second=$!
  wait "$first"; wait "$second"
  end=$(now)
  total[$1]=$(echo "${total[$1]} + $end - $start" | bc)
}
count_videos() { "$BIN/tempmectl" stats --server "$1" --json | "$repo/.venv/bin/python" -c 'import json,sys; print(int(json.load(sys.stdin).get("video_count", 0)))'; }

acknowledged=0
for ((round = 1; round <= ROUNDS; round++)); do
  timed embedded "$embedded" "$embedded" "r${round}e-"
  timed x1 "$node1" "$node1" "r${round}x1-"
  timed x2 "$node1" "$node2" "r${round}x2-"
  acknowledged=$((acknowledged + 2 * CLIPS))
  for node in "$node1" "$node2"; do
    seen=$(count_videos "$node")
    [[ "$seen" -eq "$acknowledged" ]] || { echo "round $round: $node sees $seen of $acknowledged videos" >&2; exit 1; }
  done
done

videos=$((CLIPS * ROUNDS))
rate() { echo "scale=3; $videos / ${total[$1]}" | bc; }
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores; model $MODEL; $CLIPS clips x $ROUNDS rounds"
printf '%-34s %8s\n' "set-up" "videos/s"
printf '%-34s %8s\n' "embedded, one daemon" "$(rate embedded)"
printf '%-34s %8s\n' "Milvus, one daemon" "$(rate x1)"
printf '%-34s %8s\n' "Milvus, two daemons at once" "$(rate x2)"
echo "two daemons / one (Milvus): $(echo "scale=3; ${total[x1]} / ${total[x2]}" | bc)x;" \
  "Milvus one daemon / embedded: $(echo "scale=3; ${total[embedded]} / ${total[x1]}" | bc)x"
