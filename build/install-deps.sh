#!/usr/bin/env bash
# Installs what the demo and the tests need on a fresh Debian machine, and only what is missing.
set -euo pipefail

need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
command -v curl >/dev/null 2>&1 || need+=(curl)
# save/load interop tests: docker (dockerd 20.10, started privately by tests/ImageTasks.Testing/DockerDaemon.cs) and podman.
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v podman >/dev/null 2>&1 || need+=(podman)
# dotnet pack compiles the tool with Native AOT on linux-x64, which links with clang or gcc (and objcopy, in binutils).
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]; then
  { command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; } || need+=(gcc)
  command -v objcopy >/dev/null 2>&1 || need+=(binutils)
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

command -v dotnet >/dev/null 2>&1 || { echo "error: the .NET 10 SDK is required (dotnet not found)" >&2; exit 1; }
