"""
The container's health check: exit 0 when /healthz answers 200, else 1.

The slim image has no curl, so Python's own urllib asks. Run by the
Dockerfile's HEALTHCHECK and compose's healthcheck:
`python scripts/healthcheck.py [PATH]` (default /healthz; HEALTHCHECK_PORT,
default 8000).

Django answers only to a host name in ALLOWED_HOSTS, so the request carries
the first concrete one; X-Forwarded-Proto says https, as the reverse proxy
would, so that production's HTTPS redirect does not answer instead.
"""

import os
import sys
import urllib.error
import urllib.request


def host_header(allowed_hosts: str) -> str:
    for entry in allowed_hosts.split(","):
        name = entry.strip().lstrip(".")
        if name and name != "*":
            return name
    return "localhost"


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "/healthz"
    port = os.environ.get("HEALTHCHECK_PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={
            "Host": host_header(os.environ.get("ALLOWED_HOSTS", "")),
            "X-Forwarded-Proto": "https",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        print(f"health check: {error}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"health check: {path} answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
