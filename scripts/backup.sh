#!/usr/bin/env bash
# Back up the database and the uploaded media into one timestamped folder.
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/wissensnetz/media scripts/backup.sh [BACKUP_DIR]
#
# Writes BACKUP_DIR/<UTC time>/ (BACKUP_DIR default: ./backups) with
#   database.dump  pg_dump's custom format (compressed; restore with scripts/restore.sh)
#   media.tar.gz   everything under MEDIA_ROOT
#   SHA256SUMS     checksums of both, checked before a restore
# and prints the folder's path. A folder appears under its final name only
# when complete, so a failed or interrupted backup never looks like a good one.
# The dump is consistent on its own (one snapshot); uploads made while it
# runs may or may not be in the media archive, which is harmless: a file
# without a database row is never shown.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:5432/name)}"
case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *)
        echo "backup.sh backs up PostgreSQL only; for SQLite copy db.sqlite3 with sqlite3 .backup" >&2
        exit 2
        ;;
esac
MEDIA_ROOT=${MEDIA_ROOT:-media}
backup_dir=${1:-${BACKUP_DIR:-backups}}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$backup_dir/$stamp"
partial="$target.partial"
mkdir -p "$partial"
trap 'rm -rf "$partial"' EXIT

pg_dump --dbname="$DATABASE_URL" --format=custom --file="$partial/database.dump"

if [ -d "$MEDIA_ROOT" ]; then
    tar -C "$MEDIA_ROOT" -czf "$partial/media.tar.gz" .
else
    echo "MEDIA_ROOT $MEDIA_ROOT does not exist: the media archive is empty." >&2
    tar -czf "$partial/media.tar.gz" -T /dev/null
fi

(cd "$partial" && sha256sum database.dump media.tar.gz > SHA256SUMS)
mv "$partial" "$target"
trap - EXIT
echo "$target"
