#!/usr/bin/env bash
# The tests: installs what is missing, builds, and runs every test against a real distribution registry
# (the tests start their own on free loopback ports). Ends with one "tests: N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

build/install-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build ImageTasks.sln -c Release -nologo -v quiet -nodeReuse:false

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test ImageTasks.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# dotnet test prints one summary per test assembly; add them up into the plain closing line CI reads.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "error: no test ran" >&2
  exit 1
fi
exit "$status"
