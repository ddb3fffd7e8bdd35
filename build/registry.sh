#!/usr/bin/env bash
# Starts a local distribution registry on a free loopback port with its storage in $1 (a folder),
# writes its address to $1/address and its PID to $1/pid. Stop it with: kill "$(cat $1/pid)".
set -euo pipefail
dir=$1
mkdir -p "$dir/storage"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || shuf -i 20000-60000 -n 1)
cat > "$dir/config.yml" <<YAML
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $dir/storage }
  delete: { enabled: true }
http: { addr: 127.0.0.1:$port }
YAML
# REGISTRY_* variables override the config; an unrelated one breaks the registry, so start it without them.
env $(env | grep -o '^REGISTRY_[^=]*' | sed 's/^/-u /') docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
echo $! > "$dir/pid"
echo "127.0.0.1:$port" > "$dir/address"
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/v2/" && exit 0
  sleep 0.1
done
echo "error: the registry did not start; its log:" >&2
cat "$dir/registry.log" >&2
exit 1
