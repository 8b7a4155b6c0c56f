#!/usr/bin/env bash
# Finds the Postgres client programs that can work with a given server: pg_dump refuses a server
# newer than itself ("server version mismatch"), so backup.sh and restore-verify.sh need a pg_dump /
# pg_restore of the server's major version or newer. Machines often have several (Debian keeps each
# in /usr/lib/postgresql/<major>/bin, and only one of them on PATH).
#
#   source db/scripts/pg-tools.sh; pg_pick_tools URL     sets PG_DUMP, PG_RESTORE, PSQL
#   bash db/scripts/pg-tools.sh URL                      prints them, or says what to install (exit 1)
#
# PG_DUMP / PG_RESTORE / PSQL set in the environment are used as they are.

# Every candidate for a program: PATH first, then the usual versioned installs.
pg_candidates() {
  local name="$1"
  type -P "$name" || true
  compgen -G "/usr/lib/postgresql/*/bin/$name" || true # Debian, Ubuntu
  compgen -G "/usr/pgsql-*/bin/$name" || true # RHEL, Fedora (PGDG)
  compgen -G "/opt/homebrew/opt/postgresql@*/bin/$name" || true # Homebrew (Apple silicon)
  compgen -G "/usr/local/opt/postgresql@*/bin/$name" || true # Homebrew (Intel)
  compgen -G "/Applications/Postgres.app/Contents/Versions/*/bin/$name" || true
}

# Major version of a client program ("pg_dump (PostgreSQL) 15.20 (Debian ...)" -> 15).
pg_major_of() {
  "$1" --version 2>/dev/null | sed -nE '1s/^[^0-9]*([0-9]+).*/\1/p'
}

# pg_newest NAME MIN_MAJOR: the path of the newest NAME of major MIN_MAJOR or later.
pg_newest() {
  local name="$1" min="$2" best="" best_major=0 c m
  while IFS= read -r c; do
    [[ -n "$c" && -x "$c" ]] || continue
    m="$(pg_major_of "$c")"
    [[ -n "$m" ]] || continue
    if ((m >= min && m > best_major)); then
      best="$c"
      best_major="$m"
    fi
  done < <(pg_candidates "$name")
  [[ -n "$best" ]] && printf '%s\n' "$best"
}

# What to install for a client of Postgres MAJOR, in one line.
pg_install_hint() {
  echo "install the Postgres $1 client programs (Debian/Ubuntu: apt-get install postgresql-client-$1; macOS: brew install postgresql@$1) or set PG_DUMP, PG_RESTORE and PSQL"
}

# pg_pick_tools URL: sets PSQL, PG_DUMP and PG_RESTORE for the server at URL, or says why not (return 1).
pg_pick_tools() {
  local url="$1" num major
  if [[ -z "${PSQL:-}" ]]; then
    PSQL="$(pg_newest psql 0)" || {
      echo "no psql found: $(pg_install_hint 15)" >&2
      return 1
    }
  fi
  num="$("$PSQL" "$url" -qAtX -c "show server_version_num")" || {
    echo "could not ask the server its version with $PSQL" >&2
    return 1
  }
  major=$((num / 10000))
  local tool var found
  for tool in pg_dump pg_restore; do
    var="$(echo "$tool" | tr '[:lower:]' '[:upper:]')"
    [[ -n "${!var:-}" ]] && continue
    found="$(pg_newest "$tool" "$major")" || {
      local have
      have="$(pg_candidates "$tool" | while IFS= read -r c; do if [[ -x "$c" ]]; then pg_major_of "$c"; fi; done | sort -un | tr '\n' ' ')" || true
      have="${have% }"
      echo "the server is Postgres $major and no $tool of $major or newer is here (found: ${have:-none}); $(pg_install_hint "$major")" >&2
      return 1
    }
    printf -v "$var" '%s' "$found"
  done
  export PSQL PG_DUMP PG_RESTORE
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  pg_pick_tools "${1:-${DATABASE_URL:?give a connection string}}"
  printf 'PSQL=%s\nPG_DUMP=%s\nPG_RESTORE=%s\n' "$PSQL" "$PG_DUMP" "$PG_RESTORE"
fi
