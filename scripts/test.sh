#!/usr/bin/env bash
# Runs every idlconv test. Installs the reference compilers (protoc 3.21 and
# thrift 0.17, from Debian's packages) and pre-commit (which runs the hooks
# of .pre-commit-hooks.yaml in TestPreCommitHooks) when they are missing
# and this user can install them; with CI=true their absence makes the
# tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v protoc >/dev/null 2>&1 || need+=(protobuf-compiler)
command -v thrift >/dev/null 2>&1 || need+=(thrift-compiler)
command -v pre-commit >/dev/null 2>&1 || need+=(pre-commit)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]}" >&2
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
      || echo "warning: could not install ${need[*]}" >&2
  else
    echo "warning: ${need[*]} missing and cannot be installed here; those checks are skipped (a failure under CI=true)" >&2
  fi
fi

# buf 1.75 (the protoc plugins' buf generate test) from the npm registry.
if ! command -v buf >/dev/null 2>&1; then
  if command -v npm >/dev/null 2>&1; then
    echo "installing @bufbuild/buf@1.75.0" >&2
    npm install -g --silent @bufbuild/buf@1.75.0 >/dev/null 2>&1 \
      || echo "warning: could not install buf; the buf generate test is skipped (a failure under CI=true)" >&2
  else
    echo "warning: npm missing: buf cannot be installed; the buf generate test is skipped (a failure under CI=true)" >&2
  fi
fi

unformatted=$(gofmt -l . | grep -v '^vendor/' || true)
if [ -n "$unformatted" ]; then
  echo "gofmt needed on:" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet ./...
# staticcheck over everything, deadcode over the product packages (the
# command and the library; internal/jsonschema is a copy of upstream's,
# kept as it is), both clean. Installed from the Go module proxy at the
# versions named here when missing.
gobin=$(go env GOPATH)/bin
[ -x "$gobin/staticcheck" ] || go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
[ -x "$gobin/deadcode" ] || go install golang.org/x/tools/cmd/deadcode@v0.53.0
"$gobin/staticcheck" ./...
product='^github.com/idlconv/idlconv/(cmd/idlconv|cmd/protoc-gen-thrift|cmd/protoc-gen-jsonschema|conversion|convert|schema|project|idlock|breaking|thriftast|protoast|protodesc|protoload|jsonschemaast|internal/(ident|marker|linewriter|udiff|outtree|parallel|sources|memlimit|protoplugin|filekind|readlimit))$'
dead=$("$gobin/deadcode" -test -filter "$product" ./...)
if [ -n "$dead" ]; then
  echo "deadcode: unreachable functions in the product packages:" >&2
  echo "$dead" >&2
  exit 1
fi
# One verbose run: on failure its log is shown (without the lines of
# passing tests); on success the counts the tests log are printed.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! go test -count=1 -v "$@" ./... >"$log" 2>&1; then
  grep -v -E '^(=== (RUN|PAUSE|CONT|NAME)|[[:space:]]*--- (PASS|SKIP)|PASS$)' "$log"
  exit 1
fi
grep -E '^(ok|FAIL|\?)[[:space:]]' "$log" || true
# The counts: corpus conversions, protojson, the JSON contract, meaning.
grep -E 'corpus:|proto tree|protojson|json contract|thrift go json|meaning( corpus)?: [0-9]|outputs, [0-9]+ identical|skipping' "$log" || true
