#!/usr/bin/env bash
# End-to-end benchmark: `dotnet image` (packed and installed as users install it) against skopeo (and docker when its
# daemon can be started), pulling from a local distribution registry. Cold pulls (a fresh store or folder every run),
# runs alternating between tools, medians of wall time and peak RSS. Writes docs/benchmarks.md, its chart and the raw
# numbers (docs/benchmarks/results.tsv; a docs/benchmarks/baseline.tsv beside it adds a "before" column).
#
# Sizes and counts (environment):
#   BENCH_LAYER_MB=256 BENCH_LAYERS=4   the large image: random (incompressible) layers
#   BENCH_COMPRESSIBLE_MB=300           the compressible image: files of this machine's /usr/lib, about this much gzipped
#   BENCH_MEDIUM_MB=100                 the medium image: 5 layers of /usr/share files, about this much gzipped
#   BENCH_RUNS=3 BENCH_QUICK_RUNS=10    runs per pull, runs per quick command (ls, --version, warm pull)
#   BENCH_LS_IMAGES=10000               images in the generated store that ls and a warm pull read
#   BENCH_DOCKER=auto|0|1               compare with docker (auto: when dockerd is installed)
#   BENCH_BUILD_RUNS=5                  runs per no-op build (without the package, with it, with its IL tasks)
#   BENCH_ONLY=build|archive            only the no-op build scenario, or only save, load and the pulls from `serve`:
#                                       their rows replace the old ones in results.tsv; the other scenarios' numbers
#                                       are left as they are
#   BENCH_CACHE=/var/tmp/imagetasks-bench-cache   generated layers are kept here between runs (rm -rf it to rebuild)
#   BENCH_OUT=docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

LAYER_MB=${BENCH_LAYER_MB:-256}
LAYERS=${BENCH_LAYERS:-4}
COMPRESSIBLE_MB=${BENCH_COMPRESSIBLE_MB:-300}
MEDIUM_MB=${BENCH_MEDIUM_MB:-100}
RUNS=${BENCH_RUNS:-3}
QUICK_RUNS=${BENCH_QUICK_RUNS:-10}
LS_IMAGES=${BENCH_LS_IMAGES:-10000}
DOCKER=${BENCH_DOCKER:-auto}
CACHE=${BENCH_CACHE:-/var/tmp/imagetasks-bench-cache}
OUT=${BENCH_OUT:-docs/benchmarks.md}
BUILD_RUNS=${BENCH_BUILD_RUNS:-5}
ONLY=${BENCH_ONLY:-}
case $ONLY in "" | build | archive) ;; *) echo "error: BENCH_ONLY is 'build', 'archive' or empty, not '$ONLY'" >&2; exit 2 ;; esac
all_scenarios() { [ -z "$ONLY" ]; }
image_scenarios() { [ "$ONLY" != build ]; } # the pulls, save and load: generated images, the packed tool, docker
build_scenario() { [ "$ONLY" != archive ]; }
outdir=$(dirname "$OUT")/benchmarks

build/install-deps.sh
need=()
[ -x /usr/bin/time ] || need+=(time)
command -v gnuplot >/dev/null 2>&1 || need+=(gnuplot-nox)
command -v jq >/dev/null 2>&1 || need+=(jq)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d /var/tmp/imagetasks-bench.XXXXXX)
docker_pid=""
dsock=/tmp/dbench.sock
cleanup() {
  [ -f "$work/registry/pid" ] && kill "$(cat "$work/registry/pid")" 2>/dev/null || true
  if [ -n "$docker_pid" ]; then
    kill "$docker_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$docker_pid" 2>/dev/null || break; sleep 0.2; done
    rm -rf /tmp/dbench /tmp/dbenchx "$dsock" /tmp/dbench.pid
  fi
  rm -rf "$work"
}
trap '[ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null; cleanup' EXIT
log() { echo "== $*" >&2; }

case $(uname -m) in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac

# ---------------------------------------------------------------------------------------------------------- layers
# Layers are gzip'd tars on disk, never in memory; each has FILE.diffid (sha256 of the tar) beside it.
mkdir -p "$CACHE"
gzip_tar() { # tar gz level
  sha256sum "$1" | cut -d' ' -f1 > "$2.diffid.tmp"
  gzip -n "-$3" -c "$1" > "$2.tmp"
  rm -f "$1"
  mv "$2.diffid.tmp" "$2.diffid"
  mv "$2.tmp" "$2"
}
random_layer() { # MB file
  [ -f "$2" ] && return 0
  local d; d=$(mktemp -d -p "$work")
  head -c "$(($1 * 1024 * 1024))" /dev/urandom > "$d/random.bin"
  tar -C "$d" -cf "$2.tar" random.bin
  rm -rf "$d"
  gzip_tar "$2.tar" "$2" 1
}
files_layer() { # list(NUL-separated, relative to /) file
  [ -f "$2" ] && return 0
  tar -C / --null --no-recursion -T "$1" -cf "$2.tar" 2>/dev/null || [ $? -eq 1 ]
  gzip_tar "$2.tar" "$2" 6
}
# Splits regular files under DIR into N lists of about TOTAL_MB (uncompressed) together.
split_files() { # dir total_mb n prefix
  find "$1" -xdev -type f -readable -printf '%s\t%P\n' 2>/dev/null | grep -v $'\t.*[[:cntrl:]]' | sort -t$'\t' -k2 |
    awk -F'\t' -v total=$(($2 * 1024 * 1024)) -v n="$3" -v prefix="$4" -v dir="${1#/}" '
      { if (sum >= total) next; i = int(sum * n / total); print dir "/" $2 > (prefix "." i ".txt"); sum += $1 }'
  for i in $(seq 0 $(($3 - 1))); do tr '\n' '\0' < "$4.$i.txt" > "$4.$i"; done
}

log "generating layers (cached in $CACHE)"
large=() compressible=() medium=()
for i in $(seq 1 "$LAYERS"); do large+=("$CACHE/large-${LAYER_MB}m-$i.tar.gz"); done
for i in 0 1 2 3; do compressible+=("$CACHE/compressible-${COMPRESSIBLE_MB}m-$i.tar.gz"); done
for i in 0 1 2 3 4; do medium+=("$CACHE/medium-${MEDIUM_MB}m-$i.tar.gz"); done
if image_scenarios; then
# gzip makes these files about 3x smaller, so ask for 3x the compressed size.
[ -f "${compressible[3]}" ] || split_files /usr/lib $((COMPRESSIBLE_MB * 3)) 4 "$work/compressible"
[ -f "${medium[4]}" ] || split_files /usr/share $((MEDIUM_MB * 3)) 5 "$work/medium"
jobs_=()
for f in "${large[@]}"; do random_layer "$LAYER_MB" "$f" & jobs_+=($!); done
for i in 0 1 2 3; do files_layer "$work/compressible.$i" "${compressible[$i]}" & jobs_+=($!); done
for i in 0 1 2 3 4; do files_layer "$work/medium.$i" "${medium[$i]}" & jobs_+=($!); done
for j in "${jobs_[@]}"; do wait "$j"; done
fi
small=()
for i in $(seq 1 9); do
  f="$CACHE/small-$i.tar.gz"; small+=("$f")
  [ -f "$f" ] && continue
  d=$(mktemp -d -p "$work"); head -c 65536 /dev/urandom > "$d/small-$i.bin"; echo "image $i" > "$d/name"
  tar -C "$d" -cf "$f.tar" "small-$i.bin" name; rm -rf "$d"; gzip_tar "$f.tar" "$f" 6
done
size_mb() { local t=0; for f in "$@"; do t=$((t + $(stat -c %s "$f"))); done; echo "$((t / 1024 / 1024))"; }

# ---------------------------------------------------------------------------------------------------------- registry
log "starting a local registry"
build/registry.sh "$work/registry"
reg=$(cat "$work/registry/address")
export IMAGETASKS_INSECURE_REGISTRIES=$reg

push_blob() { # repo file digest
  curl -fsS -o /dev/null -I "http://$reg/v2/$1/blobs/$3" 2>/dev/null && return 0
  local loc sep
  loc=$(curl -fsS -X POST -D - -o /dev/null "http://$reg/v2/$1/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:" {print $2}')
  case $loc in http*) ;; *) loc="http://$reg$loc" ;; esac
  sep='?'; [[ $loc == *\?* ]] && sep='&'
  curl -fsS -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' -T "$2" "$loc${sep}digest=$3"
}
# push_image REPO:TAG LAYER... (a Docker schema 2 manifest, as docker push writes them)
push_image() {
  local repo=${1%:*} tag=${1##*:} layers="" diffs="" history="" f digest
  shift
  for f in "$@"; do
    digest=sha256:$(sha256sum "$f" | cut -d' ' -f1)
    push_blob "$repo" "$f" "$digest"
    layers+="${layers:+,}{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":$(stat -c %s "$f"),\"digest\":\"$digest\"}"
    diffs+="${diffs:+,}\"sha256:$(cat "$f.diffid")\""
    history+="${history:+,}{\"created\":\"2024-01-15T12:00:00Z\",\"created_by\":\"ADD $(basename "$f") /\"}"
  done
  printf '{"architecture":"%s","os":"linux","created":"2024-01-15T12:00:00Z","config":{"Env":["PATH=/usr/bin:/bin"]},"rootfs":{"type":"layers","diff_ids":[%s]},"history":[%s]}' \
    "$arch" "$diffs" "$history" > "$work/config.json"
  digest=sha256:$(sha256sum "$work/config.json" | cut -d' ' -f1)
  push_blob "$repo" "$work/config.json" "$digest"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":%s,"digest":"%s"},"layers":[%s]}' \
    "$(stat -c %s "$work/config.json")" "$digest" "$layers" > "$work/manifest.json"
  curl -fsS -o /dev/null -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' \
    --data-binary "@$work/manifest.json" "http://$reg/v2/$repo/manifests/$tag"
}

log "seeding $reg"
if image_scenarios; then
  push_image bench/large:1 "${large[@]}"
  push_image bench/compressible:1 "${compressible[@]}"
  push_image bench/medium:1 "${medium[@]}"
fi
for i in $(seq 1 9); do push_image "bench/small$i:1" "${small[$((i - 1))]}"; done

# ---------------------------------------------------------------------------------------------------------- tools
use_docker=0
if image_scenarios; then
  log "packing and installing dotnet-image"
  dotnet pack src/ImageTasks.Cli -c Release -o "$work/packages" -nologo -v quiet
  # A private package cache: a stale dotnet-image of the same version in ~/.nuget would be installed instead.
  NUGET_PACKAGES="$work/nuget" dotnet tool install dotnet-image --tool-path "$work/tool" --add-source "$work/packages" >/dev/null
fi
image="$work/tool/dotnet-image"

if image_scenarios && [ "$DOCKER" != 0 ] && command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1; then
  log "starting dockerd (vfs storage, no networking)"
  rm -rf /tmp/dbench /tmp/dbenchx
  dockerd --iptables=false --ip-forward=false --bridge=none --storage-driver=vfs --data-root /tmp/dbench \
    --exec-root /tmp/dbenchx --pidfile /tmp/dbench.pid -H "unix://$dsock" >"$work/dockerd.log" 2>&1 &
  docker_pid=$!
  for _ in $(seq 1 150); do docker -H "unix://$dsock" info >/dev/null 2>&1 && { use_docker=1; break; }; sleep 0.2; done
  if [ "$use_docker" = 0 ]; then
    log "dockerd did not start; continuing without docker"; tail -5 "$work/dockerd.log" >&2
    [ "$DOCKER" = 1 ] && exit 1
  fi
fi
dk() { docker -H "unix://$dsock" "$@"; }
docker_clean() { dk image rm -f $(dk image ls -aq) >/dev/null 2>&1 || true; }

# ---------------------------------------------------------------------------------------------------------- measuring
mkdir -p "$outdir"
results="$outdir/results.tsv"
if all_scenarios || [ ! -s "$results" ]; then
  printf 'scenario\ttool\trun\twall_ms\trss_kb\tcpu_ms\n' > "$results"
else # BENCH_ONLY: the other scenarios' rows stay, this one's are replaced
  replaced='^build-'; [ "$ONLY" = archive ] && replaced='^(save|load|serve-pull|registry-pull)-'
  awk -F'\t' -v r="$replaced" '$1 !~ r' "$results" > "$work/results.kept" && cp "$work/results.kept" "$results"
fi
# The machine may be shared: before each run, wait (up to BENCH_IDLE_WAIT seconds) until other processes leave at
# least 70% of the CPU idle over half a second.
busy_share() {
  local a b
  a=($(head -1 /proc/stat)); sleep 0.5; b=($(head -1 /proc/stat))
  awk -v u=$((b[1] + b[2] + b[3] + b[6] + b[7] - a[1] - a[2] - a[3] - a[6] - a[7])) \
      -v t=$((b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + b[7] - a[1] - a[2] - a[3] - a[4] - a[5] - a[6] - a[7])) \
      'BEGIN { printf "%d", t ? u * 100 / t : 0 }'
}
wait_idle() {
  local waited=0
  while [ "$(busy_share)" -gt 30 ] && [ "$waited" -lt "${BENCH_IDLE_WAIT:-30}" ]; do sleep 1; waited=$((waited + 1)); done
}
# measure SCENARIO TOOL RUN CMD...: wall time from the shell's clock; peak RSS and user + system CPU time from
# /usr/bin/time (none for docker: its work is done in the daemon).
measure() {
  local scenario=$1 tool=$2 run=$3; shift 3
  local start end rss cpu
  sync # writeback left by the previous run (docker's vfs copies gigabytes) is not charged to this one
  wait_idle
  start=$EPOCHREALTIME
  if ! /usr/bin/time -f '%M %U %S' -o "$work/time.out" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
    echo "error: $scenario/$tool failed: $*" >&2; cat "$work/err.txt" >&2; exit 1
  fi
  end=$EPOCHREALTIME
  read -r rss cpu < <(tail -1 "$work/time.out" | awk '{ printf "%s %.0f\n", $1, ($2 + $3) * 1000 }')
  [ "$tool" = docker ] && rss="" && cpu=""
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$tool" "$run" "$(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.1f", (e-s)*1000}')" "$rss" "$cpu" >> "$results"
  printf '   %-18s %-7s run %-2s %10.1f ms  %s KB  %s ms CPU\n' "$scenario" "$tool" "$run" "$(awk -v s="$start" -v e="$end" 'BEGIN{print (e-s)*1000}')" "${rss:--}" "${cpu:--}" >&2
}
fresh() { rm -rf "$work/s"; mkdir -p "$work/s"; echo "$work/s"; }

if all_scenarios; then
for name in large compressible medium; do
  log "cold pull of bench/$name:1"
  for run in $(seq 1 "$RUNS"); do
    s=$(fresh); IMAGETASKS_HOME=$s measure "pull-$name" dotnet "$run" "$image" pull "$reg/bench/$name:1"
    s=$(fresh); measure "pull-$name" skopeo "$run" skopeo copy --quiet --src-tls-verify=false "docker://$reg/bench/$name:1" "oci:$s:bench"
    if [ "$use_docker" = 1 ]; then
      docker_clean; measure "pull-$name" docker "$run" docker -H "unix://$dsock" pull "$reg/bench/$name:1"
    fi
  done
  rm -rf "$work/s"
done
docker_clean
fi

if image_scenarios; then
# save and load: each tool writes the archive from its own store (docker save from docker's, skopeo from an OCI layout,
# into docker-archive:); each loads the same archive, the one `dotnet image save` wrote (docker 25+'s form).
for name in medium large; do
  log "save and load of bench/$name:1"
  src="$work/src-$name"
  IMAGETASKS_HOME=$src "$image" pull -q "$reg/bench/$name:1" >/dev/null
  skopeo copy --quiet --src-tls-verify=false "docker://$reg/bench/$name:1" "oci:$work/oci-$name:bench"
  [ "$use_docker" = 1 ] && dk pull -q "$reg/bench/$name:1" >/dev/null
  for run in $(seq 1 "$RUNS"); do
    rm -f "$work/a.tar"; IMAGETASKS_HOME=$src measure "save-$name" dotnet "$run" "$image" save -o "$work/a.tar" "$reg/bench/$name:1"
    rm -f "$work/b.tar"; measure "save-$name" skopeo "$run" skopeo copy --quiet "oci:$work/oci-$name:bench" "docker-archive:$work/b.tar:$reg/bench/$name:1"
    if [ "$use_docker" = 1 ]; then
      rm -f "$work/c.tar"; measure "save-$name" docker "$run" docker -H "unix://$dsock" save -o "$work/c.tar" "$reg/bench/$name:1"
    fi
    s=$(fresh); IMAGETASKS_HOME=$s measure "load-$name" dotnet "$run" "$image" load -q -i "$work/a.tar"
    s=$(fresh); measure "load-$name" skopeo "$run" skopeo copy --quiet "docker-archive:$work/a.tar" "oci:$s:bench"
    if [ "$use_docker" = 1 ]; then
      docker_clean; measure "load-$name" docker "$run" docker -H "unix://$dsock" load -q -i "$work/a.tar"
    fi
  done
  rm -rf "$src" "$work/oci-$name" "$work/a.tar" "$work/b.tar" "$work/c.tar" "$work/s"
done
docker_clean

# pulls from `dotnet image serve`: a store holding the medium and large images served on a loopback port; skopeo and
# `dotnet image pull` copy each image from it and, alternating, from the distribution registry holding the same image
# (scenarios serve-pull-NAME and registry-pull-NAME; every pull into an empty OCI folder or store). The server's peak
# RSS (VmHWM) and CPU time over all its runs are read from /proc before it is stopped.
log "pulls from dotnet image serve"
served="$work/served"
for name in medium large; do IMAGETASKS_HOME=$served "$image" pull -q "$reg/bench/$name:1" >/dev/null; done
IMAGETASKS_HOME=$served "$image" serve --addr 127.0.0.1:0 >"$work/serve.out" 2>&1 &
serve_pid=$!
serve_addr=""
for _ in $(seq 1 100); do
  serve_addr=$(awk '/^Listening on / { print $3; exit }' "$work/serve.out")
  [ -n "$serve_addr" ] && break; sleep 0.1
done
[ -n "$serve_addr" ] || { echo "error: dotnet image serve did not start" >&2; cat "$work/serve.out" >&2; exit 1; }
export IMAGETASKS_INSECURE_REGISTRIES="$reg,$serve_addr"
srv="$serve_addr/${reg/:/_}" # another registry's host is the first path component, its port after _
for name in medium large; do
  for run in $(seq 1 "$RUNS"); do
    s=$(fresh); measure "serve-pull-$name" skopeo "$run" skopeo copy --quiet --src-tls-verify=false "docker://$srv/bench/$name:1" "oci:$s:bench"
    s=$(fresh); measure "registry-pull-$name" skopeo "$run" skopeo copy --quiet --src-tls-verify=false "docker://$reg/bench/$name:1" "oci:$s:bench"
    s=$(fresh); IMAGETASKS_HOME=$s measure "serve-pull-$name" dotnet "$run" "$image" pull -q "$srv/bench/$name:1"
    s=$(fresh); IMAGETASKS_HOME=$s measure "registry-pull-$name" dotnet "$run" "$image" pull -q "$reg/bench/$name:1"
  done
done
serve_rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$serve_pid/status")
serve_cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$serve_pid/stat")
kill "$serve_pid"; wait "$serve_pid" || true
serve_pid=""
printf '%s\t%s\n' "$serve_rss_kb" "$serve_cpu_ms" > "$outdir/serve-process.tsv"
rm -rf "$served" "$work/s"
archive_load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$archive_load" > "$outdir/archive-load.txt"
fi

if all_scenarios; then
log "a store of ten images (nine small ones and the medium one)"
export IMAGETASKS_HOME="$work/ten"
for i in $(seq 1 9); do
  "$image" pull -q "$reg/bench/small$i:1" >/dev/null
  [ "$use_docker" = 1 ] && dk pull -q "$reg/bench/small$i:1" >/dev/null
done
"$image" pull -q "$reg/bench/medium:1" >/dev/null
[ "$use_docker" = 1 ] && dk pull -q "$reg/bench/medium:1" >/dev/null
s=$(fresh); skopeo copy --quiet --src-tls-verify=false "docker://$reg/bench/medium:1" "oci:$s:bench"

log "the same store with $LS_IMAGES more images (index.json generated as the store writes it)"
big="$work/big"
cp -a "$IMAGETASKS_HOME" "$big"
awk -v n="$LS_IMAGES" 'BEGIN {
  srand(42); hex = "0123456789abcdef"
  for (i = 0; i < n; i++) {
    m = ""; c = ""; for (k = 0; k < 64; k++) { m = m substr(hex, int(rand() * 16) + 1, 1); c = c substr(hex, int(rand() * 16) + 1, 1) }
    repo = sprintf("registry.example.com:5000/team%d/app%d", i % 37, i % 271)
    t = 1704067200 + i * 60
    created = strftime("%Y-%m-%dT%H:%M:%S.0000000+00:00", t, 1)
    pulled = strftime("%Y-%m-%dT%H:%M:%S.0000000+00:00", t + 86400, 1)
    printf "%s{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"digest\":\"sha256:%s\",\"size\":%d,", (i ? "," : "["), m, 1000 + i % 500
    printf "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},\"annotations\":{\"io.imagetasks.repository\":\"%s\",", repo
    printf "\"io.imagetasks.config\":\"sha256:%s\",\"io.imagetasks.size\":\"%d\",\"io.imagetasks.pulled\":\"%s\",", c, 10000000 + i, pulled
    printf "\"org.opencontainers.image.ref.name\":\"%s:v%d\",\"io.imagetasks.repo-digest\":\"sha256:%s\",\"io.imagetasks.created\":\"%s\"}}", repo, i, m, created
  }
  print "]" }' > "$work/generated.json"
jq -c --slurpfile gen "$work/generated.json" '.manifests += $gen[0]' "$IMAGETASKS_HOME/index.json" > "$big/index.json"
[ "$("$image" --store "$big" ls -q | wc -l)" -eq $((LS_IMAGES + 10)) ] || { echo "error: the generated store does not list $((LS_IMAGES + 10)) images" >&2; exit 1; }

log "quick commands ($QUICK_RUNS runs each)"
empty="$work/empty"; mkdir -p "$empty"
for run in $(seq 1 "$QUICK_RUNS"); do
  measure version dotnet "$run" "$image" --version
  measure ls-empty dotnet "$run" "$image" --store "$empty" ls
  measure ls-10 dotnet "$run" "$image" ls
  [ "$use_docker" = 1 ] && measure ls-10 docker "$run" docker -H "unix://$dsock" image ls
  measure warm-pull dotnet "$run" "$image" pull "$reg/bench/medium:1"
  measure warm-pull skopeo "$run" skopeo copy --quiet --src-tls-verify=false "docker://$reg/bench/medium:1" "oci:$s:bench"
  [ "$use_docker" = 1 ] && measure warm-pull docker "$run" docker -H "unix://$dsock" pull "$reg/bench/medium:1"
  measure "ls-$LS_IMAGES" dotnet "$run" "$image" --store "$big" ls
  measure "warm-pull-$LS_IMAGES" dotnet "$run" "$image" --store "$big" pull "$reg/bench/medium:1"
done
fi

# ---------------------------------------------------------------------------------------------------------- no-op build
# What the ImageTasks package adds to a build that has nothing to do: one console project, built without the package,
# with it (its ReadyToRun tasks, what a linux-x64 SDK loads) and with it forced to its IL tasks, after a first build
# wrote the lock and pulled the images. Each build is a new MSBuild process (no node reuse), as a developer's next
# `dotnet build` is; its wall time, and the ImageTasks targets' time from MSBuild's performance summary, are recorded
# (scenarios build-noop and build-targets). The registry's access log counts the tag checks (HEAD requests).
build_project() { # folder with_package(0|1)
  mkdir -p "$1"
  local package="" images=""
  if [ "$2" = 1 ]; then
    package='<PackageReference Include="ImageTasks" Version="'"$package_version"'" />'
    images="<BaseImage Include=\"$reg/bench/small1:1\" Platforms=\"linux/$arch\" /><BaseImage Include=\"$reg/bench/small2:1\" Platforms=\"linux/$arch\" />"
  fi
  cat > "$1/nuget.config" <<XML
<configuration><packageSources><clear /><add key="bench" value="$work/build/feed" /></packageSources></configuration>
XML
  cat > "$1/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImageStorePath>$work/build/store</ImageStorePath>
    <!-- Only the two BaseImages: the SDK's inferred base image (mcr.microsoft.com) is not part of this scenario. -->
    <ImagePinSdkBaseImage>false</ImagePinSdkBaseImage>
  </PropertyGroup>
  <ItemGroup>$package $images</ItemGroup>
</Project>
XML
  echo 'System.Console.WriteLine("hello");' > "$1/Program.cs"
}
# The ImageTasks targets' own time in a build's performance summary (each target's line is its own time).
imagetasks_ms() {
  awk '/Target Performance Summary:/ { on = 1; next } /Task Performance Summary:/ { on = 0 }
    on && $2 == "ms" && $3 ~ /^(ResolveBaseImages|VerifyBaseImagePlatforms|PullBaseImages|PruneDanglingImages|_ImageTasks.*)$/ { t += $1 }
    END { printf "%d", t }' "$1"
}
heads() { grep -c '"HEAD /v2/bench/small[12]/manifests/1 ' "$work/registry/registry.log" || true; }

build_load="" build_heads=""
if build_scenario; then
log "no-op build: packing the ImageTasks package"
package_version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
dotnet pack src/ImageTasks.MSBuild -c Release -o "$work/build/feed" -nologo -v quiet
export NUGET_PACKAGES="$work/build/nuget" MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER=1
build_project "$work/build/without" 0
build_project "$work/build/with" 1
il_tasks="$NUGET_PACKAGES/imagetasks/$package_version/tasks/net10.0/ImageTasks.MSBuild.dll"
noop=(--no-restore -nodeReuse:false -nologo -v:q -clp:PerformanceSummary)
for variant in without with; do # the first build restores, writes the lock and pulls; the second warms the disk cache
  dotnet build "$work/build/$variant" -nodeReuse:false -nologo -v:q >/dev/null
  dotnet build "$work/build/$variant" "${noop[@]}" >/dev/null
done
[ -f "$work/build/with/images.lock.json" ] || { echo "error: the first build with the package wrote no lock" >&2; exit 1; }
[ -f "$il_tasks" ] || { echo "error: no IL task assembly at $il_tasks" >&2; exit 1; }
heads_before=$(heads)
log "no-op build ($BUILD_RUNS runs each, alternating)"
for run in $(seq 1 "$BUILD_RUNS"); do
  measure build-noop without "$run" dotnet build "$work/build/without" "${noop[@]}"
  measure build-noop imagetasks "$run" dotnet build "$work/build/with" "${noop[@]}"
  printf 'build-targets\timagetasks\t%s\t%s\t\t\n' "$run" "$(imagetasks_ms "$work/out.txt")" >> "$results"
  measure build-noop imagetasks-il "$run" dotnet build "$work/build/with" "${noop[@]}" "-p:ImageTasksTaskAssembly=$il_tasks"
  printf 'build-targets\timagetasks-il\t%s\t%s\t\t\n' "$run" "$(imagetasks_ms "$work/out.txt")" >> "$results"
done
build_load=$(cut -d' ' -f1-3 /proc/loadavg)
build_heads=$(awk -v a="$heads_before" -v b="$(heads)" -v n="$BUILD_RUNS" 'BEGIN { printf "%.1f", (b - a) / (2 * n) }')
fi

# ---------------------------------------------------------------------------------------------------------- report
log "writing $OUT"
machine_cpu=$(lscpu | awk -F': +' '/Model name/ {print $2; exit}')
machine_mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
docker_version=$([ "$use_docker" = 1 ] && dk version --format '{{.Server.Version}}' 2>/dev/null || echo "not run")
large_mb=$(size_mb "${large[@]}") compressible_mb=$(size_mb "${compressible[@]}") medium_mb=$(size_mb "${medium[@]}")
compressible_raw=$(for f in "${compressible[@]}"; do gzip -l "$f" | awk 'NR == 2 {print $2}'; done | awk '{t += $1} END {printf "%d", t / 1048576}')

summary="$work/summary.tsv" # scenario tool median_wall_ms median_rss_kb
awk -F'\t' 'NR > 1 { k = $1 "\t" $2; n[k]++; w[k, n[k]] = $4; r[k, n[k]] = $5; c[k, n[k]] = $6; if (!(k in seenk)) { seenk[k] = 1; keys[++seen] = k } }
  function median(a, k, c,   i, j, t, v) { for (i = 1; i <= c; i++) v[i] = a[k, i] + 0
    for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return c % 2 ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2 }
  END { for (s = 1; s <= seen; s++) { k = keys[s]; printf "%s\t%.1f\t%s\t%s\n", k, median(w, k, n[k]),
    (r[k, 1] == "" ? "" : sprintf("%d", median(r, k, n[k]))), (c[k, 1] == "" ? "" : sprintf("%d", median(c, k, n[k]))) } }' \
  "$results" > "$summary"
baseline_summary=""
if [ -f "$outdir/baseline.tsv" ]; then
  baseline_summary="$work/baseline-summary.tsv"
  awk -F'\t' 'NR > 1 && $2 == "dotnet" { k = $1; n[k]++; w[k, n[k]] = $4; r[k, n[k]] = $5; if (!(k in seenk)) { seenk[k] = 1; keys[++seen] = k } }
    function median(a, k, c,   i, j, t, v) { for (i = 1; i <= c; i++) v[i] = a[k, i] + 0
      for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      return c % 2 ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2 }
    END { for (s = 1; s <= seen; s++) { k = keys[s]; printf "%s\t%.1f\t%d\n", k, median(w, k, n[k]), median(r, k, n[k]) } }' \
    "$outdir/baseline.tsv" > "$baseline_summary"
fi
get() { awk -F'\t' -v s="$1" -v t="$2" -v c="$3" '$1 == s && $2 == t { print $c; exit }' "$summary"; }
before() { [ -n "$baseline_summary" ] && awk -F'\t' -v s="$1" -v c="$2" '$1 == s { print $c; exit }' "$baseline_summary"; }
fmt_ms() { [ -z "$1" ] && { echo "—"; return; }; awk -v v="$1" 'BEGIN { if (v >= 1000) printf "%.2f s", v / 1000; else printf "%.0f ms", v }'; }
fmt_cpu() { [ "$1" = 0 ] && { echo "<10 ms"; return; }; fmt_ms "$1"; }
fmt_mb() { [ -z "$1" ] && { echo "—"; return; }; awk -v v="$1" 'BEGIN { printf "%.0f MB", v / 1024 }'; }
ratio() { [ -z "$1" ] || [ -z "$2" ] && { echo "—"; return; }; awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

# goal LABEL VALUE LIMIT UNIT: "met"/"missed" with the margin.
goal() {
  awk -v label="$1" -v v="$2" -v limit="$3" -v unit="$4" 'BEGIN {
    if (v == "") { printf "| %s | — | %s%s | not measured |\n", label, limit, unit; exit }
    verdict = v <= limit + 0 ? "**met**" : "**missed**"
    if (unit == "x") printf "| %s | %.2fx | %.2fx | %s (%+.0f%%) |\n", label, v, limit, verdict, (v / limit - 1) * 100
    else if (unit == " MB") printf "| %s | %.0f MB | %d MB | %s (%+.0f MB) |\n", label, v, limit, verdict, v - limit
    else printf "| %s | %.0f ms | %d ms | %s (%+.0f ms) |\n", label, v, limit, verdict, v - limit }'
}
r_() { [ -z "$1" ] || [ -z "$2" ] && return; awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# Save, load and the pulls from `serve` (BENCH_ONLY=archive): the serve comparison, each client against itself.
serve_section() {
  [ -n "$(get serve-pull-medium skopeo 3)" ] || return 0
  local rss cpu
  read -r rss cpu < "$outdir/serve-process.tsv"
  echo "## Pulls from \`dotnet image serve\`"
  echo
  echo "The store holding the medium and large images served on a loopback port (\`dotnet image serve --addr 127.0.0.1:0\`);"
  echo "each client copies the same image from it and from the distribution registry, runs alternating, into an empty"
  echo "OCI folder (skopeo) or store (\`dotnet image pull\`). Save, load and these pulls were measured with the machine's"
  echo "load average (1, 5, 15 minutes) at $(cat "$outdir/archive-load.txt" 2>/dev/null || echo '—') on $(nproc) cores: compare the ratios, measured in the same run."
  echo
  echo "| image | skopeo from serve | skopeo from the registry | serve / registry | dotnet image pull from serve | from the registry | serve / registry |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  for name in medium large; do
    echo "| $name | $(fmt_ms "$(get "serve-pull-$name" skopeo 3)") | $(fmt_ms "$(get "registry-pull-$name" skopeo 3)") | $(ratio "$(get "serve-pull-$name" skopeo 3)" "$(get "registry-pull-$name" skopeo 3)") | $(fmt_ms "$(get "serve-pull-$name" dotnet 3)") | $(fmt_ms "$(get "registry-pull-$name" dotnet 3)") | $(ratio "$(get "serve-pull-$name" dotnet 3)" "$(get "registry-pull-$name" dotnet 3)") |"
  done
  echo
  echo "The serve process over all $((RUNS * 4)) pulls: peak RSS $(fmt_mb "$rss"), CPU $(fmt_ms "$cpu") (user + system)."
}

# The no-op build's section of the report, between markers so that BENCH_ONLY=build can replace it alone.
build_section() {
  local without with il t til added
  without=$(get build-noop without 3) with=$(get build-noop imagetasks 3) il=$(get build-noop imagetasks-il 3)
  t=$(get build-targets imagetasks 3) til=$(get build-targets imagetasks-il 3)
  added=$(awk -v a="$with" -v b="$without" 'BEGIN { if (a != "" && b != "") printf "%.1f", a - b }')
  echo "<!-- bench:build -->"
  echo "## No-op build with the ImageTasks package"
  echo
  echo "Measured on $(date -u '+%Y-%m-%d %H:%M UTC'), $BUILD_RUNS runs each, alternating, medians (\`BENCH_ONLY=build build/bench.sh\` runs only this)."
  echo "A console project with two BaseImages (one-layer images of the local registry), its lock written and its images"
  echo "in the store, built again with nothing changed: \`dotnet build --no-restore -nodeReuse:false\`, a new MSBuild process"
  echo "each time, as a developer's next build is. The baseline is the same project without the package and its BaseImages."
  echo "\"ImageTasks targets\" is what MSBuild's performance summary gives ResolveBaseImages, VerifyBaseImagePlatforms and"
  echo "PullBaseImages: loading the task assembly, its first calls (JIT for the IL build), the lock, one HEAD per pinned tag."
  echo "The machine's load average (1, 5, 15 minutes) when the runs ended: $build_load on $(nproc) cores; wall times carry"
  echo "that load, CPU times much less; a difference of a few hundred milliseconds either way between two such medians"
  echo "(even a negative one) is that noise, which the ImageTasks targets' own time is not."
  echo
  echo "| build | wall time | CPU (user + system) | ImageTasks targets | HEAD requests per build |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  echo "| without the package | $(fmt_ms "$without") | $(fmt_cpu "$(get build-noop without 5)") | — | — |"
  echo "| with the package (ReadyToRun tasks, what a linux-x64 SDK loads) | $(fmt_ms "$with") | $(fmt_cpu "$(get build-noop imagetasks 5)") | $(fmt_ms "$t") | $build_heads |"
  echo "| with the package (IL tasks, what other runtimes load) | $(fmt_ms "$il") | $(fmt_cpu "$(get build-noop imagetasks-il 5)") | $(fmt_ms "$til") | $build_heads |"
  echo
  echo "| goal | measured | limit | verdict |"
  echo "| --- | ---: | ---: | --- |"
  goal "added to a no-op build (wall time with the package - without)" "$added" 100 " ms"
  goal "ImageTasks targets' time (ReadyToRun tasks)" "$t" 100 " ms"
  goal "CPU added to a no-op build (with the package - without)" "$(awk -v a="$(get build-noop imagetasks 5)" -v b="$(get build-noop without 5)" 'BEGIN { if (a != "" && b != "") print a - b }')" 100 " ms"
  echo "| HEAD requests per no-op build, 2 pinned tags | $build_heads | 2 | $(awk -v h="$build_heads" 'BEGIN { print (h + 0 <= 2 ? "**met**" : "**missed**") }') |"
  echo
  echo "ReadyToRun saves $(awk -v a="$til" -v b="$t" 'BEGIN { if (a != "" && b != "") printf "%.0f ms", a - b; else print "—" }') of the targets' time"
  echo "(IL $(fmt_ms "$til"), ReadyToRun $(fmt_ms "$t")): the JIT compilation of the task assembly's first calls."
  echo "<!-- /bench:build -->"
}

if [ "$ONLY" = build ]; then
  build_section > "$work/build-section.md"
  if [ -f "$OUT" ] && grep -q '^<!-- bench:build -->$' "$OUT"; then
    awk -v section="$work/build-section.md" '
      /^<!-- bench:build -->$/ { while ((getline line < section) > 0) print line; skip = 1; next }
      /^<!-- \/bench:build -->$/ { skip = 0; next }
      !skip' "$OUT" > "$work/report.md"
  else
    { if [ -f "$OUT" ]; then cat "$OUT"; echo; fi; cat "$work/build-section.md"; } > "$work/report.md"
  fi
  cp "$work/report.md" "$OUT"
  cat "$work/build-section.md"
  exit 0
fi

{
  echo "# Benchmarks"
  echo
  echo "Generated by \`build/bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Raw runs: [benchmarks/results.tsv](benchmarks/results.tsv)."
  echo
  echo "**Machine:** $(nproc) cores ($machine_cpu), $machine_mem memory, $os, kernel $(uname -r); .NET SDK $(dotnet --version),"
  echo "skopeo $(skopeo --version | awk '{print $3}'), docker $docker_version (vfs storage driver), distribution registry $(docker-registry --version 2>/dev/null | awk '{print $3}') on loopback."
  echo
  echo "**Method:** every pull is cold (a fresh store, OCI folder, or docker image store), runs alternate between tools"
  echo "($RUNS runs per pull, $QUICK_RUNS per quick command), values are medians. \`dotnet image\` is the packed tool installed with"
  echo "\`dotnet tool install --tool-path\` and run by its command name, process start included. Peak RSS is /usr/bin/time's"
  echo "maximum resident set size of the process and CPU its user + system time (10 ms resolution), which other load on a"
  echo "shared machine barely moves; docker's work happens in its daemon, so it has neither. Before each run the script"
  echo "waits (up to 30 s) for the machine to be idle. skopeo runs"
  echo "\`skopeo copy docker://… oci:DIR:tag\`; docker pulls and also unpacks layers (vfs driver), which skopeo and"
  echo "\`dotnet image\` do not, so docker's times are an upper reference, not a like-for-like."
  echo
  echo "**Images:** large = $LAYERS random (incompressible) layers of $LAYER_MB MiB, $large_mb MiB compressed;"
  echo "compressible = 4 layers of this machine's /usr/lib files, $compressible_mb MiB gzipped ($compressible_raw MiB of tar);"
  echo "medium = 5 layers of /usr/share files, $medium_mb MiB gzipped; the store of ten is nine one-layer small images and medium;"
  echo "the $LS_IMAGES-image store is those ten plus $LS_IMAGES generated index entries."
  echo
  if [ -n "$baseline_summary" ]; then
    echo "| scenario | dotnet image before | dotnet image now | RSS before | RSS now | CPU now | skopeo | skopeo RSS | skopeo CPU | docker | now / skopeo | now / docker |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  else
    echo "| scenario | dotnet image | RSS | CPU | skopeo | skopeo RSS | skopeo CPU | docker | dotnet / skopeo | dotnet / docker |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  fi
  for scenario in $(awk -F'\t' '!seen[$1]++ && $1 !~ /^build-/ { print $1 }' "$summary"); do
    d=$(get "$scenario" dotnet 3) dr=$(get "$scenario" dotnet 4) dc=$(get "$scenario" dotnet 5)
    sk=$(get "$scenario" skopeo 3) skr=$(get "$scenario" skopeo 4) skc=$(get "$scenario" skopeo 5) dk_=$(get "$scenario" docker 3)
    if [ -n "$baseline_summary" ]; then
      echo "| $scenario | $(fmt_ms "$(before "$scenario" 2)") | $(fmt_ms "$d") | $(fmt_mb "$(before "$scenario" 3)") | $(fmt_mb "$dr") | $(fmt_cpu "$dc") | $(fmt_ms "$sk") | $(fmt_mb "$skr") | $(fmt_cpu "$skc") | $(fmt_ms "$dk_") | $(ratio "$d" "$sk") | $(ratio "$d" "$dk_") |"
    else
      echo "| $scenario | $(fmt_ms "$d") | $(fmt_mb "$dr") | $(fmt_cpu "$dc") | $(fmt_ms "$sk") | $(fmt_mb "$skr") | $(fmt_cpu "$skc") | $(fmt_ms "$dk_") | $(ratio "$d" "$sk") | $(ratio "$d" "$dk_") |"
    fi
  done
  echo
  echo "![median wall time](benchmarks/chart.png)"
  echo
  echo "## Goals"
  echo
  echo "| goal | measured | limit | verdict |"
  echo "| --- | ---: | ---: | --- |"
  goal "cold pull, large image, vs skopeo" "$(r_ "$(get pull-large dotnet 3)" "$(get pull-large skopeo 3)")" 0.75 x
  goal "cold pull, large image, vs docker" "$(r_ "$(get pull-large dotnet 3)" "$(get pull-large docker 3)")" 0.3 x
  goal "cold pull, compressible image, vs skopeo" "$(r_ "$(get pull-compressible dotnet 3)" "$(get pull-compressible skopeo 3)")" 2.5 x
  goal "cold pull, compressible image, vs docker" "$(r_ "$(get pull-compressible dotnet 3)" "$(get pull-compressible docker 3)")" 0.1 x
  goal "cold pull, medium image, vs skopeo (process start included)" "$(r_ "$(get pull-medium dotnet 3)" "$(get pull-medium skopeo 3)")" 1.5 x
  goal "\`ls\`, ten images (docker image ls: 16 ms measured earlier)" "$(get ls-10 dotnet 3)" 16 " ms"
  [ -n "$(get ls-10 docker 3)" ] && goal "\`ls\`, ten images, vs docker image ls here" "$(r_ "$(get ls-10 dotnet 3)" "$(get ls-10 docker 3)")" 1 x
  goal "warm pull (everything present)" "$(get warm-pull dotnet 3)" 250 " ms"
  goal "warm pull, store of $LS_IMAGES images" "$(get "warm-pull-$LS_IMAGES" dotnet 3)" 250 " ms"
  goal "\`ls\`, $LS_IMAGES images" "$(get "ls-$LS_IMAGES" dotnet 3)" 250 " ms"
  goal "peak RSS pulling the $large_mb MiB image" "$(awk -v v="$(get pull-large dotnet 4)" 'BEGIN { if (v != "") print v / 1024 }')" 150 " MB"
  goal "save, large image, vs skopeo copy to docker-archive:" "$(r_ "$(get save-large dotnet 3)" "$(get save-large skopeo 3)")" 1 x
  goal "save, large image, vs docker save" "$(r_ "$(get save-large dotnet 3)" "$(get save-large docker 3)")" 1 x
  goal "load, large image, vs skopeo copy from docker-archive:" "$(r_ "$(get load-large dotnet 3)" "$(get load-large skopeo 3)")" 1 x
  goal "load, large image, vs docker load" "$(r_ "$(get load-large dotnet 3)" "$(get load-large docker 3)")" 1 x
  goal "peak RSS saving the $large_mb MiB image" "$(awk -v v="$(get save-large dotnet 4)" 'BEGIN { if (v != "") print v / 1024 }')" 150 " MB"
  goal "peak RSS loading the $large_mb MiB image" "$(awk -v v="$(get load-large dotnet 4)" 'BEGIN { if (v != "") print v / 1024 }')" 150 " MB"
  echo
  serve_section
  echo
  echo "Micro-benchmarks of the hot paths (reference parsing, SHA-256, the gzip + diff_id layer pipeline, manifest"
  echo "parsing, loading a 10,000-image index): \`dotnet run -c Release --project tests/ImageTasks.Benchmarks -- --filter '*'\`."
  echo
  if [ "$ONLY" = archive ] && [ -f "$OUT" ] && grep -q '^<!-- bench:build -->$' "$OUT"; then
    # Not measured in this run: the build section stays as the last build run wrote it.
    awk '/^<!-- bench:build -->$/ { keep = 1 } keep { print } /^<!-- \/bench:build -->$/ { keep = 0 }' "$OUT"
  else
    build_section
  fi
  [ -f "$outdir/notes.md" ] && { echo; cat "$outdir/notes.md"; }
} > "$OUT"

# The chart: pulls in seconds (left), quick commands in milliseconds (right).
chart_data() { # scenarios... -> rows: label before now skopeo docker
  for scenario in "$@"; do
    printf '%s\t%s\t%s\t%s\t%s\n' "$scenario" "$(before "$scenario" 2 || true)" "$(get "$scenario" dotnet 3)" "$(get "$scenario" skopeo 3)" "$(get "$scenario" docker 3)" |
      awk -F'\t' -v OFS='\t' '{ for (i = 2; i <= 5; i++) if ($i == "") $i = "NaN"; print }'
  done
}
chart_data pull-large pull-compressible pull-medium save-medium load-medium save-large load-large > "$work/pulls.dat"
chart_data version ls-empty ls-10 warm-pull "ls-$LS_IMAGES" "warm-pull-$LS_IMAGES" > "$work/quick.dat"
terminal="pngcairo size 1400,560 font 'sans,10'"
gnuplot -e "set terminal pngcairo" >/dev/null 2>&1 || terminal="png size 1400,560"
gnuplot <<GP
set terminal $terminal
set output '$outdir/chart.png'
set multiplot layout 1,2 title "dotnet image vs skopeo and docker (median wall time, $(nproc) cores)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top left
set grid ytics
set xtics noenhance
set datafile separator "\t"
set datafile missing "NaN"
set title "cold pulls (s)"
set yrange [0:*]
plot '$work/pulls.dat' using (\$2/1000):xtic(1) title "dotnet image (before)" lc rgb "#9ecae1", \
     '' using (\$3/1000) title "dotnet image" lc rgb "#08519c", \
     '' using (\$4/1000) title "skopeo" lc rgb "#fd8d3c", \
     '' using (\$5/1000) title "docker" lc rgb "#74c476"
set title "quick commands (ms)"
set xtics rotate by -20
plot '$work/quick.dat' using 2:xtic(1) title "dotnet image (before)" lc rgb "#9ecae1", \
     '' using 3 title "dotnet image" lc rgb "#08519c", \
     '' using 4 title "skopeo" lc rgb "#fd8d3c", \
     '' using 5 title "docker" lc rgb "#74c476"
unset multiplot
GP
cat "$OUT"
