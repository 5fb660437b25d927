#!/usr/bin/env bash
# Reproduce the demo model (seed 0): synthetic dataset -> small CLIP pretrained from scratch -> TempMe fine-tune.
#
# Usage: scripts/make_demo_model.sh [WORK_DIR] [OUT_MODEL_DIR]
#   WORK_DIR       default models/build (git-ignored; dataset in WORK_DIR/synthetic, runs in WORK_DIR/runs)
#   OUT_MODEL_DIR  default models/demo (clip.safetensors, adapter.safetensors, config.json; fp16)
# Environment: THREADS (default 2), BASELINES=1 also fine-tunes the LoRA and ToMe baselines and writes
# WORK_DIR/results.md (the results table, from tempmectl eval). On 2 cores: dataset 2 min, frames 4 min,
# pretraining 17 min, TempMe fine-tune 10 min, baselines 2 x 15 min; every stage resumes if rerun.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$root/models/build}"
out="${2:-$root/models/demo}"
threads="${THREADS:-2}"
cd "$root"
bash scripts/fetch_vocab.sh >/dev/null

data="$work/synthetic"
# every content of the benchmark: 32 time-reversed twin pairs for test, the other 472 pairs for training
[[ -f "$data/test.jsonl" ]] || python3 scripts/make_synthetic_dataset.py "$data" --train 944 --test 64 --seed 0
runs="$work/runs"
cache="$work/frames"
backbone='{"visual_width": 128, "visual_layers": 6, "patch_size": 32, "image_size": 224, "embed_dim": 64,
           "text_width": 64, "text_layers": 4, "context_length": 77, "vocab_size": 49408}'

run() {  # run NAME ARGS... : train unless the run's model is already exported
    local name="$1"; shift
    [[ -f "$runs/$name/model/config.json" ]] && return 0
    python3 -m training train --train "$data/train.jsonl" --out "$runs/$name" --cache "$cache" --threads "$threads" "$@"
}

# pretraining: every weight from a seeded CLIP init, per-frame (mean of 4 frames' features, order-blind)
run pretrain --stage pretrain --mode lora --train-frames 4 --batch-size 32 --epochs 16 --lr 1e-3 --seed 0 \
    --backbone "$backbone"
# the TempMe way: frozen backbone, LoRA r 8 (both towers) + CPE, AdamW wd 0.2, cosine, 10 % warm-up;
# time-reversed twins share a batch, so each is the other's hard negative. lr 3e-3, not the paper's 6e-4:
# in 590 steps at 6e-4 the zero-initialised CPE stays ~2 % of the token norm and order is not learned
# (docs/training.md)
finetune=(--init "$runs/pretrain/model" --batch-size 16 --epochs 10 --lr 3e-3 --group-batches --seed 0)
run tempme --mode tempme "${finetune[@]}" --export-dtype float16

mkdir -p "$out"
cp "$runs/tempme/model/clip.safetensors" "$runs/tempme/model/adapter.safetensors" "$runs/tempme/model/config.json" "$out/"
echo "demo model: $out"

if [[ "${BASELINES:-0}" == "1" ]]; then
    # the results table: LoRA and ToMe baselines with the same recipe, each in its own mode
    run lora --mode lora "${finetune[@]}"
    run tome --mode tome "${finetune[@]}"
    # every figure from the Swift engine (tempmectl eval); build it first if needed
    [[ -x .build/release/tempmectl ]] || swift build -c release --product tempmectl
    python3 scripts/results_table.py --test "$data/test.jsonl" --runs "$runs" \
        --json "$work/results.json" --markdown "$work/results.md"
fi
