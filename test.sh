#!/usr/bin/env bash
# Runs every MspHub test on a fresh Debian machine with the .NET 10 SDK.
# Installs Debian's chromium package for the browser tests when it is missing (as root), starts a
# throwaway PostgreSQL cluster (installing Debian's postgresql package if it is missing and
# this runs as root), exports its connection string as MSPHUB_TEST_POSTGRES, starts a throwaway redis-server
# (installing Debian's redis-server package if it is missing and this runs as root; otherwise the Redis tests skip
# and say why) and exports its address as MSPHUB_TEST_REDIS, restores the packages the lock files name, runs
# `dotnet test` for the whole solution and ends with one line: "N passed, N failed, N skipped".
# Set MSPHUB_TEST_POSTGRES or MSPHUB_TEST_REDIS yourself to use an existing server instead.
set -euo pipefail
cd "$(dirname "$0")"

missing() { echo "test.sh: $1 is missing. Install it with: $2" >&2; exit 1; }
command -v dotnet >/dev/null || missing "the .NET 10 SDK (dotnet)" "sudo apt-get install -y dotnet-sdk-10.0  (or see https://dot.net)"

pg_dir=""
stop_postgres() {
  if [[ -n "$pg_dir" && -f "$pg_dir/data/postmaster.pid" ]]; then
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  [[ -n "$pg_dir" ]] && rm -rf "$pg_dir"
}

start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$pg_bin" ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      echo "test.sh: installing Debian's postgresql package"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    else
      missing "the PostgreSQL server" "sudo apt-get install -y postgresql"
    fi
  fi

  as_postgres=()
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/msphub-pg.XXXXXX")
  trap stop_postgres EXIT
  if [[ $(id -u) -eq 0 ]]; then
    # initdb refuses to run as root; the package's postgres account runs the throwaway cluster.
    chown postgres "$pg_dir"
    as_postgres=(runuser -u postgres --)
  fi

  local port
  for port in $(seq 55432 55532); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done

  "${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$pg_dir/initdb.log" \
    || { cat "$pg_dir/initdb.log" >&2; exit 1; }
  # Durability settings are off: the cluster lives only as long as this run.
  "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$pg_dir/server.log" >&2; exit 1; }
  export MSPHUB_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "test.sh: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($pg_dir)"
}

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

if [[ -n "${MSPHUB_TEST_POSTGRES:-}" ]]; then
  echo "test.sh: using the PostgreSQL server in MSPHUB_TEST_POSTGRES"
else
  start_postgres
fi

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
