#!/usr/bin/env bash
# Whole request over Kestrel with wrk: the same endpoint served by three apps (see
# benchmarks/MspHub.Benchmarks/WholeRequest/BenchmarkApp.cs), measured in alternating order for ROUNDS
# rounds, the server pinned to one core and wrk to another so they do not take each other's CPU.
# Prints each run, then the median requests/s of each app and its ratio to the app without tenancy.
# Stops every server it started, also when interrupted.
#
#   benchmarks/whole-request/run.sh            # 5 rounds of 10 s per app
#   ROUNDS=7 DURATION=15s benchmarks/whole-request/run.sh
#
# Needs wrk (apt-get install wrk), taskset (util-linux), curl and the .NET SDK.
set -euo pipefail

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_CPU=${SERVER_CPU:-0}
WRK_CPU=${WRK_CPU:-1}
PORT=${PORT:-5088}
USER_ID=4f1e2d3c-6b5a-4987-8a7b-6c5d4e3f2a1b   # BenchmarkApp.User
TENANT=acme                                    # BenchmarkApp.Tenant
APPS=(plain hub policy)

root=$(cd "$(dirname "$0")/../.." && pwd)
exe="$root/benchmarks/MspHub.Benchmarks/bin/Release/net10.0/MspHub.Benchmarks"
url="http://127.0.0.1:$PORT/automs"
results=$(mktemp)
server=""

stop_server() {
  if [[ -n "$server" ]]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
  fi
}
trap 'stop_server; rm -f "$results"' EXIT
trap 'exit 130' INT TERM

for tool in wrk taskset curl dotnet; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 1; }
done

dotnet build "$root/benchmarks/MspHub.Benchmarks" -c Release -m:1 --nologo -v:q >/dev/null

start_server() {
  taskset -c "$SERVER_CPU" "$exe" kestrel "$1" "$PORT" >/dev/null &
  server=$!
  for _ in $(seq 1 100); do
    if body=$(curl -fsS -H "X-User: $USER_ID" -H "X-Tenant: $TENANT" "$url" 2>/dev/null); then
      [[ "$body" == "nightly-backup" ]] || { echo "run.sh: app $1 answered '$body'" >&2; exit 1; }
      return
    fi
    sleep 0.1
  done
  echo "run.sh: app $1 did not start on port $PORT" >&2
  exit 1
}

load() {
  taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d"$1" -H "X-User: $USER_ID" -H "X-Tenant: $TENANT" "$url"
}

echo "uptime: $(uptime)"
for round in $(seq 1 "$ROUNDS"); do
  # Rotate the order each round, so no app always runs first or last.
  for i in 0 1 2; do
    app=${APPS[$(( (i + round - 1) % 3 ))]}
    start_server "$app"
    load "$WARMUP" >/dev/null
    out=$(load "$DURATION")
    stop_server
    if grep -q "Non-2xx" <<<"$out"; then
      echo "run.sh: app $app answered errors:" >&2; echo "$out" >&2; exit 1
    fi
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    echo "round $round  $app  $rps req/s"
    echo "$app $rps" >>"$results"
  done
done

median() { grep "^$1 " "$results" | awk '{ print $2 }' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
base=$(median plain)
echo
echo "| App | Median requests/s | Ratio |"
echo "|---|---:|---:|"
for app in "${APPS[@]}"; do
  m=$(median "$app")
  awk -v app="$app" -v m="$m" -v b="$base" 'BEGIN { printf "| %s | %.0f | %.3f |\n", app, m, m / b }'
done
echo "uptime: $(uptime)"
