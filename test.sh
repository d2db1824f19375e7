#!/usr/bin/env bash
# Runs every MspHub test on a fresh Debian machine with the .NET 10 SDK.
# Installs Debian's chromium package for the browser tests when it is missing (as root) and the axe-core
# accessibility checker they inject (npm ci), starts three throwaway PostgreSQL clusters on separate ports
# (installing Debian's postgresql package if it is missing and this runs as root), exports their connection strings
# as MSPHUB_TEST_POSTGRES, MSPHUB_TEST_POSTGRES_B and MSPHUB_TEST_POSTGRES_C (the placement tests spread tenants
# over all three), starts a throwaway redis-server
# (installing Debian's redis-server package if it is missing and this runs as root; otherwise the Redis tests skip
# and say why) and exports its address as MSPHUB_TEST_REDIS, restores the packages the lock files name, runs
# `dotnet test` for the whole solution and ends with one line: "N passed, N failed, N skipped".
# Set any of those variables yourself to use an existing server instead of starting one.
set -euo pipefail
cd "$(dirname "$0")"

missing() { echo "test.sh: $1 is missing. Install it with: $2" >&2; exit 1; }
command -v dotnet >/dev/null || missing "the .NET 10 SDK (dotnet)" "sudo apt-get install -y dotnet-sdk-10.0  (or see https://dot.net)"

# shellcheck source=scripts/throwaway-postgres.sh
source scripts/throwaway-postgres.sh

redis_dir=""
stop_redis() {
  if [[ -n "$redis_dir" ]]; then
    [[ -f "$redis_dir/redis.pid" ]] && kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null
    rm -rf "$redis_dir"
  fi
}

# Each stops only what this run started; neither may change the run's exit status.
stop_servers() { stop_redis || true; stop_postgres || true; }

# Redis is optional for MspHub, so a machine without it (and without root to install it) still runs every other test.
start_redis() {
  if ! command -v redis-server >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      echo "test.sh: installing Debian's redis-server package"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    else
      echo "test.sh: redis-server is missing, so the Redis transport's tests skip. Install it with: sudo apt-get install -y redis-server" >&2
      return
    fi
  fi

  redis_dir=$(mktemp -d "${TMPDIR:-/tmp}/msphub-redis.XXXXXX")
  trap stop_servers EXIT
  local port
  for port in $(seq 56379 56479); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done

  # Nothing is kept: no snapshots, no append-only file; the server lives only as long as this run.
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$port" ping >/dev/null 2>&1 || { cat "$redis_dir/redis.log" >&2; exit 1; }
  export MSPHUB_TEST_REDIS="127.0.0.1:$port"
  echo "test.sh: Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$port ($redis_dir)"
}

# The sample hub's browser tests drive Debian's Chromium; never a browser a test tool downloads.
if [[ ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing Debian's chromium package"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    missing "Chromium (/usr/bin/chromium, for the sample hub's browser tests)" "sudo apt-get install -y chromium"
  fi
fi

# The browser tests inject axe-core (pinned in the test project's package-lock.json) to check every page's accessibility.
command -v npm >/dev/null || missing "npm (Node.js, for the accessibility checker the browser tests inject)" "sudo apt-get install -y nodejs npm"
npm ci --prefix tests/MspHub.SampleHub.Tests --no-audit --no-fund --loglevel=error

# Three servers: placement tests put tenants on different servers; every other test uses the first.
for server in "55432 MSPHUB_TEST_POSTGRES" "55542 MSPHUB_TEST_POSTGRES_B" "55652 MSPHUB_TEST_POSTGRES_C"; do
  read -r first variable <<<"$server"
  if [[ -n "${!variable:-}" ]]; then
    echo "test.sh: using the PostgreSQL server in $variable"
  else
    if [[ -z "${pg_bin:-}" ]]; then
      find_postgres
      trap stop_servers EXIT
    fi
    start_postgres "$first" "$variable"
  fi
done

if [[ -n "${MSPHUB_TEST_REDIS:-}" ]]; then
  echo "test.sh: using the Redis server in MSPHUB_TEST_REDIS"
else
  start_redis
fi

# Packages come exactly from the committed packages.lock.json files: a lock file that no longer matches
# Directory.Packages.props fails here (NU1004) instead of restoring something nobody reviewed. After changing a
# package, run `dotnet restore MspHub.sln --force-evaluate` and commit the lock files it rewrites.
dotnet restore MspHub.sln --locked-mode

log=$(mktemp "${TMPDIR:-/tmp}/msphub-test.XXXXXX")
# Normal verbosity prints each skipped test with its reason; passing tests are left out of the screen.
set +e
dotnet test MspHub.sln -c Release --no-restore --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" \
  | grep -Ev '^\s*Passed [A-Za-z_.]'
status=${PIPESTATUS[0]}
set -e

# Each test project ends with a block such as "Total tests: 9 / Passed: 8 / Skipped: 1" (zero counts omitted).
sum() { { grep -E "^ +$1: +[0-9]+\s*$" "$log" || true; } | awk '{s += $2} END {print s + 0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
rm -f "$log"
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  echo "test.sh: dotnet test exited with $status (a build error or a crashed test host; see above)" >&2
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $status -eq 0 && $failed -eq 0 ]]
