"""
Gunicorn's configuration for production: `gunicorn -c gunicorn.conf.py config.wsgi`.

Everything an operator sizes comes from the environment (README: Betrieb, Sizing).
Threads instead of more processes: a request spends most of its time waiting
on PostgreSQL or Redis, and a thread costs far less memory than a worker
process, which holds its own copy of Django, Wagtail and the search
vocabulary. https://docs.gunicorn.org/en/stable/settings.html
"""

import os


def positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    value = int(raw)
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {value}")
    return value


def memory_limit_mb() -> int | None:
    """The container's memory limit (cgroup v2, then v1), else the machine's memory."""
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(path) as limit_file:
                raw = limit_file.read().strip()
        except OSError:
            continue
        # "max" (v2) or a huge number (v1) means no limit: fall through.
        if raw.isdigit() and int(raw) < 1 << 50:
            return int(raw) // (1024 * 1024)
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    except (OSError, ValueError):
        return None


# What one worker process holds after serving pages (measured with `ps -o rss`
# on the demo content, searches included: about 180 MB; README: Betrieb,
# Sizing), with head room.
WORKER_MEMORY_MB = positive_int("GUNICORN_WORKER_MEMORY_MB", 200)


def default_workers() -> int:
    """2 × cores + 1, but no more than fit into half of the memory."""
    by_cores = 2 * (os.cpu_count() or 1) + 1
    memory = memory_limit_mb()
    if memory is None:
        return by_cores
    return max(1, min(by_cores, memory // 2 // WORKER_MEMORY_MB))


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = positive_int("WEB_CONCURRENCY", default_workers())
worker_class = "gthread"
threads = positive_int("GUNICORN_THREADS", 4)

# A request that takes longer than this is a fault: the worker is killed and
# replaced. graceful_timeout: how long a stopping worker may finish its requests.
timeout = positive_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = positive_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# How long an idle keep-alive connection holds a thread. The reverse proxy
# must drop idle connections to us sooner (deploy/Caddyfile: 4 s), or it may
# send a request on a connection gunicorn is just closing: a 502.
keepalive = positive_int("GUNICORN_KEEPALIVE", 5)
# The queue limit: connections waiting for a free thread beyond this are
# refused by the kernel, so an overloaded site fails fast instead of letting
# every client wait for minutes.
backlog = positive_int("GUNICORN_BACKLOG", 256)
# Recycle workers now and then so that a slow leak cannot grow without bound;
# the jitter keeps them from restarting at the same moment.
max_requests = positive_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = positive_int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# No control socket: nothing here uses `gunicornc`, and the socket's default
# place (the home folder) is read-only under the systemd unit and the container.
control_socket_disable = True
# Heartbeat files in memory, not on a disk that may be slow or read-only.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Only a trusted reverse proxy may say the request came over HTTPS
# (X-Forwarded-Proto); the same list as for the client address.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")

# Access log to stdout, where the container runtime or journald collects it.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
if os.environ.get("LOG_FORMAT") == "json":
    # One JSON object a line. Gunicorn fills in the values unescaped, so a
    # request line with a double quote in it is not valid JSON; the fields a
    # log collector filters on (status, duration) are numbers and always are.
    access_log_format = (
        '{"time": "%(t)s", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", '
        '"query": "%(q)s", "status": %(s)s, "bytes": "%(B)s", "duration_us": %(D)s, '
        '"referer": "%(f)s", "user_agent": "%(a)s"}'
    )
