#!/usr/bin/env bash
# Measures idlconv side by side with the reference compilers on the same
# files (issue 12), and prints Markdown tables for docs/performance.md:
#
#   1. the proto corpus (googleapis) → Thrift in one invocation, against one
#      protoc --descriptor_set_out over the same files;
#   2. each Thrift file of the corpus that thrift accepts → proto, one
#      process a file, against thrift --gen json;
#   3. the example (examples/person.thrift → proto), 50 runs a measure,
#      so that the time of starting the timer is shared out;
#   4. the largest proto file of the corpus → Thrift and → JSON Schema,
#      against protoc (time and peak memory), and googleapis'
#      google/cloud/compute/v1/compute.proto (4 MB) → JSON Schema when
#      GOOGLEAPIS names a googleapis checkout (the corpus does not hold it);
#   5. a generated tree of 10,000 Thrift files → proto, with GOMAXPROCS=1
#      and with every core (time, peak memory, and whether the outputs are
#      the same bytes).
#
# Each measurement alternates the two commands, REPS times (default 5),
# and takes the median of wall time (date +%s%N around the run, which
# includes /usr/bin/time's own start, about a millisecond, on both sides)
# and the largest peak RSS (GNU time). Needs ../shared/corpus, protoc and thrift; skips what is missing.
#   scripts/bench.sh            # REPS=5
#   REPS=9 scripts/bench.sh
#   GOOGLEAPIS=~/src/googleapis scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
corpus=$(cd .. && pwd)/shared/corpus
reps=${REPS:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/idlconv-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/idlconv" ./cmd/idlconv
idl="$work/idlconv"
have() { command -v "$1" >/dev/null 2>&1; }

# measure CMD...: runs CMD once, prints "seconds kilobytes".
measure() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -o "$work/time" -f '%M' "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo "$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.4f", (e - s) / 1e9}') $(tail -n 1 "$work/time")"
}

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# pair LABEL -- CMD_A... -- CMD_B...: alternates A and B REPS times.
pair() {
  local label=$1; shift; shift
  local a=() b=()
  while [ "$1" != "--" ]; do a+=("$1"); shift; done; shift
  b=("$@")
  local ta=() tb=() ma=0 mb=0
  for _ in $(seq "$reps"); do
    read -r t m < <(measure "${a[@]}"); ta+=("$t"); [ "$m" -gt "$ma" ] && ma=$m
    read -r t m < <(measure "${b[@]}"); tb+=("$t"); [ "$m" -gt "$mb" ] && mb=$m
  done
  local xa xb
  xa=$(printf '%s\n' "${ta[@]}" | median); xb=$(printf '%s\n' "${tb[@]}" | median)
  awk -v l="$label" -v xa="$xa" -v xb="$xb" -v ma="$ma" -v mb="$mb" 'BEGIN {
    r = (xb > 0) ? xa / xb : 0; rm = (mb > 0) ? ma / mb : 0
    printf "| %s | %.4f s | %.1f MB | %.4f s | %.1f MB | %.2f | %.2f |\n", l, xa, ma/1024, xb, mb/1024, r, rm }'
}

echo "## idlconv benchmark run"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "- machine: $(nproc) CPUs, $(uname -sm); $(go version | cut -d' ' -f3); protoc $(protoc --version 2>/dev/null | cut -d' ' -f2 || echo none); thrift $(thrift --version 2>/dev/null | cut -d' ' -f3 || echo none)"
echo "- medians of $reps alternated runs; peak RSS is the largest seen"
echo
echo "| case | idlconv | idlconv RSS | reference | reference RSS | time ratio | memory ratio |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"

if [ -d "$corpus/proto/googleapis-googleapis" ] && have protoc; then
  g="$corpus/proto/googleapis-googleapis"
  mapfile -t gfiles < <(cd "$g" && find . -name '*.proto' | sort)
  pair "googleapis, ${#gfiles[@]} .proto → Thrift, one invocation (vs protoc)" -- \
    "$idl" convert "$g" --to thrift -I "$g" -o "$work/g-out" -- \
    sh -c "cd '$g' && protoc -I . ${gfiles[*]} --descriptor_set_out=/dev/null"
fi

if [ -d "$corpus/thrift" ] && have thrift; then
  # The Thrift files thrift --gen json accepts and idlconv converts.
  list="$work/thrift-files"
  : >"$list"
  while IFS= read -r f; do
    mkdir -p "$work/tj"
    if thrift --gen json -out "$work/tj" "$f" >/dev/null 2>&1 && "$idl" convert "$f" --to proto -o "$work/tp/" >/dev/null 2>&1; then
      echo "$f" >>"$list"
    fi
  done < <(find "$corpus/thrift" -name '*.thrift' -not -path '*fbthrift*' | sort)
  n=$(wc -l <"$list")
  cat >"$work/each-idl.sh" <<EOF
while IFS= read -r f; do "$idl" convert "\$f" --to proto -o "$work/tp/" >/dev/null 2>&1 || true; done <"$list"
EOF
  cat >"$work/each-thrift.sh" <<EOF
while IFS= read -r f; do thrift --gen json -out "$work/tj" "\$f" >/dev/null 2>&1 || true; done <"$list"
EOF
  pair "$n Thrift files, one process each → proto (vs thrift --gen json), all of them" -- \
    sh "$work/each-idl.sh" -- sh "$work/each-thrift.sh"
  cat >"$work/ex-idl.sh" <<EOF
for i in \$(seq 50); do "$idl" convert examples/person.thrift --to proto -o "$work/ex/" >/dev/null 2>&1; done
EOF
  cat >"$work/ex-thrift.sh" <<EOF
for i in \$(seq 50); do thrift --gen json -out "$work/tj" examples/person.thrift >/dev/null 2>&1; done
EOF
  pair "examples/person.thrift → proto (vs thrift --gen json), 50 runs" -- \
    sh "$work/ex-idl.sh" -- sh "$work/ex-thrift.sh"
fi

if [ -d "$corpus/proto" ] && have protoc; then
  big=$(find "$corpus/proto/googleapis-googleapis" -name '*.proto' -printf '%s %p\n' | sort -rn | head -n 1 | cut -d' ' -f2)
  rel=${big#"$corpus/proto/googleapis-googleapis/"}
  pair "largest corpus .proto ($rel, $(($(stat -c %s "$big") / 1024)) KB) → Thrift (vs protoc)" -- \
    "$idl" convert "$big" --to thrift -I "$corpus/proto/googleapis-googleapis" -o "$work/big/" -- \
    sh -c "cd '$corpus/proto/googleapis-googleapis' && protoc -I . $rel --descriptor_set_out=/dev/null"
  pair "the same → JSON Schema (vs protoc)" -- \
    "$idl" convert "$big" --to jsonschema -I "$corpus/proto/googleapis-googleapis" -o "$work/bigj/" -- \
    sh -c "cd '$corpus/proto/googleapis-googleapis' && protoc -I . $rel --descriptor_set_out=/dev/null"
fi
compute=google/cloud/compute/v1/compute.proto
if [ -n "${GOOGLEAPIS:-}" ] && [ -f "$GOOGLEAPIS/$compute" ] && have protoc; then
  # → JSON Schema: to Thrift, its field numbers over 32767 need an ID lock.
  pair "googleapis $compute ($(($(stat -c %s "$GOOGLEAPIS/$compute") / 1024)) KB) → JSON Schema (vs protoc)" -- \
    "$idl" convert "$GOOGLEAPIS/$compute" --to jsonschema -I "$GOOGLEAPIS" -o "$work/compute/" -- \
    sh -c "cd '$GOOGLEAPIS' && protoc -I . $compute --descriptor_set_out=/dev/null"
fi

# A generated tree: 10,000 Thrift files of 5 structs each, every tenth
# including the one before it.
tree="$work/tree"
mkdir -p "$tree"
for i in $(seq 0 9999); do
  d="$tree/d$((i / 100))"
  mkdir -p "$d"
  {
    echo "namespace * gen.t$i"
    if [ $((i % 10)) -ne 0 ]; then echo "include \"t$((i - 1)).thrift\""; fi
    for s in 1 2 3 4 5; do
      echo "struct S${i}_$s {"
      echo "  1: string name"
      echo "  2: optional i64 id"
      echo "  3: list<string> tags"
      echo "  4: map<string, i32> counts"
      echo "}"
    done
  } >"$d/t$i.thrift"
done
size=$(du -sb "$tree" | cut -f1)
one=() all=()
for _ in $(seq "$reps"); do
  rm -rf "$work/t1" "$work/tn"
  read -r t m < <(measure env GOMAXPROCS=1 "$idl" convert "$tree" --to proto -o "$work/t1"); one+=("$t $m")
  read -r t m < <(measure "$idl" convert "$tree" --to proto -o "$work/tn"); all+=("$t $m")
done
same=yes
diff -r "$work/t1" "$work/tn" >/dev/null 2>&1 || same=no
t1=$(printf '%s\n' "${one[@]}" | cut -d' ' -f1 | median); m1=$(printf '%s\n' "${one[@]}" | cut -d' ' -f2 | sort -n | tail -n 1)
tn=$(printf '%s\n' "${all[@]}" | cut -d' ' -f1 | median); mn=$(printf '%s\n' "${all[@]}" | cut -d' ' -f2 | sort -n | tail -n 1)
echo
echo "| generated tree: 10,000 .thrift files, $((size / 1024)) KB → proto | 1 core | all $(nproc) cores | speed-up | same bytes | peak RSS / input |"
echo "| --- | ---: | ---: | ---: | --- | ---: |"
awk -v t1="$t1" -v tn="$tn" -v m1="$m1" -v mn="$mn" -v same="$same" -v size="$size" 'BEGIN {
  printf "| | %.3f s, %.1f MB | %.3f s, %.1f MB | %.2f× | %s | %.1f× |\n", t1, m1/1024, tn, mn/1024, t1/tn, same, (mn*1024)/size }'
