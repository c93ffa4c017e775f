#!/usr/bin/env bash
# wagtail/bakerydemo beside this project, as the yardstick of scripts/benchmark_compare.py.
#
#   scripts/bakerydemo_setup.sh [setup] [DIR]        clone, virtualenv, database, demo data, static
#   scripts/bakerydemo_setup.sh serve DIR PORT       gunicorn on 127.0.0.1:PORT (runs in the foreground)
#   scripts/bakerydemo_setup.sh run DIR COMMAND...   a command in its virtualenv, with its environment
#
# DIR defaults to /work/ext/bakerydemo. Its code is not ours and is never copied into
# this repository: it is cloned to DIR, from BAKERYDEMO_REPO (default: the local mirror
# /work/.mirror/wagtail+bakerydemo/repo when present, else GitHub).
#
# As bakerydemo runs in production (its readme, settings/production.py): the production
# settings (DEBUG off, whitenoise for static files, the console mail backend), its own
# virtualenv with Python 3.12 and its requirements/base.txt (Wagtail 7.4, Django 6.0),
# plus from requirements/production.txt only what those settings import without any
# cloud variables (psycopg, whitenoise), and gunicorn instead of uwsgi (which would have
# to be compiled), with the same workers and threads as ours (gunicorn.conf.py: 2 × 4
# here). PostgreSQL database BAKERYDEMO_DATABASE_URL (default bench_bakery on
# 127.0.0.1), created if missing; the demo data is loaded once (`load_initial_data`).
# Without REDIS_URL its cache is local memory; it has no page cache.
set -euo pipefail

command="setup"
case "${1:-}" in
    setup | serve | run)
        command="$1"
        shift
        ;;
esac
DIR="$(realpath -m "${1:-/work/ext/bakerydemo}")"
[ $# -gt 0 ] && shift

MIRROR=/work/.mirror/wagtail+bakerydemo/repo
if [ -z "${BAKERYDEMO_REPO:-}" ]; then
    if [ -d "$MIRROR" ]; then BAKERYDEMO_REPO="$MIRROR"; else BAKERYDEMO_REPO=https://github.com/wagtail/bakerydemo.git; fi
fi

export DJANGO_SETTINGS_MODULE=bakerydemo.settings.production
export DATABASE_URL="${BAKERYDEMO_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench_bakery}"
export DJANGO_SECRET_KEY="${BAKERYDEMO_SECRET_KEY:-benchmark-only-not-a-secret}"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver"
export SECURE_SSL_REDIRECT=false   # plain HTTP on 127.0.0.1, as ours in the benchmark
export SECURE_HSTS_SECONDS=0
export PRIMARY_HOST=127.0.0.1     # the admin's base URL; silences wagtailadmin.W003
export DJANGO_LOG_LEVEL="${DJANGO_LOG_LEVEL:-WARNING}"
unset REDIS_URL REDIS_TLS_URL ELASTICSEARCH_ENDPOINT

python_bin="$DIR/.venv/bin/python"

find_python312() {
    if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
    if command -v pyenv > /dev/null; then
        local version
        version="$(pyenv latest 3.12 2> /dev/null || true)"
        if [ -n "$version" ] && [ -x "$(pyenv root)/versions/$version/bin/python3.12" ]; then
            echo "$(pyenv root)/versions/$version/bin/python3.12"
            return
        fi
    fi
    command -v python3.12 || { echo "Python 3.12 not found (pyenv install 3.12, or PYTHON=…)" >&2; exit 1; }
}

find_uv() {
    local here
    here="$(cd "$(dirname "$0")/.." && pwd)"
    command -v uv || { [ -x "$here/.venv-tools/bin/uv" ] && echo "$here/.venv-tools/bin/uv"; } \
        || { [ -x /work/main/.venv-tools/bin/uv ] && echo /work/main/.venv-tools/bin/uv; } || true
}

database_exists() {
    local name="${DATABASE_URL##*/}"
    local server="${DATABASE_URL%/*}/postgres"
    [ "$(psql "$server" -Atc "SELECT 1 FROM pg_database WHERE datname = '$name'")" = "1" ]
}

setup() {
    if [ ! -d "$DIR/.git" ]; then
        mkdir -p "$(dirname "$DIR")"
        git clone --quiet "$BAKERYDEMO_REPO" "$DIR"
    fi
    echo "bakerydemo $(git -C "$DIR" rev-parse --short HEAD) in $DIR"
    local requirements=("-r" "$DIR/requirements/base.txt" "gunicorn")
    # psycopg and whitenoise with the bounds bakerydemo's production requirements give.
    while read -r line; do requirements+=("$line"); done \
        < <(grep -E '^(psycopg|whitenoise)' "$DIR/requirements/production.txt")
    local uv
    uv="$(find_uv)"
    if [ ! -x "$python_bin" ]; then
        if [ -n "$uv" ]; then
            "$uv" venv --quiet --python "$(find_python312)" "$DIR/.venv"
        else
            "$(find_python312)" -m venv "$DIR/.venv"
        fi
    fi
    if [ -n "$uv" ]; then
        "$uv" pip install --quiet --python "$python_bin" "${requirements[@]}"
    else
        "$python_bin" -m pip install --quiet "${requirements[@]}"
    fi
    "$python_bin" -c 'import django, wagtail; print(f"Django {django.__version__}, Wagtail {wagtail.__version__}")'

    if ! database_exists; then
        psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"${DATABASE_URL##*/}\""
    fi
    cd "$DIR"
    "$python_bin" manage.py migrate --no-input -v 0
    if "$python_bin" manage.py shell -c 'import sys; from wagtail.models import Site; sys.exit(0 if Site.objects.filter(site_name="Wagtail Bakery").exists() else 1)'; then
        echo "demo data already loaded"
    else
        "$python_bin" manage.py load_initial_data
    fi
    "$python_bin" manage.py collectstatic --no-input -v 0
    echo "ready: scripts/bakerydemo_setup.sh serve $DIR PORT"
}

serve() {
    local port="${1:?serve DIR PORT}"
    cd "$DIR"
    local options=(--workers 2 --worker-class gthread --threads 4 --bind "127.0.0.1:$port")
    if "$DIR/.venv/bin/gunicorn" --help | grep -q -- --no-control-socket; then
        options+=(--no-control-socket)   # gunicorn ≥ 27: no socket in the home folder
    fi
    exec "$DIR/.venv/bin/gunicorn" bakerydemo.wsgi "${options[@]}"
}

case "$command" in
    setup) setup ;;
    serve) serve "$@" ;;
    run)
        cd "$DIR"
        PATH="$DIR/.venv/bin:$PATH" exec "$@"
        ;;
esac
