#!/usr/bin/env bash
# The scale-out load test (benchmarks/MspHub.Benchmarks/ScaleOut/ScaleOutLoad.cs), on loopback: two app nodes over
# three PostgreSQL servers and 1,000 tenants per layout. Prints throughput with every tenant on one server and with
# tenants spread over three, cross-node invalidation latency (p50/p99) against the same node, and the write fence of
# a move of a tenant with 100,000 rows while another node writes to it. Every phase is bounded and the run stops by
# itself (at most TIMEOUT); it drops what it made, and stops the servers it started.
#
#   benchmarks/scale-out/run.sh                  # 10 s per layout, 16 workers, 1,000 tenants, 100,000 rows
#   SECONDS_PER_LAYOUT=20 WORKERS=32 benchmarks/scale-out/run.sh
#
# Uses the servers in MSPHUB_BENCH_POSTGRES, MSPHUB_BENCH_POSTGRES_B and MSPHUB_BENCH_POSTGRES_C when set (roles that
# may create databases and roles); otherwise starts three throwaway clusters as test.sh does.
set -euo pipefail
cd "$(dirname "$0")/../.."

SECONDS_PER_LAYOUT=${SECONDS_PER_LAYOUT:-10}
WORKERS=${WORKERS:-16}
TENANTS=${TENANTS:-1000}
ROWS=${ROWS:-100000}
TIMEOUT=${TIMEOUT:-15m}

# shellcheck source=scripts/throwaway-postgres.sh
source scripts/throwaway-postgres.sh
trap stop_postgres EXIT
for server in "56432 MSPHUB_BENCH_POSTGRES" "56542 MSPHUB_BENCH_POSTGRES_B" "56652 MSPHUB_BENCH_POSTGRES_C"; do
  read -r first variable <<<"$server"
  if [[ -z "${!variable:-}" ]]; then
    [[ -n "${pg_bin:-}" ]] || find_postgres
    start_postgres "$first" "$variable"
  fi
done

dotnet build benchmarks/MspHub.Benchmarks -c Release -m:1 --nologo -v:q >/dev/null
timeout "$TIMEOUT" benchmarks/MspHub.Benchmarks/bin/Release/net10.0/MspHub.Benchmarks \
  scale-out "$SECONDS_PER_LAYOUT" "$WORKERS" "$TENANTS" "$ROWS"
