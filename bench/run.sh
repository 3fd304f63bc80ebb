#!/usr/bin/env bash
# Stockade benchmark: starts the app on a fresh embedded PostgreSQL, measures stock-adjustment
# throughput, fixed-rate latency, inventory-list queries on a large catalogue and a pgbench baseline
# of the same write on the same PostgreSQL, then prints ONE JSON document on stdout.
# Everything else goes to stderr and bench/results/<run>/*.log. See bench/README.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")

usage() {
  cat <<EOF
usage: bench/run.sh [--duration SECONDS] [--warmup SECONDS] [--catalogue N] [--jar PATH] [--quick]
                    [--rates R1,R2,...] [--data-root DIR] [--keep-data]
  --duration N   seconds of each load phase (wrk, each fixed rate, pgbench); default 30
  --warmup N     seconds of adjustments before the measured ones (JIT), then ANALYZE; default 60
  --catalogue N  items in the list-query catalogue; default 100000
  --jar PATH     the application jar; default webapp/target/stockade.jar (nothing is built)
  --quick        smoke run: duration 10, warm-up 15, catalogue 10000 (explicit flags still win)
  --rates LIST   fixed-rate phase rates in requests/s; default 50,100,200
  --data-root D  where the throw-away data directory is made (must be world-searchable); default /var/tmp
  --keep-data    keep the data directory afterwards
EOF
}

DURATION= WARMUP= CATALOGUE= JAR="$REPO_DIR/webapp/target/stockade.jar" QUICK=0 RATES=50,100,200
DATA_ROOT=${BENCH_DATA_ROOT:-/var/tmp} KEEP_DATA=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --catalogue) CATALOGUE=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --rates) RATES=$2; shift 2 ;;
    --data-root) DATA_ROOT=$2; shift 2 ;;
    --keep-data) KEEP_DATA=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [[ $QUICK == 1 ]]; then
  DURATION=${DURATION:-10}; WARMUP=${WARMUP:-15}; CATALOGUE=${CATALOGUE:-10000}
fi
DURATION=${DURATION:-30}; WARMUP=${WARMUP:-60}; CATALOGUE=${CATALOGUE:-100000}
[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 1 ]] || { echo "--duration must be a positive integer" >&2; exit 2; }
[[ $CATALOGUE =~ ^[0-9]+$ ]] || { echo "--catalogue must be a non-negative integer" >&2; exit 2; }
[[ $WARMUP =~ ^[0-9]+$ ]] || { echo "--warmup must be a non-negative integer" >&2; exit 2; }

# stdout is kept for the final JSON document only.
exec 3>&1 1>&2

RESULTS_DIR="$BENCH_DIR/results"
STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
RUN_DIR="$RESULTS_DIR/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN_DIR"
exec 2> >(tee -a "$RUN_DIR/run.log" >&2)

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
note() { echo "$*" >> "$RUN_DIR/notes.txt"; log "NOTE: $*"; }
: > "$RUN_DIR/notes.txt"

# ------------------------------------------------------------------ tools
find_pgbench() {
  command -v pgbench 2>/dev/null && return 0
  ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1
}
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[[ -n "$(find_pgbench)" ]] || missing+=(postgresql-contrib postgresql-client)
command -v psql >/dev/null || missing+=(postgresql-client)
command -v curl >/dev/null || missing+=(curl)
if [[ ${#missing[@]} -gt 0 ]]; then
  log "installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
PGBENCH=$(find_pgbench)
for tool in java python3 wrk psql curl "$PGBENCH"; do
  command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
done
[[ -f "$JAR" ]] || { log "no application jar at $JAR (build it first, or pass --jar PATH)"; exit 1; }
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

CORES=$(nproc)
cut -d' ' -f1-3 /proc/loadavg > "$RUN_DIR/loadavg_start.txt"
# CPU used by other processes just before the run (3 s sample of /proc/stat): a build or test run
# next to the benchmark easily halves its numbers.
BUSY_PCT=$(python3 - <<'PY'
import time
def sample():
    f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(f), f[3] + f[4]
t1, i1 = sample(); time.sleep(3); t2, i2 = sample()
print(round(100 * (1 - (i2 - i1) / max(t2 - t1, 1))))
PY
)
echo "$BUSY_PCT" > "$RUN_DIR/cpu_busy_start.txt"
if [[ $BUSY_PCT -gt 25 ]]; then
  note "the machine was busy before the run (${BUSY_PCT}% CPU in use by other processes, load average $(cat "$RUN_DIR/loadavg_start.txt")): numbers are noisy"
fi
log "run $RUN_DIR: duration ${DURATION}s, warm-up ${WARMUP}s, catalogue $CATALOGUE, rates $RATES, jar $JAR, $CORES cores"
if [[ $DURATION -gt 840 ]]; then
  note "duration ${DURATION}s exceeds the 15-minute access-token lifetime minus margin; wrk phases may see 401s"
fi

# ------------------------------------------------------------------ app lifecycle
mkdir -p "$DATA_ROOT"
DATA_DIR=$(mktemp -d "$DATA_ROOT/stockade-bench-XXXXXX")
chmod 755 "$DATA_DIR"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
MANAGEMENT_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MANAGEMENT="http://127.0.0.1:$MANAGEMENT_PORT"
ADMIN_USER=admin
ADMIN_PASSWORD=$(cd "$BENCH_DIR" && python3 -c 'import benchlib; print(benchlib.admin_password())')
APP_PID= PG_PID= PG_PORT= BASELINE_DB=bench_baseline BASELINE_CREATED=0
TOKEN_FILE="$RUN_DIR/token" IDS_FILE="$RUN_DIR/adjust-ids.txt"

psql_super() {  # psql as the embedded superuser; extra args follow
  PGPASSWORD=$(cat "$DATA_DIR/postgres/pg-superuser.password") \
    psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 "$@"
}

stop_pid() {  # stop_pid PID NAME: SIGTERM, wait up to 30 s, then SIGKILL
  local pid=$1 name=$2 i
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "$name did not stop within 30 s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [[ $BASELINE_CREATED == 1 ]]; then
    log "dropping database $BASELINE_DB"
    PGPASSWORD=$(cat "$DATA_DIR/postgres/pg-superuser.password") timeout 60 \
      psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
      -c "DROP DATABASE IF EXISTS $BASELINE_DB WITH (FORCE)" || log "could not drop $BASELINE_DB"
  fi
  [[ -n $APP_PID ]] && stop_pid "$APP_PID" "the application"
  # The application stops its PostgreSQL on a clean shutdown; after a SIGKILL the postmaster survives.
  if [[ -f "$DATA_DIR/postgres/pgdata/postmaster.pid" ]]; then
    PG_PID=$(head -n 1 "$DATA_DIR/postgres/pgdata/postmaster.pid" 2>/dev/null)
    [[ $PG_PID =~ ^[0-9]+$ ]] && stop_pid "$PG_PID" "embedded PostgreSQL"
  fi
  if [[ $KEEP_DATA == 0 && -n ${DATA_DIR:-} && -d $DATA_DIR ]]; then
    rm -rf "$DATA_DIR"
  else
    log "data kept in $DATA_DIR"
  fi
  rm -f "$TOKEN_FILE"
  log "done (exit $rc); logs in $RUN_DIR"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting the application on port $PORT, data in $DATA_DIR"
(
  cd "$DATA_DIR"
  export STOCKADE_DATA_DIR="$DATA_DIR" SERVER_PORT="$PORT" MANAGEMENT_SERVER_PORT="$MANAGEMENT_PORT" SPRING_PROFILES_ACTIVE=bench
  export STOCKADE_BOOTSTRAP_ADMIN_USERNAME=$ADMIN_USER STOCKADE_BOOTSTRAP_ADMIN_EMAIL=admin@example.test
  export STOCKADE_BOOTSTRAP_ADMIN_PASSWORD="$ADMIN_PASSWORD"
  # shellcheck disable=SC2086
  exec java ${BENCH_JAVA_OPTS:-} -jar "$JAR"
) > "$RUN_DIR/app.log" 2>&1 &
APP_PID=$!

T_START=$SECONDS
for ((i = 0; i < 360; i++)); do
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    log "the application exited during start-up; tail of app.log:"; tail -n 40 "$RUN_DIR/app.log" >&2; exit 1
  fi
  curl -fs -o /dev/null --max-time 2 "$BASE/health" && break
  sleep 0.5
done
curl -fs -o /dev/null --max-time 5 "$BASE/health" || { log "no /health after 180 s"; exit 1; }
STARTUP_S=$((SECONDS - T_START))
PG_PORT=$(grep -o 'Embedded PostgreSQL on 127.0.0.1:[0-9]*' "$RUN_DIR/app.log" | head -n 1 | sed 's/.*://')
log "healthy after ${STARTUP_S}s; embedded PostgreSQL on port ${PG_PORT:-?}"

login() {
  python3 "$BENCH_DIR/benchlib.py" login --base "$BASE" --username "$ADMIN_USER" --password "$ADMIN_PASSWORD" \
    --out "$TOKEN_FILE" --timeout 90
}
login

# ------------------------------------------------------------------ phases
declare -A PHASE_S=([startup]=$STARTUP_S)
run_phase() {  # run_phase NAME FUNCTION: in a subshell with set -e; a failed phase is noted, the run goes on
  local name=$1 fn=$2 t0=$SECONDS rc
  log "=== phase $name"
  set +e
  ( set -e; "$fn" )
  rc=$?
  set -e
  PHASE_S[$name]=$((SECONDS - t0))
  if [[ $rc != 0 ]]; then note "phase $name failed (exit $rc); see $RUN_DIR/run.log"; fi
  log "=== phase $name: ${PHASE_S[$name]}s (exit $rc)"
  return 0
}

phase_adjustments() {
  login
  python3 "$BENCH_DIR/benchlib.py" create-items --base "$BASE" --token-file "$TOKEN_FILE" \
    --username "$ADMIN_USER" --password "$ADMIN_PASSWORD" --count 1000 --stock 1000000 \
    --concurrency 8 --timeout 300 --out "$IDS_FILE"
  login
  if [[ $WARMUP -gt 0 ]]; then
    # The first minute of a fresh JVM and a freshly loaded table is not the steady state: the JIT is still
    # compiling, and until autovacuum's first ANALYZE (up to a minute) the planner has no statistics and may
    # look an item up through any index that starts with tenant_id. Both are measured here, then set aside.
    log "warm-up: ${WARMUP}s of stock adjustments (not measured), then ANALYZE"
    timeout $((WARMUP + 90)) wrk -t2 -c32 -d"${WARMUP}s" --timeout 30s -s "$BENCH_DIR/adjust.lua" "$BASE" \
      -- "$TOKEN_FILE" "$IDS_FILE" > "$RUN_DIR/warmup.wrk.log"
    grep -h 'Requests/sec' "$RUN_DIR/warmup.wrk.log" >&2 || true
    python3 "$BENCH_DIR/benchlib.py" wait-projections --base "$BASE" --management "$MANAGEMENT" --token-file "$TOKEN_FILE" \
      --username "$ADMIN_USER" --password "$ADMIN_PASSWORD" --timeout 300 > /dev/null
    [[ -n $PG_PORT ]] && psql_super -d stockade -c "ANALYZE"
    login
  fi
  log "wrk: 2 threads, 32 connections, ${DURATION}s of stock adjustments"
  timeout $((DURATION + 90)) wrk -t2 -c32 -d"${DURATION}s" --timeout 30s -s "$BENCH_DIR/adjust.lua" "$BASE" \
    -- "$TOKEN_FILE" "$IDS_FILE" > "$RUN_DIR/adjust.wrk.log"
  cat "$RUN_DIR/adjust.wrk.log" >&2
  # The writes are acknowledged before the read side sees them: how far behind is it, and for how long?
  python3 "$BENCH_DIR/benchlib.py" wait-projections --base "$BASE" --management "$MANAGEMENT" --token-file "$TOKEN_FILE" \
    --username "$ADMIN_USER" --password "$ADMIN_PASSWORD" --timeout 300 > "$RUN_DIR/adjust_lag.json"
}

phase_fixed_rate() {
  [[ -s $IDS_FILE ]] || { log "no adjustment items"; return 1; }
  login
  local n
  n=$(tr ',' '\n' <<< "$RATES" | grep -c .)
  timeout $((n * (DURATION + 45) + 30)) python3 "$BENCH_DIR/fixed_rate.py" --base "$BASE" --token-file "$TOKEN_FILE" \
    --ids-file "$IDS_FILE" --rates "$RATES" --duration "$DURATION" > "$RUN_DIR/fixed_rate.json"
}

# What the HTTP stack alone costs on this machine: an anonymous GET of /health and a signed-in GET of
# /api/profile (one indexed row), each closed-loop at 32 connections. No adjustment can beat the second.
phase_http_ceiling() {
  login
  local half=$(( DURATION / 2 > 5 ? DURATION / 2 : 5 ))
  log "wrk: 2 threads, 32 connections, ${half}s of GET /health, then ${half}s of GET /api/profile"
  timeout $((half + 60)) wrk -t2 -c32 -d"${half}s" --timeout 30s -s "$BENCH_DIR/ceiling.lua" "$BASE" \
    -- /health > "$RUN_DIR/ceiling_health.wrk.log"
  timeout $((half + 60)) wrk -t2 -c32 -d"${half}s" --timeout 30s -s "$BENCH_DIR/ceiling.lua" "$BASE" \
    -- /api/profile "$TOKEN_FILE" > "$RUN_DIR/ceiling_profile.wrk.log"
  grep -h 'Requests/sec' "$RUN_DIR/ceiling_health.wrk.log" "$RUN_DIR/ceiling_profile.wrk.log" >&2
}

phase_list_query() {
  login
  local fallback_max=10000 fallback_s=$((DURATION * 6 > 60 ? DURATION * 6 : 60))
  [[ $QUICK == 1 ]] && fallback_max=2000
  timeout 1800 python3 "$BENCH_DIR/benchlib.py" load-catalogue --base "$BASE" --token-file "$TOKEN_FILE" \
    --username "$ADMIN_USER" --password "$ADMIN_PASSWORD" --count "$CATALOGUE" --concurrency 32 \
    --timeout 1200 --wait-timeout 600 --fallback-max "$fallback_max" --fallback-seconds "$fallback_s" \
    > "$RUN_DIR/catalogue.json"
  cat "$RUN_DIR/catalogue.json" >&2
  login
  python3 "$BENCH_DIR/benchlib.py" probe-queries --base "$BASE" --token-file "$TOKEN_FILE" --samples 5 \
    > "$RUN_DIR/probe.json"
  cat "$RUN_DIR/probe.json" >&2
  log "wrk: 2 threads, 32 connections, ${DURATION}s of inventory list queries"
  timeout $((DURATION + 90)) wrk -t2 -c32 -d"${DURATION}s" --timeout 30s -s "$BENCH_DIR/list.lua" "$BASE" \
    -- "$TOKEN_FILE" > "$RUN_DIR/list.wrk.log"
  cat "$RUN_DIR/list.wrk.log" >&2
}

phase_baseline() {
  [[ -n $PG_PORT ]] || { log "embedded PostgreSQL port not found in app.log"; return 1; }
  log "pgbench baseline in database $BASELINE_DB on 127.0.0.1:$PG_PORT ($($PGBENCH --version))"
  psql_super -d postgres -c "DROP DATABASE IF EXISTS $BASELINE_DB WITH (FORCE)" -c "CREATE DATABASE $BASELINE_DB"
  psql_super -d postgres -At -c "SELECT 'server ' || version() || ', max_connections ' || current_setting('max_connections')" >&2
  psql_super -d "$BASELINE_DB" -f "$BENCH_DIR/baseline_schema.sql"
  PGPASSWORD=$(cat "$DATA_DIR/postgres/pg-superuser.password") timeout $((DURATION + 90)) \
    "$PGBENCH" -n -f "$BENCH_DIR/baseline.sql" -c 32 -j 2 -T "$DURATION" -M prepared \
    -D user_id=00000000-0000-4000-8000-000000000001 \
    -h 127.0.0.1 -p "$PG_PORT" -U postgres "$BASELINE_DB" > "$RUN_DIR/pgbench.log" 2>&1 \
    || { cat "$RUN_DIR/pgbench.log" >&2; return 1; }
  cat "$RUN_DIR/pgbench.log" >&2
  psql_super -d "$BASELINE_DB" -At -c "SELECT 'baseline rows: transactions ' || count(*) FROM transactions" >&2
}

# The database is created inside a subshell; mark it for the EXIT trap before that.
BASELINE_CREATED=0
run_phase adjustments phase_adjustments
run_phase fixed_rate phase_fixed_rate
run_phase http_ceiling phase_http_ceiling
run_phase list_query phase_list_query
[[ -n $PG_PORT ]] && BASELINE_CREATED=1
run_phase baseline phase_baseline

# ------------------------------------------------------------------ app health after the run
errors_in_log=$(grep -c ' ERROR ' "$RUN_DIR/app.log" || true)
if [[ $errors_in_log -gt 0 ]]; then
  error_kinds=$(awk '/ ERROR /{want=1; next}
    want && /^[A-Za-z_.$]+(Exception|Error)/{i = index($0, ": "); c = i ? substr($0, 1, i - 1) : $0; m = i ? substr($0, i + 2) : "";
      sub(/.*\./, "", c); k[c (m == "" ? "" : " (" substr(m, 1, 90) ")")]++; want=0}
    END{for (x in k) printf "%s x%d; ", x, k[x]}' "$RUN_DIR/app.log")
  note "app.log has $errors_in_log ERROR lines: ${error_kinds:-see app.log}"
fi
warns_in_log=$(grep -c ' WARN ' "$RUN_DIR/app.log" || true)
log "app.log: $errors_in_log ERROR, $warns_in_log WARN lines"

# ------------------------------------------------------------------ result
cut -d' ' -f1-3 /proc/loadavg > "$RUN_DIR/loadavg_end.txt"
{
  printf '{"duration_s": %s, "warmup_s": %s, "catalogue_requested": %s, "rates": "%s", "jar": "%s", "quick": %s, "started_at": "%s"}\n' \
    "$DURATION" "$WARMUP" "$CATALOGUE" "$RATES" "$JAR" "$([[ $QUICK == 1 ]] && echo true || echo false)" "$STARTED_AT"
} > "$RUN_DIR/settings.json"
{
  printf '{'
  sep=
  for k in "${!PHASE_S[@]}"; do printf '%s"%s": %s' "$sep" "$k" "${PHASE_S[$k]}"; sep=', '; done
  printf ', "total": %s}\n' "$SECONDS"
} > "$RUN_DIR/phases.json"
python3 "$BENCH_DIR/benchlib.py" assemble --dir "$RUN_DIR" > "$RUN_DIR/result.json"
cp "$RUN_DIR/result.json" "$RESULTS_DIR/latest.json"
cat "$RUN_DIR/result.json" >&3
