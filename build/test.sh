#!/usr/bin/env bash
# The tests: installs what is missing, builds, and runs every test against a real distribution registry
# (the tests start their own on free loopback ports).
set -euo pipefail
cd "$(dirname "$0")/.."

build/install-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build ImageTasks.sln -c Release -nologo -v quiet -nodeReuse:false
dotnet test ImageTasks.sln -c Release --no-build -nologo --logger "console;verbosity=normal" -- RunConfiguration.DisableAppDomain=true "$@"
