#!/usr/bin/env bash
# Runs every idlconv test. Installs the reference compilers (protoc 3.21 and
# thrift 0.17, from Debian's packages) when they are missing and this user
# can install them; with CI=true their absence makes the tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v protoc >/dev/null 2>&1 || need+=(protobuf-compiler)
command -v thrift >/dev/null 2>&1 || need+=(thrift-compiler)
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

unformatted=$(gofmt -l . | grep -v '^vendor/' || true)
if [ -n "$unformatted" ]; then
  echo "gofmt needed on:" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet ./...
go test -count=1 "$@" ./...
# The corpus counts, printed (the corpus test above already passed).
go test -count=1 -run 'Corpus' -v ./convert | grep -E 'corpus:|proto tree|skipping' || true
go test -count=1 -run 'ProtoJSON' -v ./golden | grep -E 'protojson|skipping' || true
go test -count=1 -run 'JSONContract|ThriftJSONGoClient' -v ./golden | grep -E 'json contract|thrift go json|skipping' || true
go test -count=1 -run 'Meaning' -v ./golden ./convert | grep -E 'meaning( corpus)?: [0-9]|skipping' || true
