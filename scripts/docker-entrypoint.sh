#!/bin/sh
# The container's entrypoint: migrations only when asked, then the command
# (gunicorn by default) as PID 1, so that it gets the container's signals.
#
# MIGRATE_ON_START=1 runs `migrate --noinput` first. Set it on one container
# per deploy (compose: the one-shot `migrate` service), never on every
# replica: replicas starting together would run the same migrations at once.
set -eu

if [ "${MIGRATE_ON_START:-0}" = 1 ]; then
    python manage.py migrate --noinput
fi

exec "$@"
