#!/usr/bin/env bash
# Restores a backup into a FRESH database and proves it exact: every table's row count and the md5
# of the answers table (ordered by key) must equal the manifest recorded at backup time.
#
#   db/scripts/restore-verify.sh DUMP_FILE [SERVER_URL] [--drop]
#
# SERVER_URL (default $DATABASE_URL) is any connection string to the server that receives the copy;
# the copy is named imtihon_restore_<UTC time>. --drop removes it after a successful check (drills
# keep it to look around). Exit 0: verified; 1: mismatch or failure.
set -euo pipefail

dump="${1:?give the dump file (from backup.sh)}"
url="${2:-${DATABASE_URL:?give DATABASE_URL or a server connection string}}"
drop="${3:-}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# pg_restore of the server's major version or later, as backup.sh picks pg_dump (PG_RESTORE / PSQL override).
# shellcheck source=pg-tools.sh
source "$here/pg-tools.sh"
pg_pick_tools "$url" || { echo "restore-verify: no usable pg_restore (see above)" >&2; exit 1; }
manifest_file="$dump.manifest.json"
[[ -f "$dump" && -f "$manifest_file" ]] || { echo "restore-verify: need $dump and $manifest_file" >&2; exit 1; }

name="imtihon_restore_$(date -u +%Y%m%d%H%M%S)_$$"
base="${url%%\?*}"
query="${url#"$base"}"
target="${base%/*}/$name$query"

"$PSQL" "$url" -qAtX -v ON_ERROR_STOP=1 -c "create database $name"
echo "restore-verify: restoring into $name" >&2
"$PG_RESTORE" --no-owner --no-privileges --exit-on-error --jobs=2 --dbname="$target" "$dump"

expected="$(cat "$manifest_file")"
actual="$("$PSQL" "$target" -qAtX -v ON_ERROR_STOP=1 -f "$here/manifest.sql")"
if [[ "$expected" != "$actual" ]]; then
  echo "restore-verify: MISMATCH" >&2
  echo "  expected: $expected" >&2
  echo "  restored: $actual" >&2
  exit 1
fi
echo "restore-verify: verified $name: $actual"
if [[ "$drop" == "--drop" ]]; then
  "$PSQL" "$url" -qAtX -v ON_ERROR_STOP=1 -c "drop database $name with (force)"
fi
