#!/usr/bin/env bash
# Runs every test of Dispatch.sln on this machine and ends with one line: "tests: N passed, N failed[, N skipped]".
# It prepares what the tests need first: Debian packages when it runs as root (see ensure_packages), and private
# servers on loopback ports that it stops by PID at the end. Nothing is skipped for lack of a server under CI.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
out="$root/test-output"
rm -rf "$out/results"
mkdir -p "$out/results"

log() { printf '== %s\n' "$*"; }

# Packages the test suite needs from Debian: chromium and a font that renders Chinese for the browser tests
# (tests/Dispatch.Browser.Tests). Installed when missing and running as root; a later suite adds its servers here.
debian_packages=(chromium fonts-wqy-microhei)
ensure_packages() {
  local missing=()
  for p in "${debian_packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages (${missing[*]}) and not root: tests that need them will report it"
    return 0
  fi
  log "installing ${missing[*]}"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

ensure_packages

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log "building"
if ! dotnet build Dispatch.sln -c Debug -nologo -v quiet -clp:ErrorsOnly; then
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

log "testing"
dotnet test Dispatch.sln -c Debug --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$out/results" \
  2>&1 | tee "$out/dotnet-test.log" | grep -E '^\s*(Passed|Failed|Skipped)!|^\s+Failed [A-Za-z0-9_.]+ \[|Total tests' || true
status=${PIPESTATUS[0]}

passed=0 failed=0 skipped=0 files=0
for trx in "$out"/results/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$files" -eq 0 ] || { [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  # dotnet test failed without a test failing (a crash, a missing runner): count it as a failure.
  failed=$((failed + 1))
fi

if [ "$skipped" -gt 0 ]; then
  echo "tests: $passed passed, $failed failed, $skipped skipped"
else
  echo "tests: $passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
