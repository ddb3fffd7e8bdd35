#!/usr/bin/env bash
# The demo: a local registry with sample images, the dotnet-image tool packed and installed, then pull and list
# as a user would (docker's output, a multi-platform pick, a re-pull that downloads nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

build/install-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d)
cleanup() { [ -f "$work/registry/pid" ] && kill "$(cat "$work/registry/pid")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "== starting a local registry"
build/registry.sh "$work/registry"
registry=$(cat "$work/registry/address")

echo "== seeding sample images into $registry"
dotnet run --project build/DemoSeed -c Release -- "http://$registry/"

echo "== packing and installing the dotnet-image tool"
dotnet pack src/ImageTasks.Cli -c Release -o "$work/packages" -nologo -v quiet
# A private package cache, so an older dotnet-image of the same version in ~/.nuget is not installed instead.
NUGET_PACKAGES="$work/nuget" dotnet tool install dotnet-image --tool-path "$work/tool" --add-source "$work/packages" --version 0.1.0 >/dev/null
image="$work/tool/dotnet-image"
export IMAGETASKS_HOME="$work/store"

run() { echo; echo "\$ dotnet image $*"; "$image" "$@"; }
run pull "$registry/library/small:1.0"
run pull "$registry/shared/one:1"
run pull "$registry/shared/two:1"
run pull --platform linux/arm64/v8 "$registry/multi/oci:1"
run pull --platform windows/amd64 "$registry/multi/docker:1"
run pull "$registry/library/small:1.0"
run ls
echo
echo "\$ dotnet image pull $registry/Bad:Ref"
if "$image" pull "$registry/Bad:Ref"; then echo "expected a failure" >&2; exit 1; fi

echo
echo "== the build integration: samples/PinnedBaseImage through the ImageTasks package from a local feed"
dotnet pack src/ImageTasks.MSBuild -c Release -o "$work/packages" -nologo -v quiet
cp -r samples/PinnedBaseImage "$work/sample"
rm -rf "$work/sample/bin" "$work/sample/obj"
cat > "$work/sample/nuget.config" <<XML
<configuration><packageSources><clear /><add key="local" value="$work/packages" /></packageSources></configuration>
XML
export NUGET_PACKAGES="$work/nuget" MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER=1
build() { (cd "$work/sample" && dotnet build -nodeReuse:false -nologo -v:m -p:DemoRegistry="$registry" "$@"); }
echo; echo "\$ dotnet build   # first build: resolves, writes images.lock.json, pulls"
build
echo; echo "\$ cat images.lock.json"; cat "$work/sample/images.lock.json"
echo; echo "\$ dotnet build   # again: one HEAD per pinned tag, nothing downloaded"
build
echo; echo "== someone re-pushes golftrack:1.5 with another image"
dotnet run --project build/DemoSeed -c Release -- "http://$registry/" repush golftrack:1.5
echo; echo "\$ dotnet build   # the mutated tag fails the build"
if build; then echo "expected the build to fail on the mutated tag" >&2; exit 1; fi
echo; echo "\$ dotnet image outdated -p:DemoRegistry=$registry   # the same evaluation as the build"; (cd "$work/sample" && "$image" outdated -p:DemoRegistry="$registry")

echo
echo "demo finished: the store is an OCI layout at $IMAGETASKS_HOME (removed on exit)"
