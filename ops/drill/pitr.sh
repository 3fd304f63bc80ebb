#!/usr/bin/env bash
# Point-in-time recovery from archived WAL, shown on a scratch PostgreSQL cluster (issue 16).
#
#   pitr.sh [--work DIR] [--seconds S] [--archive-timeout S] [--keep]
#
# 1. initdb a scratch cluster with continuous archiving (archive_mode=on, archive_command copying each
#    finished WAL segment into DIR/archive, archive_timeout forcing a segment switch at least every S s);
# 2. take a base backup (pg_basebackup);
# 3. write for --seconds: one committed row every 100 ms into pitr.probe (sequence and commit time), pick a
#    target time half-way;
# 4. lose the server (kill -9 and delete its data directory);
# 5. recover the base backup to the target time (recovery_target_time): every row committed up to it, none after;
# 6. recover the base backup to the end of the archive: the measured RPO is the commit time of the last row
#    written minus that of the last row recovered (bounded by archive_timeout: the unarchived tail is lost).
#
# PostgreSQL refuses to run as root: as root, every server command runs as the system user PITR_USER
# (default postgres, Debian's, else nobody) through setpriv. Binaries: the newest /usr/lib/postgresql/*/bin.
set -euo pipefail
export LC_ALL=C TZ=UTC
unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE

work="" seconds=20 archive_timeout=5 keep=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --work) work="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --archive-timeout) archive_timeout="$2"; shift 2 ;;
        --keep) keep=true; shift ;;
        *) echo "pitr: unknown option $1" >&2; exit 2 ;;
    esac
done

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[[ -x "$bin/initdb" ]] || { echo "pitr: no PostgreSQL server binaries under /usr/lib/postgresql" >&2; exit 2; }
as_server=()
owner=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
    owner=${PITR_USER:-$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)}
    as_server=(setpriv --reuid="$(id -u "$owner")" --regid="$(id -g "$owner")" --clear-groups --)
fi
# Not under a mode-700 directory such as /root: the server user must reach it.
work=${work:-$(mktemp -d /tmp/stockade-pitr.XXXXXX)}
mkdir -p "$work"/archive
chmod 755 "$work"
chown -R "$owner" "$work"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log() { echo "pitr: $*" >&2; }
server() { "${as_server[@]}" "$@"; }
sql() { "$bin/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }

pids=()
stop_all() {
    local d
    for d in "$work"/primary "$work"/to-time "$work"/to-end; do
        [[ -f "$d/postmaster.pid" ]] && server "$bin/pg_ctl" -D "$d" stop -m immediate >/dev/null 2>&1 || true
    done
    for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done
    if [[ "$keep" == false ]]; then rm -rf "$work"; fi
}
trap stop_all EXIT

start() { # data directory; waits until it accepts connections
    server "$bin/pg_ctl" -D "$1" -w -t 120 -l "$1.log" -o "-p $port" start >/dev/null
}

t0=$(date +%s.%N)
server "$bin/initdb" -D "$work/primary" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
cat >>"$work/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $work/archive/%f && cp %p $work/archive/%f.tmp && mv $work/archive/%f.tmp $work/archive/%f'
archive_timeout = ${archive_timeout}s
CONF
start "$work/primary"
sql -c "create schema pitr; create table pitr.probe (seq bigint primary key, committed_at timestamptz not null default clock_timestamp())"
sql -c "insert into pitr.probe (seq) values (0)"

server "$bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$work/base" -X stream -c fast
log "base backup taken ($(du -sh "$work/base" | cut -f1))"

# One commit every 100 ms from one session; the target is taken half-way, from the server's own clock.
rows=$((seconds * 10))
{
    for ((i = 1; i <= rows; i++)); do
        echo "insert into pitr.probe (seq) values ($i);"
        echo "select pg_sleep(0.1);"
    done
} | sql >/dev/null &
writer=$!
pids+=("$writer")
sleep "$(python3 -c "print($seconds / 2)")"
target=$(sql -c "select clock_timestamp()")
wait "$writer"
read -r last_seq last_at <<<"$(sql -F ' ' -c "select seq, committed_at from pitr.probe order by seq desc limit 1")"
expected_to_target=$(sql -c "select count(*) from pitr.probe where committed_at <= '$target'")

# The disaster: the server and its disk are gone; the base backup and the archive remain.
kill -9 "$(head -1 "$work/primary/postmaster.pid")"
lost_at=$(date -u +%FT%T.%N)
rm -rf "$work/primary"
log "primary lost at $lost_at; last row committed: $last_seq at $last_at; archive holds $(ls "$work/archive" | grep -vc '\.tmp$') WAL files"

recover() { # name, extra recovery settings; prints seconds taken
    local dir="$work/$1" begun
    begun=$(date +%s.%N)
    cp -a "$work/base" "$dir"
    cat >>"$dir/postgresql.conf" <<CONF
archive_mode = off
restore_command = 'cp $work/archive/%f %p'
recovery_target_action = 'promote'
$2
CONF
    touch "$dir/recovery.signal"
    chown -R "$owner" "$dir"
    start "$dir"
    until [[ "$(sql -c 'select pg_is_in_recovery()' 2>/dev/null)" == "f" ]]; do sleep 0.2; done
    python3 -c "print(round($(date +%s.%N) - $begun, 1))"
}

took=$(recover to-time "recovery_target_time = '$target'")
got_to_target=$(sql -c "select count(*) from pitr.probe")
after_target=$(sql -c "select count(*) from pitr.probe where committed_at > '$target'")
server "$bin/pg_ctl" -D "$work/to-time" stop -m fast >/dev/null
log "recovered to $target in $took s: $got_to_target rows (expected $expected_to_target), $after_target after the target"
if [[ "$got_to_target" != "$expected_to_target" || "$after_target" != "0" ]]; then
    echo "pitr: FAILED: recovery to the target time is not exact" >&2
    exit 1
fi

took_end=$(recover to-end "")
read -r end_seq end_at <<<"$(sql -F ' ' -c "select seq, committed_at from pitr.probe order by seq desc limit 1")"
server "$bin/pg_ctl" -D "$work/to-end" stop -m fast >/dev/null
rpo=$(sql_free_rpo() { python3 - "$last_at" "$end_at" <<'PY'
import sys
from datetime import datetime
def parse(s):
    s = s.replace(" ", "T")
    if s[-3] in "+-" and ":" not in s[-3:]:
        s += ":00"
    return datetime.fromisoformat(s)
print(round((parse(sys.argv[1]) - parse(sys.argv[2])).total_seconds(), 2))
PY
}; sql_free_rpo)
total=$(python3 -c "print(round($(date +%s.%N) - $t0, 1))")
echo "pitr: recovered to the end of the archive in $took_end s: last row $end_seq of $last_seq (committed at $end_at)"
echo "pitr: RPO measured: $rpo s of committed writes lost ($((last_seq - end_seq)) rows), archive_timeout ${archive_timeout} s"
echo "pitr: point-in-time recovery exact: $got_to_target rows up to $target, none after; whole run $total s"
