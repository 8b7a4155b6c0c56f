#!/usr/bin/env bash
# Logical backup of the Imtihon database: `pg_dump -Fc` plus a manifest (row counts per table and an
# md5 of the answers table) taken in the SAME snapshot, so restore-verify.sh can prove the restore
# is exact even when the backup ran during an exam.
#
#   db/scripts/backup.sh [DATABASE_URL] [OUT_FILE]
#
# Defaults: $DATABASE_URL, backups/imtihon-<UTC time>.dump. Writes OUT_FILE and OUT_FILE.manifest.json,
# prints OUT_FILE. The pg_dump and pg_restore used are the newest on the machine of the server's major
# version or later (pg-tools.sh looks on PATH and in /usr/lib/postgresql/*/bin and the like); it says
# what to install when there is none. PG_DUMP / PG_RESTORE / PSQL set in the environment override.
set -euo pipefail

url="${1:-${DATABASE_URL:?give DATABASE_URL or a connection string as the first argument}}"
out="${2:-backups/imtihon-$(date -u +%Y%m%dT%H%M%SZ).dump}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=pg-tools.sh
source "$here/pg-tools.sh"
pg_pick_tools "$url" || { echo "backup: no usable pg_dump (see above)" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
partial="$out.partial"
trap 'rm -f "$partial" "$partial.manifest"' EXIT

# A repeatable-read transaction exports its snapshot; pg_dump and the manifest both read that snapshot.
coproc SNAP { "$PSQL" "$url" -qAtX -v ON_ERROR_STOP=1; }
# bash unsets SNAP_PID as soon as the coprocess ends (it may end before we wait): keep it.
snap_pid=$SNAP_PID
echo "begin isolation level repeatable read read only; select pg_export_snapshot();" >&"${SNAP[1]}"
IFS= read -r snapshot <&"${SNAP[0]}"
[[ -n "$snapshot" ]] || { echo "backup: could not export a snapshot" >&2; exit 1; }

"$PG_DUMP" --format=custom --compress=6 --no-owner --no-privileges --snapshot="$snapshot" \
  --dbname="$url" --file="$partial"

{ grep -v '^--' "$here/manifest.sql" | tr '\n' ' '; echo; } >&"${SNAP[1]}"
IFS= read -r manifest <&"${SNAP[0]}"
printf 'commit;\n\\q\n' >&"${SNAP[1]}"
wait "$snap_pid" 2>/dev/null || true

[[ "$manifest" == \{* ]] || { echo "backup: manifest query failed: $manifest" >&2; exit 1; }
# The archive must be readable before it replaces anything.
"$PG_RESTORE" --list "$partial" >/dev/null
printf '%s\n' "$manifest" >"$partial.manifest"
mv "$partial" "$out"
mv "$partial.manifest" "$out.manifest.json"
echo "$out"
