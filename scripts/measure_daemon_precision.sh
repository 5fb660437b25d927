#!/bin/bash
# Usage: scripts/measure_daemon_precision.sh BIN_DIR PRECISION [BACKBONE]: starts tempmed with deterministic
# weights (b32 by default) in PRECISION, runs one query, prints VmRSS, then the median elapsed_ms of 21
# queries of one 10-word sentence, and what tempmectl info says about the precision (docs/precision.md).
BIN=$1; P=$2; BB=${3:-b32}
D=$(mktemp -d /tmp/tempmed-precision-XXXX)
$BIN/tempmed --data-dir $D/data --listen 127.0.0.1:0 --builtin-model $BB --precision $P --vocab "$(cd "$(dirname "$0")/.." && pwd)/vocab/bpe_simple_vocab_16e6.txt" \
  --port-file $D/port > $D/log 2>&1 &
PID=$!
for i in $(seq 1 600); do [ -s $D/port ] && break; sleep 0.2; done
PORT=$(head -1 $D/port)
Q="a man is slicing red tomatoes on a wooden kitchen table"
$BIN/tempmectl --server 127.0.0.1:$PORT search "$Q" --json > /dev/null
sleep 1
RSS=$(grep VmRSS /proc/$PID/status | awk '{print $2}')
for i in $(seq 1 21); do $BIN/tempmectl --server 127.0.0.1:$PORT search "$Q" --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(d.get(\"elapsed_ms\", d.get(\"elapsedMs\")))"; done > $D/ms
MED=$(sort -n $D/ms | sed -n 11p)
echo "precision=$P backbone=$BB rss_kb=$RSS median_elapsed_ms=$MED log_precision=$(grep -o 'encoder precision [^"]*' $D/log | head -1)"
$BIN/tempmectl --server 127.0.0.1:$PORT info | grep precision
kill -TERM $PID; wait $PID
rm -rf $D
