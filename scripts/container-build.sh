#!/usr/bin/env bash
# The container image's build steps, as a script: the Dockerfile runs it, and
# so does CI on a checkout (into a temporary folder), because registry images
# cannot be pulled everywhere the project is tested.
#
#   scripts/container-build.sh install        # uv venv at $VENV, requirements.lock into it
#   scripts/container-build.sh collectstatic  # collected, compressed, hashed static files
#   scripts/container-build.sh verify         # gunicorn.conf.py and the WSGI app load
#
# Several steps may be given at once, in that order. Environment:
#   VENV         the virtualenv to create or use (default /opt/venv)
#   STATIC_ROOT  where collectstatic writes (default /app/staticfiles)
#   PYTHON       the interpreter for the virtualenv (default python3.12)
#   UV           the uv executable (default: uv on PATH)
set -euo pipefail

cd "$(dirname "$0")/.."

VENV=${VENV:-/opt/venv}
STATIC_ROOT=${STATIC_ROOT:-/app/staticfiles}
PYTHON=${PYTHON:-python3.12}
UV=${UV:-uv}

# collectstatic and the checks import the production settings, which insist
# on a secret key. This one exists only during the build and is never written
# into the image: run time reads SECRET_KEY from the environment.
build_environment=(
    DJANGO_SETTINGS_MODULE=config.settings.production
    SECRET_KEY="build-only-$(date +%s%N)"
    STATIC_ROOT="$STATIC_ROOT"
    DATABASE_URL="sqlite:///$(mktemp -u)"
)

install() {
    # --no-cache keeps the image free of uv's download cache; elsewhere the
    # cache makes a repeated install take seconds.
    local cache_flag=()
    [ "${UV_NO_CACHE:-}" = 1 ] && cache_flag=(--no-cache)
    "$UV" venv --quiet --python "$PYTHON" "$VENV"
    "$UV" pip sync --quiet "${cache_flag[@]}" --python "$VENV/bin/python" requirements.lock
}

collectstatic() {
    env "${build_environment[@]}" "$VENV/bin/python" manage.py collectstatic --noinput --verbosity 0
    # WhiteNoise serves the manifest's hashed names; without it every page is a 500.
    test -s "$STATIC_ROOT/staticfiles.json"
    echo "collectstatic: $(find "$STATIC_ROOT" -type f | wc -l) files in $STATIC_ROOT"
}

verify() {
    env "${build_environment[@]}" "$VENV/bin/python" manage.py check --fail-level ERROR
    env "${build_environment[@]}" "$VENV/bin/gunicorn" --check-config -c gunicorn.conf.py config.wsgi
    echo "verify: manage.py check and gunicorn --check-config passed"
}

if [ "$#" -eq 0 ]; then
    set -- install collectstatic verify
fi
for step in "$@"; do
    case "$step" in
        install | collectstatic | verify) "$step" ;;
        *)
            echo "unknown step: $step (install, collectstatic, verify)" >&2
            exit 2
            ;;
    esac
done
