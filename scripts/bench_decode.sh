#!/bin/sh
# Decode + sample + preprocess time per 480p H.264 clip (10 s, 60 s, 180 s; GOP 250 and 30), release build.
# Prints ms/video and how many packets were decoded, skipped and sought past. Needs the ffmpeg CLI.
set -e
cd "$(dirname "$0")/.."
TEMPME_BENCH=1 swift test -c release --filter DecodeBenchmarkTests 2>&1 | grep -E "^(decode|preprocess|open)"
