#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an empty database and an
# empty media folder.
#
#   createdb wissensnetz_restored
#   DATABASE_URL=postgres://…/wissensnetz_restored MEDIA_ROOT=/srv/wissensnetz/media \
#       scripts/restore.sh backups/20250101T020000Z
#
# Refuses a database that already has tables and a media folder that already
# has files: a restore never merges into a running installation. The
# checksums are checked first; the database is restored in one transaction,
# so it is either complete or untouched. Owners and privileges are not
# restored: the user in DATABASE_URL owns what it creates.
set -euo pipefail

backup=${1:?usage: scripts/restore.sh BACKUP_FOLDER}
: "${DATABASE_URL:?set DATABASE_URL to the empty database to restore into}"
MEDIA_ROOT=${MEDIA_ROOT:-media}

(cd "$backup" && sha256sum --check --quiet SHA256SUMS)

tables=$(psql "$DATABASE_URL" --no-psqlrc --tuples-only --no-align --command \
    "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
if [ "$tables" != 0 ]; then
    echo "The database in DATABASE_URL has $tables tables; restore into an empty one (createdb)." >&2
    exit 1
fi
if [ -d "$MEDIA_ROOT" ] && [ -n "$(find "$MEDIA_ROOT" -mindepth 1 -print -quit)" ]; then
    echo "MEDIA_ROOT $MEDIA_ROOT is not empty; restore into an empty folder." >&2
    exit 1
fi

pg_restore --dbname="$DATABASE_URL" --no-owner --no-privileges --single-transaction \
    --exit-on-error "$backup/database.dump"

mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$backup/media.tar.gz"
echo "Restored $backup into the database and $MEDIA_ROOT."
