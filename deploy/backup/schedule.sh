#!/usr/bin/env bash
# Backups that run themselves: the compose `backup` service runs this in a loop (no host cron).
# Every CHECK_EVERY_SECONDS it takes a full pgBackRest backup when the newest full one is older than
# FULL_EVERY_DAYS (or there is none), else a differential when the newest backup of any type is
# older than DIFF_EVERY_HOURS; pgBackRest then expires what the retention settings no longer need.
# After every check it writes the backup-age metric for node_exporter's textfile collector:
#   imtihon_backup_last_success_timestamp_seconds{type}   (alert ImtihonBackupTooOld)
#   imtihon_backup_last_run_failed                        (1 when the last attempted backup failed)
#   imtihon_backup_repo_size_bytes                        (what the repository holds)
# WAL is archived continuously by Postgres itself (archive_command, deploy/postgres.conf).
#
#   deploy/backup/schedule.sh           loop forever (the compose service)
#   deploy/backup/schedule.sh --once    one check, one backup if due, metrics (ops:pitr-drill uses it)
# pgBackRest reads its settings from PGBACKREST_CONFIG (default /etc/pgbackrest/pgbackrest.conf).
set -euo pipefail

STANZA="${STANZA:-imtihon}"
FULL_EVERY_DAYS="${FULL_EVERY_DAYS:-7}"
DIFF_EVERY_HOURS="${DIFF_EVERY_HOURS:-24}"
CHECK_EVERY_SECONDS="${CHECK_EVERY_SECONDS:-300}"
TEXTFILE_DIR="${TEXTFILE_DIR:-/textfile}"

pgbr() { pgbackrest --stanza="$STANZA" "$@"; }
say() { printf '%s backup-schedule: %s\n' "$(date -u +%FT%TZ)" "$*"; }

# Newest stop time (epoch seconds) of a backup type, or of any type with "any"; 0 when none.
newest() {
  jq -r --arg t "$1" '[.[0].backup[]? | select($t == "any" or .type == $t) | .timestamp.stop] | max // 0' <<<"$2"
}

# full, diff or none
due() {
  local info="$1" now full any
  now=$(date +%s)
  full=$(newest full "$info")
  any=$(newest any "$info")
  if ((now - full > FULL_EVERY_DAYS * 86400)); then
    echo full
  elif ((now - any > DIFF_EVERY_HOURS * 3600)); then
    echo diff
  else
    echo none
  fi
}

write_metrics() {
  local info="$1" failed="$2" out="$TEXTFILE_DIR/imtihon_backup.prom"
  mkdir -p "$TEXTFILE_DIR"
  {
    echo "# HELP imtihon_backup_last_success_timestamp_seconds End of the newest pgBackRest backup of each type."
    echo "# TYPE imtihon_backup_last_success_timestamp_seconds gauge"
    jq -r '.[0].backup // [] | group_by(.type)[] |
      "imtihon_backup_last_success_timestamp_seconds{type=\"\(.[0].type)\"} \(map(.timestamp.stop) | max)"' <<<"$info"
    echo "# HELP imtihon_backup_last_run_failed 1 when the last backup this scheduler attempted failed."
    echo "# TYPE imtihon_backup_last_run_failed gauge"
    echo "imtihon_backup_last_run_failed $failed"
    echo "# HELP imtihon_backup_repo_size_bytes Bytes the pgBackRest repository holds for the stanza's backups."
    echo "# TYPE imtihon_backup_repo_size_bytes gauge"
    echo "imtihon_backup_repo_size_bytes $(jq -r '[.[0].backup[]?.info.repository.delta] | add // 0' <<<"$info")"
  } >"$out.tmp"
  # Renamed into place: the collector never reads half a file.
  mv "$out.tmp" "$out"
}

failed=0
check_once() {
  local info type
  info=$(pgbr info --output=json)
  type=$(due "$info")
  if [[ "$type" != none ]]; then
    say "taking a $type backup"
    if pgbr backup --type="$type"; then
      failed=0
      say "$type backup done"
    else
      failed=1
      say "$type backup FAILED"
    fi
    info=$(pgbr info --output=json)
  fi
  write_metrics "$info" "$failed"
}

# Creating the stanza is idempotent; it needs Postgres up, so retry until it answers.
until pgbr stanza-create; do
  [[ "${1:-}" == --once ]] && exit 1
  say "stanza-create failed; retrying in 10 s"
  sleep 10
done

if [[ "${1:-}" == --once ]]; then
  check_once
  exit "$failed"
fi
while true; do
  check_once || say "check failed"
  sleep "$CHECK_EVERY_SECONDS"
done
