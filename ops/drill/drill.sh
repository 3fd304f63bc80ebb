#!/usr/bin/env bash
# Stockade backup and recovery drill (issue 16). See "Operations" in the README.
#
#   drill.sh backup    --db NAME --out DIR            back up everything but the read models
#   drill.sh restore   --from DIR --db NAME --owner ROLE [--app ROLE]
#                                                     restore into a new, empty database
#   drill.sh await     --management URL [--timeout S] wait until every processor has replayed to the head
#   drill.sh checksums --db NAME                      one line per read-model table: name, rows, checksum
#   drill.sh compare   --db NAME --expected FILE      fail (exit 1) when any read-model table differs
#   drill.sh pitr      [--work DIR] [--events N]      point-in-time recovery on a scratch cluster; prints RPO
#
# PostgreSQL is reached through libpq's own variables (PGHOST, PGPORT, PGUSER, PGPASSWORD). Backup, checksums
# and compare need a role that bypasses row-level security (a superuser, or a backup role with BYPASSRLS):
# the read tables FORCE their tenant policy even on their owner. The Debian client tools of the server's
# major version are used (pg_dump refuses a newer server).
set -euo pipefail
export PGTZ=UTC LC_ALL=C

# Processors whose position must survive a restore. The saga raises alerts (commands, new events) and
# alerts-mail writes to people: starting them from the beginning would act on history a second time.
# Their state (axon.saga_entry, command.email_outbox) is backed up in the same snapshot as their tokens.
# __config is the token store's own identity row.
KEEP_TOKENS=(__config LowStockAlertSagaProcessor alerts-mail)
# Projections: their tables are left out of the backup and rebuilt by replaying the event store.
REPLAYED=(inventory-items inventory-ledger category-tree identity-users security-events audit-index
    audit-asof dashboard-trends alerts-notifications alerts-items reporting)
# The schemas that hold read models, and the tables in them that are not projections: the audit access
# log is a record of reads, which nothing can rebuild (it is backed up), and Flyway's history.
READ_SCHEMAS=(read alerting)
NOT_READ_MODELS=(read.audit_access read.flyway_history alerting.flyway_history)
# Columns left out of the comparison, as table:column. None so far: every projection writes values taken
# from its events (event timestamps, never now()), and no read-model table has a generated key, so a
# rebuilt table equals the original byte for byte. Add one here only with the reason next to it.
IGNORED_COLUMNS=()

die() { echo "drill: $*" >&2; exit 2; }
log() { echo "drill: $*" >&2; }
PSQL=(psql -X -q -At -v ON_ERROR_STOP=1)

sql_list() { # quoted, comma-separated SQL literals
    local out="" v
    for v in "$@"; do out+="${out:+,}'${v//\'/\'\'}'"; done
    echo "$out"
}

# The read-model tables of a database, as schema.table, one a line (query, for use inside a session).
read_model_tables_sql() {
    cat <<SQL
select n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p') and n.nspname in ($(sql_list "${READ_SCHEMAS[@]}"))
   and n.nspname || '.' || c.relname not in ($(sql_list "${NOT_READ_MODELS[@]}"))
 order by 1;
SQL
}

# Rows and an order-independent checksum per read-model table: md5 over the sorted md5s of each row as
# canonical JSON (jsonb orders keys), minus the ignored columns. Emitted as queries for \gexec.
checksum_sql() {
    local ignored=""
    local pair
    for pair in "${IGNORED_COLUMNS[@]+"${IGNORED_COLUMNS[@]}"}"; do ignored+="${ignored:+,}('${pair%%:*}','${pair#*:}')"; done
    cat <<SQL
with t as ($(read_model_tables_sql | sed 's/;$//')), ig(tab, col) as (values ${ignored:-(null::text, null::text)})
select format('select %L, count(*), coalesce(md5(string_agg(h, '''' order by h)), ''-'') from (select md5((to_jsonb(r) - %L::text[])::text) h from %s r) x',
              t."?column?", coalesce((select array_agg(col) from ig where ig.tab = t."?column?"), '{}'::text[]), t."?column?")
  from t order by 1
\gexec
SQL
}

cmd_backup() {
    local db="" out=""
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --db) db="$2"; shift 2 ;;
            --out) out="$2"; shift 2 ;;
            *) die "backup: unknown option $1" ;;
        esac
    done
    [[ -n "$db" && -n "$out" ]] || die "backup needs --db and --out"
    mkdir -p "$out"
    local started=$SECONDS
    # One snapshot for everything: the dump, the kept tokens and the read models' reference checksums. A
    # session holds it open (pg_export_snapshot) while pg_dump and the copies read from it.
    coproc SNAP { "${PSQL[@]}" -d "$db" 2>&1; }
    local to="${SNAP[1]}" from="${SNAP[0]}"
    echo "begin isolation level repeatable read read only; select pg_export_snapshot();" >&"$to"
    local snapshot
    read -r snapshot <&"$from"
    [[ "$snapshot" =~ ^[0-9A-F-]+$ ]] || die "could not export a snapshot: $snapshot"
    run_in_snapshot() { # sends SQL to the session, waits for its end marker; fails on any output but the marker
        local line
        printf '%s\n\\echo __done__\n' "$1" >&"$to"
        while read -r line <&"$from"; do
            [[ "$line" == "__done__" ]] && return 0
            echo "$line"
        done
        die "the snapshot session ended"
    }

    local unknown
    unknown=$(run_in_snapshot "select distinct processor_name from axon.token_entry where processor_name not in ($(sql_list "${KEEP_TOKENS[@]}" "${REPLAYED[@]}")) order by 1;")
    if [[ -n "$unknown" ]]; then
        die "processors neither kept nor replayed (classify them in $0): $(echo $unknown)"
    fi
    local tables
    tables=$(run_in_snapshot "$(read_model_tables_sql)")
    local exclude=()
    local t
    for t in $tables; do exclude+=("--exclude-table-data=$t"); done
    exclude+=(--exclude-table-data=axon.token_entry --exclude-table-data=axon.dead_letter_entry)

    pg_dump -d "$db" --snapshot="$snapshot" -Fc -Z 6 "${exclude[@]}" -f "$out/stockade.dump"
    local keep
    keep=$(sql_list "${KEEP_TOKENS[@]}")
    # Without their owner: the restored system's nodes claim them at once instead of waiting out the old claim.
    run_in_snapshot "\\copy (select processor_name, segment, token, token_type, timestamp, null as owner from axon.token_entry where processor_name in ($keep)) to '$out/token_entry.csv' csv header" >/dev/null
    run_in_snapshot "\\copy (select * from axon.dead_letter_entry where processing_group in ($keep)) to '$out/dead_letter_entry.csv' csv header" >/dev/null
    run_in_snapshot "select max(global_index) from axon.domain_event_entry;" >"$out/head"
    run_in_snapshot "$(checksum_sql)" >"$out/read-models.tsv"
    echo "commit;" >&"$to"
    echo '\q' >&"$to"
    wait "$SNAP_PID" 2>/dev/null || true
    log "backup of $db in $out: $(du -sh "$out" | cut -f1), event store head $(cat "$out/head"), $((SECONDS - started)) s"
}

cmd_restore() {
    local from="" db="" owner="" app=""
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --from) from="$2"; shift 2 ;;
            --db) db="$2"; shift 2 ;;
            --owner) owner="$2"; shift 2 ;;
            --app) app="$2"; shift 2 ;;
            *) die "restore: unknown option $1" ;;
        esac
    done
    [[ -n "$from" && -n "$db" && -n "$owner" ]] || die "restore needs --from, --db and --owner"
    [[ -f "$from/stockade.dump" ]] || die "no stockade.dump in $from"
    local started=$SECONDS
    createdb -O "$owner" -E UTF8 "$db"
    "${PSQL[@]}" -d postgres -c "revoke all on database \"$db\" from public"
    if [[ -n "$app" ]]; then
        "${PSQL[@]}" -d postgres -c "grant connect on database \"$db\" to \"$app\""
    fi
    # Everything becomes the owner's (it runs the migrations); the application role's rights are granted
    # again by the application's start-up, so the dump's role names need not exist on the new cluster.
    pg_restore -d "$db" --exit-on-error --no-owner --no-privileges --role="$owner" -j 2 "$from/stockade.dump"
    "${PSQL[@]}" -d "$db" <<SQL
set role "$owner";
\\copy axon.token_entry from '$from/token_entry.csv' csv header
\\copy axon.dead_letter_entry from '$from/dead_letter_entry.csv' csv header
SQL
    # What the README asks a superuser to run once per database (trigram searches under row-level security).
    "${PSQL[@]}" -d "$db" -c 'alter function pg_catalog.textlike(text, text) leakproof' \
        || log "could not mark textlike LEAKPROOF (needs a superuser): searches will not use their indexes"
    log "restored $from into $db in $((SECONDS - started)) s; start Stockade on it to replay the projections"
}

cmd_await() {
    local url="" timeout=600
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --management) url="$2"; shift 2 ;;
            --timeout) timeout="$2"; shift 2 ;;
            *) die "await: unknown option $1" ;;
        esac
    done
    [[ -n "$url" ]] || die "await needs --management"
    local deadline=$((SECONDS + timeout)) body behind
    while ((SECONDS < deadline)); do
        if body=$(curl -fsS "$url/actuator/processors" 2>/dev/null); then
            # Every projection present with a position, none behind the head, still replaying or in error.
            behind=$(python3 -c '
import json, sys
ps = {p["name"]: p for p in json.load(sys.stdin)["processors"]}
late = [n for n in sys.argv[1:] if n not in ps]
# A replay token stays a replay token until the processor handles an event past the point it was reset at; with no
# new event after the restore, a processor that has handled everything up to it (100 %) is done.
def replay_done(p):
    return all(s.get("replayPercent") == 100 for s in p.get("segments") or [])
late += [n for n, p in ps.items()
         if p.get("lag") is None or p["lag"] != 0 or (p.get("replaying") and not replay_done(p)) or p.get("error")]
print(" ".join(sorted(set(late))))' "${REPLAYED[@]}" <<<"$body")
            if [[ -z "$behind" ]]; then
                log "every processor is at the head"
                return 0
            fi
        fi
        sleep 0.5
    done
    die "processors still behind after ${timeout} s: ${behind:-no answer from $url}"
}

cmd_checksums() {
    local db=""
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --db) db="$2"; shift 2 ;;
            *) die "checksums: unknown option $1" ;;
        esac
    done
    [[ -n "$db" ]] || die "checksums needs --db"
    "${PSQL[@]}" -d "$db" <<<"$(checksum_sql)"
}

cmd_compare() {
    local db="" expected=""
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --db) db="$2"; shift 2 ;;
            --expected) expected="$2"; shift 2 ;;
            *) die "compare: unknown option $1" ;;
        esac
    done
    [[ -n "$db" && -f "$expected" ]] || die "compare needs --db and --expected FILE"
    local actual
    actual=$(cmd_checksums --db "$db")
    if diff <(cat "$expected") <(echo "$actual") >/dev/null; then
        log "read models equal: $(wc -l <"$expected") tables, $(awk -F'|' '{s += $2} END {print s}' "$expected") rows"
        return 0
    fi
    echo "table|rows expected|rows restored|checksum expected|checksum restored"
    join -t'|' -a1 -a2 -e '(missing)' -o 0,1.2,2.2,1.3,2.3 <(sort "$expected") <(echo "$actual" | sort) \
        | awk -F'|' '$2 != $3 || $4 != $5'
    log "read models differ from the backup's"
    return 1
}

case "${1:-}" in
    backup) shift; cmd_backup "$@" ;;
    restore) shift; cmd_restore "$@" ;;
    await) shift; cmd_await "$@" ;;
    checksums) shift; cmd_checksums "$@" ;;
    compare) shift; cmd_compare "$@" ;;
    pitr) shift; exec "$(dirname "$0")/pitr.sh" "$@" ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
