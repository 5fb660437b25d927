#!/usr/bin/env python3
"""Search and ingest throughput with metrics and access logs on and off, side by side in one run.

Usage: scripts/observability_overhead.py --tempmed .build/release/tempmed [--rounds 2] [--duration 10]

Runs scripts/load_test.py against a fresh daemon per measurement, alternating the two settings round by
round (so drift on a shared machine falls on both): "on" is the default (metrics.enabled = true,
log.access = "info", access lines written to the daemon's log file) and "off" is metrics.enabled = false,
log.access = "off". Each round measures searches alone (--clients searchers, no ingest) and ingest alone
(one stream of a 2 s 320x240 clip). Prints the medians per setting and the ratio on/off; a ratio below 1
is the cost of observability. Model: tempmed's default (the small demo model), where calls are cheapest
and so the relative cost is largest.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETTINGS = {
    "on": [],
    "off": ["--set", "metrics.enabled=false", "--set", "log.access=off"],
}


def measure(tempmed, setting, scenario, args):
    """One load_test.py run: searches/s or ingests/s."""
    command = [sys.executable, os.path.join(REPO, "scripts", "load_test.py"), "--tempmed", tempmed, "--json",
               "--duration", str(args.duration), "--seed-videos", "8"]
    for flag in SETTINGS[setting]:
        command += ["--daemon-arg=" + flag]
    if scenario == "search":
        command += ["--clients", str(args.clients), "--ingest-streams", "0"]
    else:
        command += ["--clients", "0", "--ingest-streams", "1"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=900)
    if result.returncode != 0:
        raise SystemExit(f"load_test.py failed ({setting}, {scenario}):\n{result.stdout}\n{result.stderr}")
    row = json.loads(result.stdout.strip().splitlines()[-1])
    return row["searches_per_s"] if scenario == "search" else row["ingests_per_s"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tempmed", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--clients", type=int, default=2)
    args = parser.parse_args()
    samples = {(setting, scenario): [] for setting in SETTINGS for scenario in ("search", "ingest")}
    for round_index in range(args.rounds):
        order = list(SETTINGS) if round_index % 2 == 0 else list(reversed(SETTINGS))
        for scenario in ("search", "ingest"):
            for setting in order:
                samples[(setting, scenario)].append(measure(args.tempmed, setting, scenario, args))
    report = {}
    for scenario, unit in (("search", "searches/s"), ("ingest", "ingests/s")):
        on = statistics.median(samples[("on", scenario)])
        off = statistics.median(samples[("off", scenario)])
        report[scenario] = {"unit": unit, "on": on, "off": off, "ratio_on_over_off": round(on / off, 3) if off else None,
                            "samples_on": samples[("on", scenario)], "samples_off": samples[("off", scenario)]}
        print(f"{scenario:7s} metrics+access on {on:8.2f} {unit}   off {off:8.2f} {unit}   on/off {on / off:.3f}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
