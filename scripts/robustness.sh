#!/usr/bin/env bash
# Measures how idlconv's time and memory grow with the size of its input
# (issues 10 and 25): builds the CLI and
# internal/testkit/robustness/cmd/robustness, which generates each series
# of internal/testkit/robustness (Thrift and JSON Schema depth, Thrift file
# size, annotations per declaration, includes and imports, JSON Schema
# properties, $defs, $ref chains and allOf ladders, messages per proto
# file, proto option literal depth) at seven sizes, the largest 64 times
# the smallest, runs the CLI on each (3 runs, median wall time, peak RSS
# from the kernel's rusage), fits the exponent b of time ~ a*n^b and
# memory ~ a*n^b by least squares on log-log (times under 20 ms left out
# as noise), and prints Markdown tables and the exponents of every
# series. Exits 1 when an exponent of a gating series is above 1.15 or a
# run takes more than 60 s. docs/robustness.md records a run.
#
# Flags go to the measuring program, e.g.:
#   scripts/robustness.sh -only jsonschema-properties -reps 5
#   scripts/robustness.sh -scale 0.25       # a quick run at a quarter size
# The CLI runs with GOGC=100: its own GOGC changes at 2 MiB of input
# (internal/memlimit) and would bend the memory curve there.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/idlconv-robustness.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/idlconv" ./cmd/idlconv
go build -o "$work/robustness" ./internal/testkit/robustness/cmd/robustness

echo "## idlconv robustness run"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
echo "- machine: $(nproc) CPUs, $(uname -sm), $(awk '/MemTotal/ {printf "%.0f GB RAM", $2/1048576}' /proc/meminfo 2>/dev/null || echo 'RAM unknown')"
echo "- $(go version)"
echo
"$work/robustness" -idlconv "$work/idlconv" -work "$work" "$@"
