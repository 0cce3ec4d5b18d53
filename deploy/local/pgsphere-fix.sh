#!/usr/bin/env bash
# The pgSphere fix, applied by install.sh to the machine's PostgreSQL and by deploy/images/build-postgres.sh to the
# PostgreSQL image's root file system:
#   pgsphere-fix.sh [EXTENSION_SCRIPT]     (default: this machine's /usr/share/postgresql/15/extension/pg_sphere--1.2.0.sql)
# Debian's pgSphere 1.2.0 script fails on PostgreSQL >= 15.10 ("commutator operator @> is already the commutator
# of operator <@", postgrespro/pgsphere issues 85, 92). Upstream's fix: the two obsolete `@` operators on smoc
# lose their COMMUTATOR '@>' / NEGATOR '!<@'. Only lines inside `CREATE OPERATOR @ (` blocks are touched; the
# original is kept beside it as .orig. Idempotent; does nothing when the script is absent or already fixed.
set -euo pipefail

SPHERE_SQL="${1:-/usr/share/postgresql/15/extension/pg_sphere--1.2.0.sql}"
[ -f "$SPHERE_SQL" ] || exit 0
patched="$(mktemp)"
trap 'rm -f "$patched"' EXIT
awk '
  /^CREATE OPERATOR @ \(/          { in_at = 1 }
  in_at && /COMMUTATOR *= *.@>./   { next }
  in_at && /NEGATOR *= *.!<@./     { next }
  in_at && /^\);/                  { in_at = 0 }
                                   { print }
' "$SPHERE_SQL" > "$patched"
if ! cmp -s "$patched" "$SPHERE_SQL"; then
  echo "pgsphere-fix: patching $SPHERE_SQL (backup in .orig)"
  [ -f "$SPHERE_SQL.orig" ] || cp -p "$SPHERE_SQL" "$SPHERE_SQL.orig"
  # cat keeps the file's owner and mode
  cat "$patched" > "$SPHERE_SQL"
fi
