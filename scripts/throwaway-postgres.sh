# Throwaway PostgreSQL clusters for test.sh and the load test in benchmarks/scale-out: sourced, never run.
# find_postgres locates (or, as root, installs) Debian's server; start_postgres FIRST VARIABLE starts a cluster on the
# first free port from FIRST and exports its connection string as VARIABLE; stop_postgres stops and removes every
# cluster started. The caller sets its own EXIT trap calling stop_postgres.

pg_dirs=()
stop_postgres() {
  local dir
  for dir in "${pg_dirs[@]}"; do
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
  done
}

find_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$pg_bin" ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      echo "${0##*/}: installing Debian's postgresql package"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    else
      echo "${0##*/}: the PostgreSQL server is missing. Install it with: sudo apt-get install -y postgresql" >&2
      exit 1
    fi
  fi

  as_postgres=()
  # initdb refuses to run as root; the package's postgres account runs the throwaway clusters.
  [[ $(id -u) -eq 0 ]] && as_postgres=(runuser -u postgres --)
  return 0
}

# Starts one throwaway cluster on the next free port from $1 and exports its connection string as $2.
start_postgres() {
  local first=$1 variable=$2 port dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/msphub-pg.XXXXXX")
  pg_dirs+=("$dir")
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir"

  for port in $(seq "$first" $((first + 100))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done

  "${as_postgres[@]}" "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # Durability settings are off: the cluster lives only as long as this run.
  "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  export "$variable=Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "${0##*/}: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir) as $variable"
}

