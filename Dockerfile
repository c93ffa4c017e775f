# Hanse Wissensnetz: the production image.
#
#   docker build -t wissensnetz .
#   docker run --env-file .env -p 8000:8000 wissensnetz
#
# The RUN steps are scripts/container-build.sh, which CI also runs on a
# checkout (README: Betrieb). Migrations run once per deploy, not from every
# replica: `docker compose run --rm migrate`, or MIGRATE_ON_START=1 on exactly
# one container.

FROM python:3.12-slim-bookworm AS build

# uv from PyPI, pinned: it installs the lock file in seconds instead of minutes.
RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /app
COPY requirements.lock ./
COPY scripts/container-build.sh scripts/
RUN VENV=/opt/venv PYTHON=/usr/local/bin/python3.12 UV_NO_CACHE=1 \
    scripts/container-build.sh install

COPY . .
RUN VENV=/opt/venv STATIC_ROOT=/app/staticfiles scripts/container-build.sh collectstatic verify


FROM python:3.12-slim-bookworm

# libpq comes with psycopg[binary]; nothing else is needed at run time.
# A fixed uid, so that volumes (media) can be prepared with the right owner.
RUN groupadd --system --gid 10001 wissensnetz \
    && useradd --system --uid 10001 --gid wissensnetz --home-dir /app --shell /usr/sbin/nologin wissensnetz \
    && mkdir -p /app/media \
    && chown wissensnetz:wissensnetz /app/media

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app

USER wissensnetz
EXPOSE 8000
VOLUME ["/app/media"]

# No curl in the slim image: Python's urllib asks /healthz (database and cache).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/app/scripts/healthcheck.py"]

ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"]
