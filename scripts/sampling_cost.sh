#!/usr/bin/env bash
# What the opt-in keyframe sampling (ingest.sampling = "keyframe") costs against exact sampling:
#   - retrieval (tempmectl eval, the demo model) on the synthetic test split as generated (x264's
#     default GOP: one keyframe per 3-s clip) and re-encoded with a keyframe every second (-g 8);
#   - cosine of each video's embedding to its exact-sampling embedding, and ingest time, through a
#     daemon per mode (the demo model) on both test-split variants and on long clips (LONG_DIR).
# Usage: scripts/sampling_cost.sh SYNTH_DIR [LONG_DIR]   (env: BIN=.build/release, WORK=/tmp/tempme-sampling-cost)
# SYNTH_DIR from scripts/make_synthetic_dataset.py SYNTH_DIR --train 0 --test 64. Needs ffmpeg.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BIN:-$repo/.build/release}"
WORK="${WORK:-/tmp/tempme-sampling-cost}"
synth="$(cd "$1" && pwd)"
long="${2:-}"
VOCAB="$repo/vocab/bpe_simple_vocab_16e6.txt"
mkdir -p "$WORK/gop8/videos"

# The test split re-encoded with a keyframe every 8 frames (1 s); same captions.
for video in "$synth"/videos/test_*.mp4; do
  out="$WORK/gop8/videos/g8_$(basename "$video")"
  [[ -s "$out" ]] || ffmpeg -v error -y -i "$video" -c:v libx264 -preset veryfast -crf 20 -g 8 -pix_fmt yuv420p -f mp4 "$out"
done
sed "s#\"videos/#\"$WORK/gop8/videos/g8_#" "$synth/test.jsonl" >"$WORK/gop8/test.jsonl"
sed "s#\"videos/#\"$synth/videos/#" "$synth/test.jsonl" >"$WORK/default.jsonl"

echo "retrieval, demo model, text to video (R@1 / R@5 / R@10, MdR):"
for variant in default gop8; do
  manifest="$WORK/default.jsonl"
  [[ "$variant" == gop8 ]] && manifest="$WORK/gop8/test.jsonl"
  for sampling in exact keyframe; do
    "$BIN/tempmectl" eval "$manifest" --vocab "$VOCAB" --sampling "$sampling" --json >"$WORK/eval-$variant-$sampling.json"
    python3 - "$variant" "$sampling" "$WORK/eval-$variant-$sampling.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[3]))["text_to_video"]
print(f"  {sys.argv[1]:8} {sys.argv[2]:8} R@1 {r['r_at_1']:.1f}  R@5 {r['r_at_5']:.1f}  R@10 {r['r_at_10']:.1f}  MdR {r['median_rank']}")
EOF
  done
done

# Embeddings through a daemon per mode: cosine to exact, and ingest seconds per folder.
mkdir -p "$WORK/default/videos"
for video in "$synth"/videos/test_*.mp4; do ln -sf "$video" "$WORK/default/videos/d_$(basename "$video")"; done
declare -A seconds
for sampling in exact keyframe; do
  data="$WORK/data-$sampling"
  rm -rf "$data"
  mkdir -p "$data"
  "$BIN/tempmed" --data-dir "$data" --listen 127.0.0.1:0 --vocab "$VOCAB" --port-file "$data/port" \
    --set "ingest.sampling=$sampling" >"$data/log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do [[ -s "$data/port" ]] && break; sleep 0.1; done
  server="127.0.0.1:$(head -1 "$data/port")"
  folders=("$WORK/default/videos" "$WORK/gop8/videos")
  [[ -n "$long" ]] && folders+=("$long")
  for folder in "${folders[@]}"; do
    t0="$(date +%s.%N)"
    "$BIN/tempmectl" --server "$server" --timeout 600 ingest "$folder" --meta "set=$(basename "$(dirname "$folder")")" \
      --replace >/dev/null
    seconds[$sampling.$folder]="$(python3 -c "print($(date +%s.%N) - $t0)")"
  done
  "$BIN/tempmectl" --server "$server" list --all --json >"$WORK/list-$sampling.json"
  python3 - "$BIN/tempmectl" "$server" "$WORK/list-$sampling.json" "$WORK/emb-$sampling.json" <<'EOF'
import json, subprocess, sys
ids = [r["id"] for r in json.load(open(sys.argv[3]))["records"]]
out = {}
for i in ids:
    rec = json.loads(subprocess.run([sys.argv[1], "--server", sys.argv[2], "get", i, "--embedding", "--json"],
                                    capture_output=True, text=True, check=True).stdout)["record"]
    out[i] = {"embedding": rec["embedding"], "set": rec.get("metadata", {}).get("set", ""),
              "frames": rec.get("video", {}).get("sampled_frames", [])}
json.dump(out, open(sys.argv[4], "w"))
EOF
  kill -TERM "$pid"
  wait "$pid" || true
done
echo "cosine of keyframe-sampled to exact embeddings (demo model), and ingest seconds exact -> keyframe:"
python3 - "$WORK/emb-exact.json" "$WORK/emb-keyframe.json" <<'EOF'
import json, math, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
groups = {}
for i in a:
    x, y = a[i]["embedding"], b[i]["embedding"]
    cos = sum(p * q for p, q in zip(x, y)) / math.sqrt(sum(p * p for p in x) * sum(q * q for q in y))
    moved = sum(1 for p, q in zip(a[i]["frames"], b[i]["frames"]) if p != q)
    groups.setdefault(a[i]["set"], []).append((cos, moved, len(a[i]["frames"])))
for name, rows in sorted(groups.items()):
    cos = sorted(r[0] for r in rows)
    print(f"  {name:10} videos {len(rows):3}  cosine mean {sum(cos)/len(cos):.5f} min {cos[0]:.5f}  "
          f"samples moved {sum(r[1] for r in rows)} of {sum(r[2] for r in rows)}")
EOF
for key in "${!seconds[@]}"; do echo "  ingest seconds $key: ${seconds[$key]}"; done | sort
